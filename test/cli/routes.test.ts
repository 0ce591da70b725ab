import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {ROOT, runCli} from '../run-cli.js'
import {ANY_PORTS, spawnServe} from './serve-process.js'

test('routes -o name: one stable route id per line, nothing else', async () => {
  const r = await runCli(['routes', '-f', 'fixtures/demo', '-o', 'name'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(
    r.stdout,
    ['*.preview.example.com|/|Prefix', 'api.shop.example.com|/v1|Prefix', 'shop.example.com|/|Prefix', 'shop.example.com|/healthz|Exact', ''].join('\n'),
  )
  assert.equal(r.stderr, '')
})

test('routes -o wide: the table\'s columns, then PROTOCOL, CONTROLLER and SOURCE (file:line), and ACTIONS when a route has some', async () => {
  const [wide, table] = await Promise.all([runCli(['routes', '-f', 'fixtures/demo', '-o', 'wide']), runCli(['routes', '-f', 'fixtures/demo', '-o', 'table'])])
  assert.equal(wide.code, 0, wide.stderr)
  const lines = wide.stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^HOST +PATH +PATHTYPE +BACKEND +TLS +INGRESS +PROTOCOL +CONTROLLER +SOURCE +ACTIONS$/)
  assert.match(wide.stdout, /^api\.shop\.example\.com +\/v1 +Prefix +.* shop\/api +http +ingress-nginx +fixtures\/demo\/ingresses\.yaml:\d+ +body-size$/m)
  // The controller's defaults: a 1m body limit everywhere, HSTS on the TLS host.
  assert.match(wide.stdout, /^shop\.example\.com +\/healthz +Exact +.* +fixtures\/demo\/ingresses\.yaml:\d+ +body-size,hsts$/m)
  // Every row starts with the table's own row.
  const tableLines = table.stdout.trimEnd().split('\n')
  assert.equal(lines.length, tableLines.length)
  for (let i = 1; i < lines.length; i++) assert.ok(lines[i]!.startsWith(tableLines[i]!.split(/ +/)[0]!), lines[i])
})

test('-n filters objects read from files too (routes, match, serve); -A keeps every namespace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-ns-'))
  try {
    const ingress = (ns: string, host: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  rules:\n  - host: ${host}\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n`
    writeFileSync(join(dir, 'all.yaml'), `${ingress('prod', 'prod.example.com')}---\n${ingress('staging', 'staging.example.com')}`)
    const names = async (...args: string[]) => (await runCli(['routes', '-f', dir, '-o', 'name', ...args])).stdout.trim().split('\n')
    assert.deepEqual(await names('-n', 'staging'), ['staging.example.com|/|Prefix'])
    assert.deepEqual(await names('-n', 'prod'), ['prod.example.com|/|Prefix'])
    assert.deepEqual(await names('-n', 'prod', '-A'), ['prod.example.com|/|Prefix', 'staging.example.com|/|Prefix'])
    const m = await runCli(['match', '-f', dir, '-n', 'staging', 'http://prod.example.com/', '-o', 'json'])
    assert.equal(m.code, 1, m.stderr)
    const s = spawnServe(['-f', dir, '-n', 'staging', ...ANY_PORTS, '--echo'], {INGRESSCTL_CONFIG_DIR: join(dir, 'cfg')})
    try {
      await s.waitFor('the banner', (out) => /admin +http:/.test(out))
      assert.match(s.stdout(), /^ingressctl \S+ serving 1 route from/)
      assert.match(s.stdout(), /staging\.example\.com\/ \(Prefix\)/)
      assert.doesNotMatch(s.stdout(), /prod\.example\.com/)
      assert.equal(await s.stop(), 0)
    } finally {
      s.proc.kill('SIGKILL')
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
})

test('routes on a terminal: a loading line at once on a large input, erased when the view opens', async (t) => {
  const probe = spawnSync('tmux', ['-V'], {encoding: 'utf8'})
  assert.equal(probe.status, 0, 'tmux is required (apt-get install -y tmux; .ci/run installs it)')
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-large-'))
  const socket = join(dir, 'tmux.sock')
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', timeout: 5000})
  t.after(() => {
    try {
      tmux('kill-server')
    } catch {
      // already gone
    }
    rmSync(dir, {recursive: true, force: true})
  })
  // 2,000 Ingresses of 8 paths: 16,000 routes.
  const docs: string[] = []
  for (let i = 0; i < 2000; i++) {
    const paths = Array.from({length: 8}, (_, p) => `      - {path: /p${p}, pathType: Prefix, backend: {service: {name: s${i}, port: {number: 80}}}}`).join('\n')
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i${i}, namespace: load}\nspec:\n  rules:\n  - host: h${i}.example.com\n    http:\n      paths:\n${paths}\n`)
  }
  writeFileSync(join(dir, 'large.yaml'), docs.join('---\n'))
  tmux('new-session', '-d', '-s', 'routes', '-x', '160', '-y', '40', '-c', ROOT, `CI=0 ${process.execPath} bin/run.js routes -f ${join(dir, 'large.yaml')}`)
  let sawLoading = false
  let screen = ''
  for (let i = 0; i < 600 && !sawLoading; i++) {
    screen = tmux('capture-pane', '-p', '-t', 'routes')
    sawLoading = screen.includes('ingressctl: loading routes from files: ')
    if (!sawLoading) await new Promise((r) => setTimeout(r, 20))
  }
  assert.ok(sawLoading, `no loading line; screen:\n${screen}`)
  // Then the view, and the loading line is gone from it.
  for (let i = 0; i < 600; i++) {
    screen = tmux('capture-pane', '-p', '-t', 'routes')
    if (screen.includes('h0.example.com')) break
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.match(screen, /h0\.example\.com/)
  assert.doesNotMatch(screen, /loading routes/)
  tmux('send-keys', '-t', 'routes', 'q')
})
