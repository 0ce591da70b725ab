import assert from 'node:assert/strict'
import {test} from 'node:test'
import {Histogram, Counter, Registry} from 'prom-client'
import {RouteStats} from '../../src/metrics/route-stats.js'

const OPTIONS = {
  requestsName: 'x_requests_total',
  requestsHelp: 'Requests.',
  latencyName: 'x_seconds',
  latencyHelp: 'Latency.',
  buckets: [0.005, 0.1, 1],
}

test('counts by route and status and a cumulative histogram, sorted by route, in the text exposition format', () => {
  const s = new RouteStats(OPTIONS)
  s.observe('b|/|Prefix', 200, 0.001)
  s.observe('b|/|Prefix', 503, 0.1) // on a bound: counted in that bucket (le is "less than or equal")
  s.observe('b|/|Prefix', 200, 5) // above every bound: only +Inf
  s.observe('a|/x|Exact', 404, 0.02)
  assert.equal(
    s.render(),
    [
      '# HELP x_requests_total Requests.',
      '# TYPE x_requests_total counter',
      'x_requests_total{route="a|/x|Exact",status="404"} 1',
      'x_requests_total{route="b|/|Prefix",status="200"} 2',
      'x_requests_total{route="b|/|Prefix",status="503"} 1',
      '# HELP x_seconds Latency.',
      '# TYPE x_seconds histogram',
      'x_seconds_bucket{le="0.005",route="a|/x|Exact"} 0',
      'x_seconds_bucket{le="0.1",route="a|/x|Exact"} 1',
      'x_seconds_bucket{le="1",route="a|/x|Exact"} 1',
      'x_seconds_bucket{le="+Inf",route="a|/x|Exact"} 1',
      'x_seconds_sum{route="a|/x|Exact"} 0.02',
      'x_seconds_count{route="a|/x|Exact"} 1',
      'x_seconds_bucket{le="0.005",route="b|/|Prefix"} 1',
      'x_seconds_bucket{le="0.1",route="b|/|Prefix"} 2',
      'x_seconds_bucket{le="1",route="b|/|Prefix"} 2',
      'x_seconds_bucket{le="+Inf",route="b|/|Prefix"} 3',
      'x_seconds_sum{route="b|/|Prefix"} 5.101',
      'x_seconds_count{route="b|/|Prefix"} 3',
      '',
    ].join('\n'),
  )
})

test('label values escape backslash, double quote and line feed', () => {
  const s = new RouteStats(OPTIONS)
  s.observe('h|/a"b\\c\nd|Prefix', 200, 0.001)
  assert.match(s.render(), /^x_requests_total\{route="h\|\/a\\"b\\\\c\\nd\|Prefix",status="200"\} 1$/m)
})

test('the same samples as prom-client itself would expose for these observations', async () => {
  const registry = new Registry()
  const requests = new Counter({name: OPTIONS.requestsName, help: OPTIONS.requestsHelp, labelNames: ['route', 'status'], registers: [registry]})
  const latency = new Histogram({name: OPTIONS.latencyName, help: OPTIONS.latencyHelp, labelNames: ['route'], buckets: OPTIONS.buckets, registers: [registry]})
  const s = new RouteStats(OPTIONS)
  const observations: Array<[string, number, number]> = [
    ['a|/|Prefix', 200, 0.004],
    ['a|/|Prefix', 200, 0.3],
    ['a|/|Prefix', 500, 2],
    ['b|/q|Exact', 200, 0.1],
    // More distinct statuses than a route counts inline (the rest overflow to a shared map), status 0 among them.
    ...[200, 201, 0, 404, 500, 502, 503, 201, 503, 0].map((status, i): [string, number, number] => ['c|/|Prefix', status, 0.01 * i]),
  ]
  for (const [route, status, seconds] of observations) {
    requests.inc({route, status: String(status)})
    latency.observe({route}, seconds)
    s.observe(route, status, seconds)
  }
  const samples = (text: string) =>
    text
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        // Compare label sets regardless of their order in the line.
        const m = /^(\w+)\{(.*)\} (\S+)$/.exec(l)!
        return `${m[1]} ${m[2]!.split(',').sort().join(',')} ${Number(m[3])}`
      })
      .sort()
  assert.deepEqual(samples(s.render()), samples(await registry.metrics()))
})

test('hundreds of routes (the shared arrays grow): every route keeps its own counts', () => {
  const s = new RouteStats(OPTIONS)
  const ids = Array.from({length: 300}, (_, i) => `h${String(i).padStart(3, '0')}|/|Prefix`)
  ids.forEach((id, i) => {
    for (let k = 0; k <= i % 3; k++) s.observe(id, 200, 0.001)
    s.observe(id, 404 + (i % 2), 2)
  })
  const text = s.render()
  ids.forEach((id, i) => {
    assert.match(text, new RegExp(`^x_requests_total\\{route="${id.replace(/[|/]/g, '\\$&')}",status="200"\\} ${(i % 3) + 1}$`, 'm'), id)
    assert.match(text, new RegExp(`^x_requests_total\\{route="${id.replace(/[|/]/g, '\\$&')}",status="${404 + (i % 2)}"\\} 1$`, 'm'), id)
    assert.match(text, new RegExp(`^x_seconds_count\\{route="${id.replace(/[|/]/g, '\\$&')}"\\} ${(i % 3) + 2}$`, 'm'), id)
    assert.match(text, new RegExp(`^x_seconds_bucket\\{le="1",route="${id.replace(/[|/]/g, '\\$&')}"\\} ${(i % 3) + 1}$`, 'm'), id)
  })
})

test('retain(): the series of dropped routes go, their slots are reused from zero, and the slots stay bounded over many distinct routes', () => {
  const s = new RouteStats(OPTIONS)
  const ROUNDS = 500
  for (let i = 0; i < ROUNDS; i++) {
    const id = `h|/r${i}|Prefix`
    // Four statuses counted inline and three in the overflow map, so both places are dropped.
    for (const status of [200, 201, 202, 203, 204, 205, 206]) s.observe(id, status, 0.002)
    s.observe('kept|/|Prefix', 200, 0.002)
    s.retain((route) => route === id || route === 'kept|/|Prefix')
    assert.equal(s.size, 2)
  }
  const internals = s as unknown as {latency: Float64Array; overflow: Map<number, number>}
  // Slots for at most three routes (the array's initial size), and only the last route's overflow statuses.
  assert.ok(internals.latency.length <= 64 * (OPTIONS.buckets.length + 3 + 8), `latency array of ${internals.latency.length}`)
  assert.equal(internals.overflow.size, 3)
  s.retain((route) => route === 'kept|/|Prefix')
  s.observe('new|/|Prefix', 404, 0.5)
  const text = s.render()
  assert.doesNotMatch(text, /r\d+\|Prefix/)
  assert.match(text, /^x_requests_total\{route="kept\|\/\|Prefix",status="200"\} 500$/m)
  assert.match(text, /^x_requests_total\{route="new\|\/\|Prefix",status="404"\} 1$/m)
  assert.doesNotMatch(text, /route="new\|\/\|Prefix",status="20\d"/)
  assert.match(text, /^x_seconds_count\{route="new\|\/\|Prefix"\} 1$/m)
  assert.match(text, /^x_seconds_sum\{route="new\|\/\|Prefix"\} 0.5$/m)
})
