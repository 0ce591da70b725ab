import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {InputError} from '../../src/errors.js'
import {caDir, configDir} from '../../src/tls/config-dir.js'
import {DevCA} from '../../src/tls/dev-ca.js'

test('the configuration directory: INGRESSCTL_CONFIG_DIR overrides the OS convention (test/cli/config-dir.test.ts)', () => {
  assert.equal(configDir({INGRESSCTL_CONFIG_DIR: '/x/cfg', XDG_CONFIG_HOME: '/y'}), '/x/cfg')
  assert.equal(caDir({INGRESSCTL_CONFIG_DIR: '/x/cfg'}), join('/x/cfg', 'ca'))
})

test('the development CA is created once (key file 0600), then reused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-ca-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const caPath = join(dir, 'ca')
  const first = await DevCA.loadOrCreate(caPath)
  assert.equal(first.created, true)
  if (process.platform !== 'win32') assert.equal(statSync(first.keyPath).mode & 0o777, 0o600)
  const x = new X509Certificate(readFileSync(first.certPath))
  assert.equal(x.ca, true)
  assert.match(x.subject, /CN=ingressctl development CA/)

  const again = await DevCA.loadOrCreate(caPath)
  assert.equal(again.created, false)
  assert.equal(again.certPem, first.certPem)

  // The key never shows up when the CA is serialized.
  const json = JSON.stringify(again)
  assert.ok(!json.includes('PRIVATE KEY'), json)
  assert.ok(!Object.values(again).some((v) => typeof v === 'string' && v.includes('PRIVATE KEY')))
})

test('leaf certificates chain to the CA and name the host', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-ca-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const ca = await DevCA.loadOrCreate(join(dir, 'ca'))
  const leaf = await ca.issue('app.example.test')
  const x = new X509Certificate(leaf.cert)
  const caX = new X509Certificate(ca.certPem)
  assert.ok(x.checkIssued(caX))
  assert.ok(x.verify(caX.publicKey))
  assert.equal(x.checkHost('app.example.test'), 'app.example.test')
  assert.equal(x.checkHost('other.example.test'), undefined)
  assert.equal(x.ca, false)
  const local = new X509Certificate((await ca.issue(undefined)).cert)
  assert.equal(local.checkIP('127.0.0.1'), '127.0.0.1')
  assert.equal(local.checkHost('localhost'), 'localhost')
})

test('an unusable CA directory is an InputError with what to do, not a crash', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-ca-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const caPath = join(dir, 'ca')
  await DevCA.loadOrCreate(caPath)
  writeFileSync(join(caPath, 'ca.key'), 'not a key\n')
  await assert.rejects(DevCA.loadOrCreate(caPath), (e: unknown) => e instanceof InputError && /cannot use the development CA/.test(e.message) && /delete/.test(e.hint ?? ''))
})

test('the certificate for clients without SNI is stored beside the CA and reused; a broken or foreign one is replaced', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-ca-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const ca = await DevCA.loadOrCreate(join(dir, 'ca'))
  const first = await ca.defaultCertificate()
  const x = new X509Certificate(first.cert)
  assert.ok(x.verify(new X509Certificate(ca.certPem).publicKey))
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1')
  assert.equal(x.checkHost('localhost'), 'localhost')
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, 'ca', 'localhost.key')).mode & 0o777, 0o600)
  assert.deepEqual(await ca.defaultCertificate(), first, 'reused, not issued again')
  assert.deepEqual(await (await DevCA.loadOrCreate(join(dir, 'ca'))).defaultCertificate(), first, 'reused by the next process')

  // A certificate from another CA (e.g. the CA directory was recreated) is not served.
  const other = await DevCA.loadOrCreate(join(dir, 'other'))
  writeFileSync(join(dir, 'ca', 'localhost.crt'), (await other.defaultCertificate()).cert)
  const replaced = await ca.defaultCertificate()
  assert.notEqual(replaced.cert, first.cert)
  assert.ok(new X509Certificate(replaced.cert).verify(new X509Certificate(ca.certPem).publicKey))

  // An unreadable key: replaced too.
  writeFileSync(join(dir, 'ca', 'localhost.key'), 'not a key')
  const again = await ca.defaultCertificate()
  assert.notEqual(again.cert, replaced.cert)
  assert.equal(readFileSync(join(dir, 'ca', 'localhost.key'), 'utf8'), again.key)
})
