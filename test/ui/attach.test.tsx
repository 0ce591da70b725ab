import assert from 'node:assert/strict'
import {createServer} from 'node:net'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {AdminServer} from '../../src/admin/admin-server.js'
import {LiveTable} from '../../src/live/live-table.js'
import {GatewayMetrics} from '../../src/metrics/gateway-metrics.js'
import {FileSource} from '../../src/sources/file-source.js'
import {parsePrometheusText} from '../../src/ui/attach/prom-text.js'
import {histogramQuantile, routeStats, toScrape} from '../../src/ui/attach/route-stats.js'
import {App} from '../../src/ui/app.js'
import {compiledFixture, feedOfCompiled} from './helpers/compiled.js'
import {frameWith, lineWith, waitFor} from './helpers/wait.js'

const ROUTE = 'shop.example.com|/|Prefix'

function record(status: number, seconds: number) {
  return {time: 0, method: 'GET', host: 'shop.example.com', path: '/', status, bytes: 0, durationMs: seconds * 1000, route: ROUTE}
}

test('the /metrics text is parsed: counters by route and status, histogram buckets, escaped labels', async () => {
  const m = new GatewayMetrics()
  m.observe(record(200, 0.003))
  m.observe({...record(200, 0.003), route: 'a|/"q"\\x|Exact'})
  const samples = parsePrometheusText(await m.text())
  const req = samples.filter((s) => s.name === 'ingressctl_requests_total')
  // Sorted by route id.
  assert.deepEqual(req.map((s) => [s.labels.route, s.labels.status, s.value]), [
    ['a|/"q"\\x|Exact', '200', 1],
    [ROUTE, '200', 1],
  ])
  const inf = samples.find((s) => s.name === 'ingressctl_request_duration_seconds_bucket' && s.labels.route === ROUTE && s.labels.le === '+Inf')
  assert.equal(inf?.value, 1)
})

test('per-route rates between two scrapes: requests/s, 5xx share, p99 from histogram deltas', async () => {
  const m = new GatewayMetrics()
  m.observe(record(200, 0.2)) // before the first scrape: not in the deltas
  const first = toScrape(parsePrometheusText(await m.text()), 10_000)
  for (let i = 0; i < 98; i++) m.observe(record(200, 0.003))
  m.observe(record(503, 0.003))
  m.observe(record(200, 2))
  const second = toScrape(parsePrometheusText(await m.text()), 12_000)
  const s = routeStats(first, second).get(ROUTE)!
  assert.equal(s.rps, 50) // 100 requests in 2 s
  assert.equal(s.errorRate, 0.01)
  // 99 of 100 in the (0.0025, 0.005] bucket: rank 99 is reached at its upper bound.
  assert.equal(s.p99, 0.005)
  // A restarted serve (counters went down): the new values are the deltas.
  const restarted = toScrape(parsePrometheusText(await new GatewayMetrics().text()), 14_000)
  assert.equal(routeStats(second, restarted).get(ROUTE), undefined)
  assert.equal(histogramQuantile(0.5, [[0.1, 0], [Infinity, 0]]), undefined)
  // rank 15 of 30: 5 of the 20 requests into the (0.1, 0.2] bucket → 0.1 + 0.1 × 5/20
  assert.equal(histogramQuantile(0.5, [[0.1, 10], [0.2, 30], [Infinity, 30]]), 0.125)
})

test('--attach polls a running admin API and shows REQ/S, ERR% and P99 per route', async (t) => {
  const shop = compiledFixture('shop.yaml')
  const live = new LiveTable(new FileSource([shop.file]))
  assert.ok(live.apply({snapshot: shop.snapshot, diagnostics: [], partial: false}))
  const metrics = new GatewayMetrics()
  const admin = new AdminServer({live, metrics, listening: () => true})
  const addr = await admin.listen(0, '127.0.0.1')
  t.after(() => new Promise<void>((res) => admin.server.close(() => res())))
  const url = `http://127.0.0.1:${addr.port}`
  const r = render(<App feed={feedOfCompiled(shop)} attachUrl={url} attachIntervalMs={250} width={160} height={30} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, `attached ${url}`)
  assert.match(r.lastFrame()!, /REQ\/S +ERR% +P99/)
  // first scrape done: everything observed now falls between two scrapes
  const scrapes = () => r.frames.length
  const before = scrapes()
  await waitFor('a second scrape', () => scrapes() > before)
  for (let i = 0; i < 99; i++) metrics.observe(record(200, 0.003))
  metrics.observe(record(500, 0.003))
  const frame = await waitFor('a frame with the stats', () => r.frames.find((f) => / 1\.0% +5\.0ms/.test(lineWith(f, 'storefront:http') ?? '')))
  assert.match(lineWith(frame, 'storefront:http')!, / \d+(\.\d)? +1\.0% +5\.0ms/)
  assert.match(lineWith(frame, 'api-exact:80')!, / - +- +-$/, 'a route the gateway never served has no series')
})

test('--attach to an address where nothing listens says so in the header', async (t) => {
  const port = await new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as {port: number}).port
      s.close(() => res(p))
    })
  })
  const shop = compiledFixture('shop.yaml')
  const r = render(<App feed={feedOfCompiled(shop)} attachUrl={`http://127.0.0.1:${port}`} attachIntervalMs={200} width={200} height={30} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, `attach: http://127.0.0.1:${port}/metrics: ECONNREFUSED`)
})
