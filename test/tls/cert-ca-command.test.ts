import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {X509Certificate} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'

const root = new URL('../../../', import.meta.url).pathname

test('ingressctl cert ca prints the CA path and how to trust it, never the key', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-cfg-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const env = {...process.env, INGRESSCTL_CONFIG_DIR: dir}
  const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), 'cert', 'ca'], {env, encoding: 'utf8', timeout: 30_000})
  assert.equal(r.status, 0, r.stderr)
  const certPath = join(dir, 'ca', 'ca.crt')
  assert.ok(r.stdout.includes(`Development CA certificate: ${certPath}`), r.stdout)
  assert.ok(r.stdout.includes(`curl --cacert ${certPath}`))
  assert.ok(r.stdout.includes(`NODE_EXTRA_CA_CERTS=${certPath}`))
  assert.match(r.stdout, /update-ca-certificates/)
  assert.match(r.stdout, /security add-trusted-cert/)
  assert.match(r.stdout, /Import-Certificate/)
  assert.ok(!r.stdout.includes('PRIVATE KEY') && !r.stderr.includes('PRIVATE KEY'))
  const fp = new X509Certificate(readFileSync(certPath)).fingerprint256
  assert.ok(r.stdout.includes(fp))
  assert.ok(existsSync(join(dir, 'ca', 'ca.key')))

  const p = spawnSync(process.execPath, [join(root, 'bin/run.js'), 'cert', 'ca', '--path'], {env, encoding: 'utf8', timeout: 30_000})
  assert.equal(p.status, 0, p.stderr)
  assert.equal(p.stdout, `${certPath}\n`)
})
