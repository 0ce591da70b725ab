import assert from 'node:assert/strict'
import {test} from 'node:test'
import {fx, startHarness} from '../cluster/helpers.js'
import {eventually, get, serve, startBackend, tempDir} from './helpers.js'

test('cluster mode: serves the Ingresses of a context, --upstream direct to the ready EndpointSlice addresses, and follows changes', async (t) => {
  const h = await startHarness()
  t.after(() => h.close())
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  const web = await startBackend('web')
  t.after(() => web.close())
  h.api.seed(
    fx.namespace('shop'),
    fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: web.port}]),
    fx.endpointSlice('shop', 'web-1', 'web', [{ip: '127.0.0.1', pod: 'web-1'}], [{name: 'http', port: web.port}]),
    fx.ingress('shop', 'web', {rules: [{host: 'web.test', paths: [{path: '/', service: 'web', port: 'http'}]}]}),
  )
  const s = await serve([], {caDir: `${tmp.dir}/ca`, kubeconfig: h.kubeconfig, context: 'staging', upstream: 'direct'})
  t.after(() => s.stop())
  assert.match(s.stdout.text, /upstreams: direct/)
  const r = await get(s.running.httpPort, '/hello', {host: 'web.test'})
  assert.equal(r.status, 200)
  assert.equal(JSON.parse(r.body).backend, 'web')

  h.api.seed(fx.ingress('shop', 'more', {rules: [{host: 'more.test', paths: [{path: '/', service: 'web', port: 'http'}]}]}))
  await eventually(async () => (await get(s.running.httpPort, '/', {host: 'more.test'})).status === 200, 'the new Ingress')
  assert.equal((await get(s.running.adminPort, '/readyz')).status, 200)

  // The API server goes away: not ready (with the reason), still serving the last table.
  await h.api.close()
  await eventually(async () => (await get(s.running.adminPort, '/readyz')).status === 503, '/readyz to turn 503', 400)
  const ready = await get(s.running.adminPort, '/readyz')
  assert.match(ready.body, /^source is (reconnecting|stale) since \d{4}-/)
  // ...and says so once in the log, with the reason and that the last good table is still served.
  assert.match(s.stderr.text, /source (reconnecting|stale): .+; serving the last good table/)
  assert.equal((await get(s.running.httpPort, '/', {host: 'web.test'})).status, 200)
  const routes = JSON.parse((await get(s.running.adminPort, '/routes')).body)
  assert.notEqual(routes.source.status, 'live')
})
