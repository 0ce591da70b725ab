import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {eventually, get, ingressYaml, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let backend: Backend
let served: Served

before(async () => {
  tmp = tempDir()
  backend = await startBackend('web')
  tmp.write('k8s/a.yaml', ingressYaml({name: 'web', host: 'web.test', path: '/v0', service: 'web', port: 80}))
  served = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: [`web=http://127.0.0.1:${backend.port}`], accessLog: false})
})

after(async () => {
  await served?.stop()
  await backend?.close()
  tmp?.cleanup()
})

/** The distinct `route` label values of the per-route series in a scrape. */
function routeLabels(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(/^ingressctl_(?:requests_total|request_duration_seconds_count|upstream_errors_total)\{[^}]*route="([^"]*)"/gm)) out.add(m[1]!)
  return [...out].sort()
}

test('the per-route series follow the table: after 12 reloads, each with a route id never served before, only the current routes have series', async () => {
  const admin = served.running.adminPort
  const http = served.running.httpPort
  const ROUNDS = 12
  for (let i = 0; i < ROUNDS; i++) {
    if (i > 0) {
      // A new path (a new route id) on the served Service, and one on a Service with no endpoints (an upstream error).
      tmp.write(
        'k8s/a.yaml',
        [ingressYaml({name: 'web', host: 'web.test', path: `/v${i}`, service: 'web', port: 80}), ingressYaml({name: 'gone', host: 'gone.test', path: `/g${i}`, service: 'gone', port: 80})].join('---\n'),
      )
      await eventually(async () => (await get(http, `/v${i}`, {host: 'web.test'})).status === 200, `the table with /v${i}`)
      assert.equal((await get(http, `/g${i}`, {host: 'gone.test'})).status, 503)
    } else {
      assert.equal((await get(http, '/v0', {host: 'web.test'})).status, 200)
    }
    assert.equal((await get(http, '/', {host: 'none.test'})).status, 404)
  }
  const m = await get(admin, '/metrics')
  const last = ROUNDS - 1
  assert.deepEqual(routeLabels(m.body), [`gone.test|/g${last}|Prefix`, 'none', `web.test|/v${last}|Prefix`])
  // The current routes' counts are their own (a reused slot starts from zero); requests that matched no route keep counting.
  assert.match(m.body, new RegExp(`^ingressctl_requests_total\\{route="web\\.test\\|/v${last}\\|Prefix",status="200"\\} 1$`, 'm'))
  assert.match(m.body, new RegExp(`^ingressctl_upstream_errors_total\\{route="gone\\.test\\|/g${last}\\|Prefix",kind="unresolved"\\} 1$`, 'm'))
  // (the polls for each new table count there too, so at least one per round)
  const none = Number(/^ingressctl_requests_total\{route="none",status="404"\} (\d+)$/m.exec(m.body)?.[1])
  assert.ok(none >= ROUNDS, `${none} requests with no route`)
})
