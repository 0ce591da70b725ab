/**
 * Compiler benchmark: compile time and heap for synthetic snapshots of 100,
 * 1k, 10k and 100k routes (many hosts × paths, some wildcard hosts, mixed
 * Exact/Prefix), and per-lookup latency (median, p99) over random requests
 * mixing hits and misses. Then one ingress-nginx host in regex mode with 200
 * regex locations: per-lookup latency. Prints figures and the targets;
 * asserts nothing.
 *
 *   npm run bench:compiler            (all sizes)
 *   node dist/bench/compiler.js 1000  (chosen sizes)
 *   BENCH_CONTROLLER=spec npm run bench:compiler   (the plain routes under the spec profile)
 */
import {availableParallelism, loadavg} from 'node:os'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {compile} from '../src/compiler/index.js'
import {median} from './median.js'
import type {Ingress, IngressRule, Service} from '../src/model/objects.js'
import type {RouteTable} from '../src/model/routes.js'
import type {Entry, Snapshot} from '../src/model/snapshot.js'
import {syntheticSource} from '../src/model/source.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const PATHS_PER_HOST = 10
const LOOKUPS = 100_000
const WARMUP = 20_000
/** BENCH_CONTROLLER=spec|ingress-nginx: compile the plain routes under that profile (default auto: their class is nginx, so ingress-nginx). */
const CONTROLLER = process.env.BENCH_CONTROLLER === 'spec' || process.env.BENCH_CONTROLLER === 'ingress-nginx' ? process.env.BENCH_CONTROLLER : undefined
/** Lookup rounds; each visits every size once (see measureLookups). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

/** Deterministic PRNG (mulberry32) so every run measures the same requests. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hostName(i: number): string {
  // Every 10th host is a wildcard: *.tenant-N.example.com.
  return i % 10 === 9 ? `*.tenant-${i}.example.com` : `app-${i}.example.com`
}

function pathOf(j: number): {path: string; pathType: 'Exact' | 'Prefix'} {
  if (j === 0) return {path: '/', pathType: 'Prefix'}
  const section = `s${j % 5}`
  const path = j < 5 ? `/${section}` : `/${section}/v${j}`
  return {path, pathType: j % 3 === 0 ? 'Exact' : 'Prefix'}
}

function buildSnapshot(routes: number): Snapshot {
  const hosts = Math.max(1, Math.ceil(routes / PATHS_PER_HOST))
  const ingresses: Entry<Ingress>[] = []
  const services: Entry<Service>[] = []
  let left = routes
  for (let i = 0; i < hosts; i++) {
    const n = Math.min(PATHS_PER_HOST, left)
    left -= n
    const namespace = `ns-${i % 50}`
    const name = `ing-${i}`
    const paths = Array.from({length: n}, (_, j) => {
      const {path, pathType} = pathOf(j)
      return {path, pathType, backend: {service: {name: `svc-${i % 500}`, port: j % 2 ? {number: 80} : {name: 'http'}}}}
    })
    const rules: IngressRule[] = [{host: hostName(i), http: {paths}}]
    const object: Ingress = {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name, namespace}, spec: {ingressClassName: 'nginx', rules}}
    ingresses.push({kind: 'Ingress', namespace, name, object, source: syntheticSource(`bench/${name}.yaml`)})
  }
  for (let s = 0; s < Math.min(500, hosts); s++) {
    for (let k = 0; k < 50; k++) {
      const namespace = `ns-${k}`
      const name = `svc-${s}`
      const object: Service = {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace}, spec: {ports: [{name: 'http', port: 80, targetPort: 8080}]}}
      services.push({kind: 'Service', namespace, name, object, source: syntheticSource(`bench/${name}.yaml`)})
    }
  }
  return {ingresses, services, ingressClasses: [], endpointSlices: [], secrets: []}
}

/** Half to rule paths and sub-paths of known hosts; a quarter to unknown paths of known hosts (served by `/`); a quarter to unknown hosts (404). A third carry a port, a quarter a query. */
function buildRequests(routes: number, count: number): {hosts: string[]; paths: string[]} {
  const hosts = Math.max(1, Math.ceil(routes / PATHS_PER_HOST))
  const rand = rng(routes)
  const hs: string[] = []
  const ps: string[] = []
  for (let k = 0; k < count; k++) {
    const i = Math.floor(rand() * hosts)
    const j = Math.floor(rand() * PATHS_PER_HOST)
    const hit = rand() < 0.5
    let host = hostName(i).replace('*', `pr-${k % 97}`)
    if (!hit && rand() < 0.5) host = `unknown-${k}.example.org`
    if (k % 3 === 0) host = `${host}:8443`
    const {path} = pathOf(j)
    let p = hit ? (j % 2 ? `${path}/item/${k % 1000}` : path) : `/zz${k % 1000}/x`
    if (k % 4 === 0) p = `${p}?q=${k}`
    hs.push(host)
    ps.push(p.replace('//', '/'))
  }
  return {hosts: hs, paths: ps}
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

interface Row {
  routes: number
  compileMs: number
  /** CPU time of the process during compile (all threads): steadier than wall time on a busy machine. */
  compileCpuMs: number
  heapMb: number
  medianNs: number
  p99Ns: number
  meanNs: number
  hits: number
}

interface Compiled {
  routes: number
  table: RouteTable
  compileMs: number
  compileCpuMs: number
  heapMb: number
  requests?: {hosts: string[]; paths: string[]}
}

function compileSize(routes: number): Compiled {
  const snapshot = buildSnapshot(routes)
  gc()
  const before = process.memoryUsage().heapUsed
  const c0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  const table: RouteTable = compile(snapshot, CONTROLLER ? {controller: CONTROLLER} : {})
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6
  const cpu = process.cpuUsage(c0)
  const compileCpuMs = (cpu.user + cpu.system) / 1000
  gc()
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024
  if (table.routes.length !== routes) throw new Error(`expected ${routes} routes, compiled ${table.routes.length}`)
  return {routes, table, compileMs, compileCpuMs, heapMb}
}

/** One round at one size: every request looked up once, each timed on its own. */
function timeRound(c: Compiled): {median: number; p99: number; mean: number; hits: number} {
  const {hosts, paths} = (c.requests ??= buildRequests(c.routes, LOOKUPS))
  const lookup = c.table.lookup
  for (let k = 0; k < WARMUP; k++) lookup(hosts[k % LOOKUPS]!, paths[k % LOOKUPS]!)
  let hits = 0
  const samples = new Float64Array(LOOKUPS)
  for (let k = 0; k < LOOKUPS; k++) {
    const h = hosts[k]!
    const p = paths[k]!
    const s = process.hrtime.bigint()
    const r = lookup(h, p)
    samples[k] = Number(process.hrtime.bigint() - s)
    if (r.matched) hits++
  }
  // Batch timing (no per-call timer): the mean cost of a lookup.
  const b0 = process.hrtime.bigint()
  for (let k = 0; k < LOOKUPS; k++) lookup(hosts[k]!, paths[k]!)
  const mean = Number(process.hrtime.bigint() - b0) / LOOKUPS
  samples.sort()
  return {median: percentile(samples, 0.5), p99: percentile(samples, 0.99), mean, hits}
}

/**
 * Lookup figures of every size, measured in ROUNDS rounds that visit the sizes
 * in turn: on a shared machine the speed drifts over seconds, and measuring
 * each size once, one after the other, put whole sizes in a slow phase and
 * others in a fast one (the 100k/100 ratio of one run ranged 1.3–3.3). Each
 * figure is the median over the rounds.
 */
function measureLookups(all: Compiled[]): Row[] {
  const rounds = all.map(() => [] as ReturnType<typeof timeRound>[])
  for (let round = 0; round < ROUNDS; round++) all.forEach((c, i) => rounds[i]!.push(timeRound(c)))
  return all.map((c, i) => {
    const r = rounds[i]!
    return {
      routes: c.routes,
      compileMs: c.compileMs,
      compileCpuMs: c.compileCpuMs,
      heapMb: c.heapMb,
      medianNs: median(r.map((x) => x.median)),
      p99Ns: median(r.map((x) => x.p99)),
      meanNs: median(r.map((x) => x.mean)),
      hits: r[0]!.hits,
    }
  })
}

function timerOverheadNs(): number {
  const n = 100_000
  const s = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const a = process.hrtime.bigint()
    s[k] = Number(process.hrtime.bigint() - a)
  }
  s.sort()
  return percentile(s, 0.5)
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
const SIZES = sizes.length > 0 ? sizes : [100, 1_000, 10_000, 100_000]
if (!SIZES.includes(100)) SIZES.unshift(100)

console.log(`ingressctl compiler benchmark — node ${process.version}, ${ROUNDS} rounds of ${LOOKUPS.toLocaleString('en')} lookups per size, sizes in turn, medians over rounds (half to rule paths, a quarter to unknown paths of known hosts, a quarter to unknown hosts), ${PATHS_PER_HOST} paths per host, 10% wildcard hosts`)
const overhead = timerOverheadNs()
console.log(`hrtime pair overhead (included in the per-lookup figures): ${overhead} ns\n`)
// Every size is compiled before any request set is built, so no compile runs beside another size's requests.
const rows = measureLookups(SIZES.map(compileSize))
const base = rows.find((r) => r.routes === 100)!
const pad = (s: string, n: number) => s.padStart(n)
console.log(`${pad('routes', 8)} ${pad('compile', 10)} ${pad('cpu', 10)} ${pad('heap', 9)} ${pad('median', 10)} ${pad('p99', 10)} ${pad('mean*', 9)} ${pad('hits', 6)} ${pad('median/100', 11)}`)
for (const r of rows) {
  console.log(
    `${pad(r.routes.toLocaleString('en'), 8)} ${pad(`${r.compileMs.toFixed(1)} ms`, 10)} ${pad(`${r.compileCpuMs.toFixed(1)} ms`, 10)} ${pad(`${r.heapMb.toFixed(1)} MB`, 9)} ${pad(`${r.medianNs} ns`, 10)} ${pad(`${r.p99Ns} ns`, 10)} ${pad(`${r.meanNs.toFixed(0)} ns`, 9)} ${pad(`${Math.round((100 * r.hits) / LOOKUPS)}%`, 6)} ${pad(`${(r.medianNs / base.medianNs).toFixed(2)}×`, 11)}`,
  )
}
console.log('  compile: wall time; cpu: process CPU time during compile (all threads, GC helpers included)')
console.log('  * mean: batch timing without a per-call timer')
const [load1] = loadavg()
if (load1 > availableParallelism()) console.log(`  note: load average ${load1.toFixed(1)} on ${availableParallelism()} CPUs — other processes compete for CPU and caches; figures are inflated`)
const big = rows.find((r) => r.routes === 100_000)
if (big) {
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')
  console.log('\ntargets at 100k routes:')
  console.log(`  compile < 1 s after parsing:        ${big.compileMs.toFixed(0)} ms — ${verdict(big.compileMs < 1000)}`)
  console.log(`  median lookup < 1 µs:               ${big.medianNs} ns — ${verdict(big.medianNs < 1000)}`)
  console.log(`  median ≤ 2× the 100-route median:   ${(big.medianNs / base.medianNs).toFixed(2)}× — ${verdict(big.medianNs <= 2 * base.medianNs)}`)
}

// ---------------------------------------------------------------- one host, 200 regex locations

const REGEX_LOCATIONS = 200
const REGEX_HOST = 'regex.example.com'

/** Regex paths as ingress-nginx users write them: capture groups for rewrite-target, classes, alternations, anchors. */
function regexPath(i: number): string {
  switch (i % 5) {
    case 0:
      return `/svc${i}(/|$)(.*)`
    case 1:
      return `/api/v${i}/users/[0-9]+`
    case 2:
      return `/static${i}/.*\\.(css|js|png)$`
    case 3:
      return `/t${i}/(?<tenant>[a-z0-9-]+)/items`
    default:
      return `/p${i}/[a-z]{2,8}/?$`
  }
}

function regexRequest(i: number, k: number): string {
  switch (i % 5) {
    case 0:
      return `/svc${i}/x/${k}`
    case 1:
      return `/api/v${i}/users/${k}`
    case 2:
      return `/static${i}/a/b.css`
    case 3:
      return `/t${i}/tenant-${k % 7}/items?x=1`
    default:
      return `/P${i}/abc`
  }
}

function regexSnapshot(): Snapshot {
  const paths = Array.from({length: REGEX_LOCATIONS}, (_, i) => ({path: regexPath(i), pathType: 'ImplementationSpecific', backend: {service: {name: `svc-${i}`, port: {number: 80}}}}))
  const object: Ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {name: 'regex', namespace: 'ns', annotations: {'nginx.ingress.kubernetes.io/use-regex': 'true', 'nginx.ingress.kubernetes.io/rewrite-target': '/$2'}},
    spec: {ingressClassName: 'nginx', rules: [{host: REGEX_HOST, http: {paths}}]},
  }
  return {ingresses: [{kind: 'Ingress', namespace: 'ns', name: 'regex', object, source: syntheticSource('bench/regex.yaml')}], services: [], ingressClasses: [], endpointSlices: [], secrets: []}
}

function regexScenario(): void {
  const table = compile(regexSnapshot())
  const server = table.nginxServers?.find((s) => s.host === REGEX_HOST)
  if (!server?.regexMode || server.locations.length < REGEX_LOCATIONS) throw new Error('the regex host did not compile to regex locations')
  // Requests spread over every location (early and late in nginx's order) plus a fifth that match none (tried against all 200).
  const rand = rng(200)
  const paths: string[] = []
  for (let k = 0; k < LOOKUPS; k++) paths.push(rand() < 0.2 ? `/nothing/${k % 1000}` : regexRequest(Math.floor(rand() * REGEX_LOCATIONS), k))
  const lookup = table.lookup
  for (let k = 0; k < WARMUP; k++) lookup(REGEX_HOST, paths[k % LOOKUPS]!)
  const medians: number[] = []
  const p99s: number[] = []
  const means: number[] = []
  let hits = 0
  for (let round = 0; round < ROUNDS; round++) {
    const samples = new Float64Array(LOOKUPS)
    hits = 0
    for (let k = 0; k < LOOKUPS; k++) {
      const s = process.hrtime.bigint()
      const r = lookup(REGEX_HOST, paths[k]!)
      samples[k] = Number(process.hrtime.bigint() - s)
      if (r.route && !r.route.defaultBackend) hits++
    }
    const b0 = process.hrtime.bigint()
    for (let k = 0; k < LOOKUPS; k++) lookup(REGEX_HOST, paths[k]!)
    means.push(Number(process.hrtime.bigint() - b0) / LOOKUPS)
    samples.sort()
    medians.push(percentile(samples, 0.5))
    p99s.push(percentile(samples, 0.99))
  }
  const med = median(medians)
  console.log(`\none ingress-nginx host in regex mode, ${server.locations.length} locations (${REGEX_LOCATIONS} regex paths and the server's own /), ${LOOKUPS.toLocaleString('en')} lookups x ${ROUNDS} rounds, ${((100 * hits) / LOOKUPS).toFixed(0)}% served by a path:`)
  console.log(`  median ${med} ns   p99 ${median(p99s)} ns   mean* ${median(means).toFixed(0)} ns`)
  console.log(`  median lookup ≤ 10 µs:              ${(med / 1000).toFixed(2)} µs — ${med <= 10_000 ? 'met' : 'NOT met'}`)
}

regexScenario()
