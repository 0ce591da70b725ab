import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {eventually, get, ingressYaml, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let backend: Backend
let served: Served

before(async () => {
  tmp = tempDir()
  backend = await startBackend('web')
  tmp.write('k8s/a.yaml', [ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}), ingressYaml({name: 'gone', host: 'gone.test', service: 'gone', port: 80})].join('---\n'))
  served = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: [`web=http://127.0.0.1:${backend.port}`], logFormat: 'json'})
})

after(async () => {
  await served?.stop()
  await backend?.close()
  tmp?.cleanup()
})

function metric(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue
    const m = /^[^{]+\{([^}]*)\} (\S+)$/.exec(line)
    if (!m) continue
    const got = Object.fromEntries(m[1]!.split(/,(?=\w+=)/).map((kv) => [kv.slice(0, kv.indexOf('=')), JSON.parse(kv.slice(kv.indexOf('=') + 1))]))
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[2])
  }
  return undefined
}

test('/healthz and /readyz answer 200 once listening with a table loaded', async () => {
  const h = await get(served.running.adminPort, '/healthz')
  assert.equal(h.status, 200)
  const r = await get(served.running.adminPort, '/readyz')
  assert.equal(r.status, 200)
  assert.equal(r.body, 'ok\n')
  assert.equal((await get(served.running.adminPort, '/nope')).status, 404)
})

test('/routes is the compiled table as JSON plus the source state', async () => {
  const r = await get(served.running.adminPort, '/routes')
  assert.equal(r.status, 200)
  const data = JSON.parse(r.body)
  assert.deepEqual(
    data.routes.map((x: {id: string}) => x.id),
    ['gone.test|/|Prefix', 'web.test|/|Prefix'],
  )
  assert.equal(data.routes[1].backend.service.name, 'web')
  assert.equal(data.source.status, 'live')
  assert.match(data.source.label, /^files: /)
  assert.equal(data.loaded, true)
  assert.equal(data.generation, 1)
  assert.equal(data.lastError, null)
})

test('/metrics counts requests by route and status, latency, upstream errors and reloads', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await get(served.running.httpPort, '/', {host: 'web.test'})).status, 200)
  assert.equal((await get(served.running.httpPort, '/', {host: 'gone.test'})).status, 503)
  assert.equal((await get(served.running.httpPort, '/', {host: 'none.test'})).status, 404)
  const m = await get(served.running.adminPort, '/metrics')
  assert.equal(m.status, 200)
  assert.match(String(m.headers['content-type']), /text\/plain/)
  assert.equal(metric(m.body, 'ingressctl_requests_total', {route: 'web.test|/|Prefix', status: '200'}), 3)
  assert.equal(metric(m.body, 'ingressctl_requests_total', {route: 'gone.test|/|Prefix', status: '503'}), 1)
  assert.equal(metric(m.body, 'ingressctl_requests_total', {route: 'none', status: '404'}), 1)
  assert.equal(metric(m.body, 'ingressctl_request_duration_seconds_count', {route: 'web.test|/|Prefix'}), 3)
  assert.equal(metric(m.body, 'ingressctl_upstream_errors_total', {route: 'gone.test|/|Prefix', kind: 'unresolved'}), 1)
  assert.equal(metric(m.body, 'ingressctl_reloads_total', {result: 'success'}), 0)
  assert.equal(metric(m.body, 'ingressctl_reloads_total', {result: 'failure'}), 0)
  assert.match(m.body, /^ingressctl_active_connections \d+$/m)
  assert.match(m.body, /^ingressctl_routes 2$/m)
})

test('--log-format json: one JSON access log line per request with the route and upstream', async () => {
  await get(served.running.httpPort, '/json-line?q=1', {host: 'web.test'})
  await eventually(() => served.stdout.text.includes('/json-line'), 'the access log line')
  const line = served.stdout.lines().find((l) => l.includes('/json-line'))
  assert.ok(line, served.stdout.text)
  const rec = JSON.parse(line)
  assert.equal(rec.method, 'GET')
  assert.equal(rec.host, 'web.test')
  assert.equal(rec.path, '/json-line?q=1')
  assert.equal(rec.status, 200)
  assert.equal(rec.route, 'web.test|/|Prefix')
  assert.equal(rec.upstream, `127.0.0.1:${backend.port}`)
  assert.equal(typeof rec.bytes, 'number')
  assert.ok(rec.bytes > 0)
  assert.equal(typeof rec.duration_ms, 'number')
  assert.match(rec.time, /^\d{4}-\d\d-\d\dT/)
})

test('--log-format text: method host path status bytes duration route upstream on one line', async (t) => {
  const s = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: [`web=http://127.0.0.1:${backend.port}`], logFormat: 'text'})
  t.after(() => s.stop())
  const r = await get(s.running.httpPort, '/text-line', {host: 'web.test'})
  await eventually(() => s.stdout.text.includes('/text-line'), 'the access log line')
  const line = s.stdout.lines().find((l) => l.includes('/text-line'))
  assert.ok(line, s.stdout.text)
  const f = line.split(' ')
  assert.match(f[0]!, /^\d{4}-\d\d-\d\dT/)
  assert.deepEqual(f.slice(1, 6), ['GET', 'web.test', '/text-line', '200', `${Buffer.byteLength(r.body)}B`])
  assert.match(f[6]!, /^\d+\.\dms$/)
  assert.equal(f[7], 'route=web.test|/|Prefix')
  assert.equal(f[8], `upstream=127.0.0.1:${backend.port}`)
  const miss = await get(s.running.httpPort, '/x', {host: 'none.test'})
  assert.equal(miss.status, 404)
  await eventually(() => s.stdout.text.includes(' /x '), 'the access log line')
  assert.ok(s.stdout.lines().some((l) => / GET none\.test \/x 404 \d+B [\d.]+ms route=- upstream=- /.test(l)), s.stdout.text)
})

test('on a terminal the access log is one compact line per request; accessLog: false (--no-access-log) silences it', async (t) => {
  const {Capture} = await import('./helpers.js')
  const {startServe} = await import('../../src/serve/serve.js')
  for (const accessLog of [undefined, false]) {
    const tty = new Capture()
    tty.isTTY = true
    const running = await startServe({
      files: [`${tmp.dir}/k8s`],
      address: '127.0.0.1',
      httpPort: 0,
      httpsPort: 0,
      adminPort: 0,
      adminAddress: '127.0.0.1',
      maps: [`web=http://127.0.0.1:${backend.port}`],
      echo: false,
      upstream: 'auto',
      connectTimeoutMs: 2000,
      upstreamTimeoutMs: 5000,
      drainTimeoutMs: 1000,
      logFormat: 'text',
      ...(accessLog === undefined ? {} : {accessLog}),
      stdout: tty,
      stderr: new Capture(),
      caDir: `${tmp.dir}/ca`,
    })
    t.after(() => running.shutdown())
    await get(running.httpPort, '/quiet', {host: 'web.test'})
    assert.ok(tty.text.includes('routes:'), 'banner printed')
    if (accessLog === false) {
      assert.ok(!tty.text.includes('/quiet'), tty.text)
    } else {
      await eventually(() => tty.text.includes('/quiet'), 'the access log line')
      assert.match(tty.text, new RegExp(`^\\d\\d:\\d\\d:\\d\\d GET web\\.test/quiet 200 [\\d.]+ms → 127\\.0\\.0\\.1:${backend.port}$`, 'm'))
    }
  }
})
