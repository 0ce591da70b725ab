#!/usr/bin/env node
// `npm run soak`: the gateway (the real binary, `serve -f DIR`) under bounded
// load for SOAK_SECONDS (default 600) while its manifests are rewritten every
// second (hot reload) and the endpoints of its two Services churn among live
// local upstreams (EndpointSlices coming and going). Prints the requests
// answered and failed (target 0), the reloads applied, and, measured after a
// warm-up, the gateway's memory and file descriptors over time:
//  - RSS every 5 s: start/end/peak, the median of the first and of the last
//    minute, and a least-squares slope (MiB per minute);
//  - the JS heap in use right after a forced full GC (through the inspector
//    of the soak's own child, bound to 127.0.0.1; normal `serve` has no
//    inspector), every 30 s: the figure that tells a leak (live objects that
//    keep growing) apart from the allocator and V8 sizing their heaps;
//  - open fds: start, end, and the maximum.
// Verdict: growth of the last-minute median RSS over the first-minute median
// (target < 10%), and of the heap after GC, last vs first (target < 10%).
// Exit status 1 when a request failed, the gateway died, or a target is missed.
//   SOAK_SECONDS=60 npm run soak      a short run
//   SOAK_RPS=200 SOAK_CONCURRENCY=8   the load (requests per second, in flight)
//   SOAK_WARMUP=60                    warm-up seconds (default: 60, at most a fifth of the run)
//   SOAK_GC_SECONDS=30                how often the heap is measured after a forced GC
//   SOAK_HEAPSNAPSHOT=1               also compare heap snapshots (after warm-up, at the end):
//                                     object counts by constructor that grew
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import WebSocket from 'ws'

const root = new URL('..', import.meta.url).pathname
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const RPS = Number(process.env.SOAK_RPS ?? 200)
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8)
const UPSTREAMS_PER_SERVICE = 4
// The warm-up, from measurements of this soak (RSS every 5 s, heap after a forced GC every 10-30 s,
// from the first request, two runs of 4 and 5 minutes): the live heap is at its level from the
// first sample on (41.3 MiB at 10 s, then 41.2-41.9 MiB to the end), but RSS runs high for the
// first ~30 s (150-164 MiB: start-up, code compiled and optimised) and then follows a saw-tooth
// between ~117 and ~150 MiB with a period of ~30 s (the old generation filling up until a full
// collection gives pages back). One RSS sample is thus off by up to ±15% wherever it is taken,
// and a 10 s warm-up measured the start-up level. 60 s leaves the start-up out and makes the
// first minute's median (two periods of the saw-tooth) comparable to the last minute's.
const WARMUP_MS = Math.min(Number(process.env.SOAK_WARMUP ?? 60) * 1000, (SECONDS * 1000) / 5)
const HEAPSNAPSHOT = process.env.SOAK_HEAPSNAPSHOT === '1'
// A heap snapshot stops the gateway for seconds (over 10 s on a loaded machine), and building it
// takes native memory the allocator keeps: in that mode requests may wait longer, and RSS is no verdict.
const REQUEST_TIMEOUT_MS = HEAPSNAPSHOT ? 120_000 : 10_000
const GC_EVERY_MS = Number(process.env.SOAK_GC_SECONDS ?? 30) * 1000

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** A live local upstream naming its Service in every answer. */
async function upstream(service, i) {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const body = `${service} ${i} ${req.url}\n`
      res.writeHead(200, {'content-type': 'text/plain', 'content-length': Buffer.byteLength(body)})
      res.end(body)
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {service, port: server.address().port, server}
}

function ingressYaml(tick) {
  // The extra path comes and goes, with a route id never seen before each time, and an annotation
  // changes, at every reload.
  const extra = tick % 2 === 0 ? `      - path: /extra-${tick}\n        pathType: Exact\n        backend:\n          service:\n            name: web\n            port:\n              name: http\n` : ''
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: soak
  namespace: default
  annotations:
    soak/tick: "${tick}"
spec:
  rules:
  - host: soak.test
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: http
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              name: http
${extra}`
}

function servicesYaml() {
  return ['web', 'api'].map((name) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  ports:\n  - name: http\n    port: 80\n`).join('---\n')
}

/** One EndpointSlice per upstream port (a slice has one port list); only the chosen ones. */
function slicesYaml(chosen) {
  return chosen
    .map(
      (u) =>
        `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${u.service}-${u.port}\n  namespace: default\n  labels:\n    kubernetes.io/service-name: ${u.service}\naddressType: IPv4\nports:\n- name: http\n  port: ${u.port}\nendpoints:\n- addresses: ["127.0.0.1"]\n  conditions:\n    ready: true\n`,
    )
    .join('---\n')
}

/** A random non-empty subset of each Service's upstreams. */
function churn(ups) {
  const out = []
  for (const service of ['web', 'api']) {
    const mine = ups.filter((u) => u.service === service)
    const some = mine.filter(() => Math.random() < 0.5)
    out.push(...(some.length > 0 ? some : [mine[Math.floor(Math.random() * mine.length)]]))
  }
  return out
}

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : NaN
}
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`
const pct = (from, to) => {
  const g = ((to - from) / from) * 100
  return `${g >= 0 ? '+' : ''}${g.toFixed(1)}%`
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
/** Least-squares slope of [ms, value] points, per minute. */
function slopePerMinute(points) {
  const n = points.length
  if (n < 2) return NaN
  const mx = points.reduce((a, p) => a + p[0], 0) / n
  const my = points.reduce((a, p) => a + p[1], 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return (num / den) * 60_000
}

/** The child's inspector (Chrome DevTools Protocol over a loopback WebSocket). */
async function inspector(port) {
  let list
  for (let i = 0; ; i++) {
    list = await new Promise((resolve) => {
      http.get({host: '127.0.0.1', port, path: '/json/list'}, (res) => {
        let b = ''
        res.on('data', (d) => (b += d))
        res.on('end', () => resolve(b))
      }).on('error', () => resolve(undefined))
    })
    if (list !== undefined) break
    if (i > 200) throw new Error('the gateway\'s inspector did not answer within 20 s')
    await sleep(100)
  }
  const ws = new WebSocket(JSON.parse(list)[0].webSocketDebuggerUrl, {perMessageDeflate: false, maxPayload: 2 ** 31})
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let id = 0
  const pending = new Map()
  const listeners = new Map()
  ws.on('message', (data) => {
    const msg = JSON.parse(data)
    if (msg.id !== undefined) {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error) p?.reject(new Error(msg.error.message))
      else p?.resolve(msg.result)
    } else listeners.get(msg.method)?.(msg.params)
  })
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      pending.set(++id, {resolve, reject})
      ws.send(JSON.stringify({id, method, params}))
    })
  return {
    send,
    on: (method, fn) => listeners.set(method, fn),
    close: () => ws.terminate(),
    /** JS heap in use (bytes) right after a full, forced collection. */
    async heapAfterGc() {
      await send('HeapProfiler.collectGarbage')
      const {usedSize} = await send('Runtime.getHeapUsage')
      return usedSize
    },
    /** A heap snapshot's object counts by type and constructor name. */
    async heapCounts() {
      const chunks = []
      listeners.set('HeapProfiler.addHeapSnapshotChunk', ({chunk}) => chunks.push(chunk))
      await send('HeapProfiler.takeHeapSnapshot', {reportProgress: false})
      listeners.delete('HeapProfiler.addHeapSnapshotChunk')
      const snap = JSON.parse(chunks.join(''))
      const fields = snap.snapshot.meta.node_fields
      const types = snap.snapshot.meta.node_types[0]
      const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f))
      const counts = new Map()
      for (let i = 0; i < snap.nodes.length; i += fields.length) {
        const type = types[snap.nodes[i + ti]]
        if (type === 'hidden' || type === 'synthetic' || type === 'number') continue
        const name = type === 'object' || type === 'closure' || type === 'native' ? snap.strings[snap.nodes[i + ni]] : `(${type})`
        const key = `${type} ${name.slice(0, 60)}`
        const c = counts.get(key) ?? {count: 0, bytes: 0}
        c.count++
        c.bytes += snap.nodes[i + si]
        counts.set(key, c)
      }
      return counts
    },
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ingressctl-soak-'))
const staging = mkdtempSync(join(tmpdir(), 'ingressctl-soak-staging-'))
/**
 * Replaces a manifest whole (written beside, then renamed over it), as `kubectl`-driven tools and
 * most editors save. Written in place, the gateway's watcher can read the file between the
 * truncation and the write on a loaded machine, and serve a table without its EndpointSlices for
 * a moment (503s): a race of the writer, not a fault of the gateway under test.
 */
function put(name, text) {
  writeFileSync(join(staging, name), text)
  renameSync(join(staging, name), join(dir, name))
}
const ups = []
for (const service of ['web', 'api']) for (let i = 0; i < UPSTREAMS_PER_SERVICE; i++) ups.push(await upstream(service, i))
let tick = 0
put('ingress.yaml', ingressYaml(tick))
put('services.yaml', servicesYaml())
put('slices.yaml', slicesYaml(churn(ups)))

const httpPort = await freePort()
const adminPort = await freePort()
const inspectPort = await freePort()
// The inspector is the soak's own: bound to loopback, in this child only.
const child = spawn(process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, join(root, 'bin/run.js'), 'serve', '-f', dir, '--address', '127.0.0.1', '--http-port', String(httpPort), '--https-port', '0', '--admin-port', String(adminPort), '--no-access-log'], {
  stdio: ['ignore', 'pipe', 'pipe'],
})
let childLog = ''
child.stdout.on('data', (d) => (childLog = (childLog + d).slice(-20_000)))
child.stderr.on('data', (d) => (childLog = (childLog + d).slice(-20_000)))
let exited
child.on('exit', (code, signal) => (exited = {code, signal}))

// Ready when a request is routed.
const agent = new http.Agent({keepAlive: true, maxSockets: CONCURRENCY})
function get(path, fresh) {
  return new Promise((resolve) => {
    const req = http.request({host: '127.0.0.1', port: httpPort, path, headers: {host: 'soak.test'}, agent: fresh ? false : agent}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({status: res.statusCode, body}))
      res.on('error', (e) => resolve({error: e.message}))
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS / 1000} s`)))
    req.on('error', (e) => resolve({error: e.code ?? e.message}))
    req.end()
  })
}
for (let i = 0; ; i++) {
  if (exited) throw new Error(`the gateway exited at start: ${JSON.stringify(exited)}\n${childLog}`)
  const r = await get('/ready')
  if (r.status === 200) break
  if (i > 200) throw new Error(`the gateway did not serve within 20 s\n${childLog}`)
  await sleep(100)
}

const insp = await inspector(inspectPort)
const start = Date.now()
const end = start + SECONDS * 1000
let done = 0
let failed = 0
let reloads = 0
const failures = new Map()
/** [ms since start, KiB] every 5 s; [ms, bytes] of heap in use after a forced GC every 30 s; [ms, count] of fds. */
const rssSamples = []
const heapSamples = []
const fdSamples = []
let startCounts

// Reloads: every second, the Ingress changes and the endpoints churn.
const reloader = setInterval(() => {
  tick++
  put('ingress.yaml', ingressYaml(tick))
  put('slices.yaml', slicesYaml(churn(ups)))
  reloads++
}, 1000)
const sampler = setInterval(() => {
  if (exited) return
  const t = Date.now() - start
  rssSamples.push([t, rssKiB(child.pid)])
  fdSamples.push([t, fds(child.pid)])
}, 5000)
let gcBusy = false
const gcSampler = setInterval(async () => {
  if (exited || gcBusy) return
  gcBusy = true
  try {
    const t = Date.now() - start
    heapSamples.push([t, await insp.heapAfterGc()])
    if (HEAPSNAPSHOT && startCounts === undefined && t >= WARMUP_MS) startCounts = await insp.heapCounts()
  } catch {
    // the gateway went away; reported below
  } finally {
    gcBusy = false
  }
}, GC_EVERY_MS)
const progress = setInterval(() => {
  const s = Math.round((Date.now() - start) / 1000)
  const heap = heapSamples.at(-1)
  console.log(`${String(s).padStart(4)} s  ${done} requests  ${failed} failed  ${reloads} reloads  RSS ${exited ? '-' : mib(rssKiB(child.pid))}  heap after GC ${heap ? mib(heap[1] / 1024) : '-'}  fds ${exited ? '-' : fds(child.pid)}`)
}, 60_000)

// Bounded load: CONCURRENCY workers sharing RPS; one request in ten on a new connection.
const interval = (1000 * CONCURRENCY) / RPS
async function worker(w) {
  let n = 0
  while (Date.now() < end && !exited) {
    const t = Date.now()
    const api = (n + w) % 2 === 0
    // One request in five to the extra path of the moment (while it is absent, `/` serves it).
    const path = api ? `/api/items/${n}?w=${w}` : n % 5 === 0 ? `/extra-${tick - (tick % 2)}` : `/page/${n}?w=${w}`
    const r = await get(path, n % 10 === 0)
    done++
    const want = api ? 'api ' : 'web '
    if (r.error !== undefined || r.status !== 200 || !r.body.startsWith(want) || !r.body.includes(path)) {
      failed++
      const why = r.error !== undefined ? `error ${r.error}` : `${r.status} ${JSON.stringify(r.body.slice(0, 100))}`
      failures.set(why, (failures.get(why) ?? 0) + 1)
    }
    n++
    const wait = interval - (Date.now() - t)
    if (wait > 0) await sleep(wait)
  }
}
await Promise.all(Array.from({length: CONCURRENCY}, (_, w) => worker(w)))
clearInterval(reloader)
clearInterval(sampler)
clearInterval(gcSampler)
clearInterval(progress)
agent.destroy()
while (gcBusy) await sleep(100)
await sleep(1000) // let closed client connections go
const alive = !exited
// The reloads the gateway applied, from its own metrics.
let applied = '?'
let series = NaN
let tableRoutes = NaN
let endHeap = NaN
let endCounts
if (alive) {
  const text = await new Promise((resolve) => {
    http.get({host: '127.0.0.1', port: adminPort, path: '/metrics'}, (res) => {
      let b = ''
      res.on('data', (d) => (b += d))
      res.on('end', () => resolve(b))
    }).on('error', () => resolve(''))
  })
  const count = (result) => text.match(new RegExp(`^ingressctl_reloads_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? '0'
  applied = `${count('success')} applied, ${count('failure')} failed`
  series = new Set([...text.matchAll(/^ingressctl_request_duration_seconds_count\{route="([^"]*)"\}/gm)].map((m) => m[1])).size
  tableRoutes = Number(/^ingressctl_routes (\d+)$/m.exec(text)?.[1])
  endHeap = await insp.heapAfterGc()
  if (HEAPSNAPSHOT) endCounts = await insp.heapCounts()
}
const endRss = alive ? rssKiB(child.pid) : NaN
const endFds = alive ? fds(child.pid) : NaN
insp.close()
if (alive) child.kill('SIGTERM')
await new Promise((r) => (exited ? r() : child.once('exit', r)))
for (const u of ups) u.server.close()
for (const u of ups) u.server.closeAllConnections()
rmSync(dir, {recursive: true, force: true})
rmSync(staging, {recursive: true, force: true})

// After the warm-up only.
const steady = (xs) => xs.filter(([t]) => t >= WARMUP_MS)
const rss = steady(rssSamples)
const heap = steady(heapSamples)
const fdList = steady(fdSamples)
const lastT = rss.at(-1)?.[0] ?? 0
const firstMinute = median(rss.filter(([t]) => t < WARMUP_MS + 60_000).map(([, v]) => v))
const lastMinute = median(rss.filter(([t]) => t > lastT - 60_000).map(([, v]) => v))
const rssGrowth = ((lastMinute - firstMinute) / firstMinute) * 100
const heapFirst = heap[0]?.[1] ?? NaN
const heapGrowth = ((endHeap - heapFirst) / heapFirst) * 100
const steadyMin = (lastT - (rss[0]?.[0] ?? 0)) / 60_000

console.log(`\nsoak: ${SECONDS} s, ${RPS} req/s max, ${CONCURRENCY} in flight, ${reloads} reloads with endpoint churn (${ups.length} live upstreams); measured after a ${WARMUP_MS / 1000} s warm-up`)
console.log(`reloads   ${reloads} written; by the gateway's metrics: ${applied}`)
console.log(`series    per-route metric series at the end: ${series}, for ${tableRoutes} routes in the table (and one for requests with no route)`)
console.log(`requests  ${done} answered, ${failed} failed (target 0)`)
for (const [why, n] of [...failures].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n} × ${why}`)
console.log(`RSS       start ${mib(rss[0]?.[1])}, end ${mib(endRss)}, peak ${mib(Math.max(...rss.map(([, v]) => v)))}: ${pct(rss[0]?.[1], endRss)}`)
console.log(`          median of the first minute ${mib(firstMinute)}, of the last ${mib(lastMinute)}: ${pct(firstMinute, lastMinute)} (target < 10%); slope ${(slopePerMinute(rss) / 1024).toFixed(2)} MiB/min over ${steadyMin.toFixed(1)} min`)
console.log(`heap      in use after a forced GC: first ${mib(heapFirst / 1024)}, end ${mib(endHeap / 1024)}: ${pct(heapFirst, endHeap)} (target < 10%); slope ${(slopePerMinute([...heap, [lastT, endHeap]]) / 1024 / 1024).toFixed(3)} MiB/min`)
console.log(`          every ${GC_EVERY_MS / 1000} s from the start: ${heapSamples.map(([, v]) => (v / 1024 / 1024).toFixed(1)).join(' ')}`)
console.log(`RSS       every 5 s from the start: ${rssSamples.filter((_, i) => i % Math.max(1, Math.round(rssSamples.length / 40)) === 0).map(([, v]) => (v / 1024).toFixed(0)).join(' ')}`)
console.log(`fds       start ${fdList[0]?.[1]}, end ${endFds}, max ${Math.max(...fdList.map(([, v]) => v))}`)
if (startCounts && endCounts) {
  const grew = []
  for (const [key, e] of endCounts) {
    const s0 = startCounts.get(key) ?? {count: 0, bytes: 0}
    if (e.count > s0.count) grew.push([key, s0.count, e.count, e.bytes - s0.bytes])
  }
  grew.sort((a, b) => b[2] - b[1] - (a[2] - a[1]))
  console.log('heap snapshot, after warm-up -> end: object counts that grew most (type constructor: count, bytes)')
  for (const [key, from, to, bytes] of grew.slice(0, 25)) console.log(`  ${key}: ${from} -> ${to} (${bytes >= 0 ? '+' : ''}${bytes} B)`)
}
console.log(`gateway   ${alive ? 'alive at the end' : `DIED: ${JSON.stringify(exited)}\n${childLog}`}`)
// (a request that matched a route just before the last reload and ended after it adds its series back: a little slack)
const leak = !(heapGrowth < 10) || (!HEAPSNAPSHOT && !(rssGrowth < 10)) || !(series <= tableRoutes + 3)
if (HEAPSNAPSHOT) console.log('note      heap snapshots were taken: RSS after the first one includes the memory it took (no verdict on RSS)')
if (leak) console.log('verdict   memory, or the metric series, grew past their targets after the warm-up')
process.exit(failed > 0 || !alive || leak ? 1 : 0)
