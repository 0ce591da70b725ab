/**
 * `npm run bench`: the gateway benchmark, then the other benchmarks of the
 * project (compiler, cluster) when built. Prints figures next to their targets;
 * asserts nothing. Every load is bounded in time (BENCH_SECONDS, default 10 s
 * per measurement).
 *
 * Gateway: wrk (or autocannon when wrk is missing and cannot be installed)
 * against loopback, 1,000 routes (50 hosts × 20 paths), 50 connections, for:
 * a direct connection to the backend, a minimal http-proxy proxy with a
 * keep-alive agent, a minimal undici proxy (a keep-alive Pool), and
 * `ingressctl serve` — each given one core with taskset, in the same run; the
 * ratios to both minimal proxies are medians over paired short runs
 * (BENCH_PAIRS, default 8, of 3 s each, in alternating order). Then the
 * non-2xx count while the table is reloaded 10 times a second, `ingressctl
 * serve` with 100,000 routes, compared with the 1,000-route server over paired
 * runs the same way, and its RSS with 10,000 Ingresses loaded.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {churnManifest, NAMESPACE, SERVICE, writeManifests, type Target} from './serve/manifests.js'
import {loadTool, runLoad, type LoadResult} from './serve/load.js'
import {cpuPlan, HAS_TASKSET, sampleRss, start, waitForOutput, type Proc} from './serve/procs.js'

const root = new URL('../../', import.meta.url).pathname
const dist = join(root, 'dist')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
/** Paired short runs (serve against http-proxy, 100k against 1k routes), and their length. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8)
const PAIR_SECONDS = Math.min(SECONDS, 3)
const cpu = cpuPlan()
const work = mkdtempSync(join(tmpdir(), 'ingressctl-bench-'))
const procs: Proc[] = []

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
}

function ensureWrk(): void {
  if (loadTool() === 'wrk') return
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], {stdio: 'ignore'}).status === 0) {
    console.log('wrk is missing: apt-get install -y wrk ...')
    spawnSync('sh', ['-c', 'apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1'], {stdio: 'inherit', timeout: 180_000})
  }
  if (loadTool() !== 'wrk') console.log('wrk is not available: using autocannon (figures are not comparable with wrk runs)')
}

async function startBackend(): Promise<number> {
  const p = start(cpu.backend, process.execPath, [join(dist, 'bench/serve/backend.js'), '0'])
  procs.push(p)
  return Number((await waitForOutput(p, /listening (\d+)/))[1])
}

/** A minimal proxy baseline (`minimal-http-proxy` or `minimal-undici-proxy`) on the measured core. */
async function startMinimalProxy(script: string, backendPort: number): Promise<{port: number; proc: Proc}> {
  const p = start(cpu.target, process.execPath, [join(dist, `bench/serve/${script}.js`), String(backendPort), '0'])
  procs.push(p)
  return {port: Number((await waitForOutput(p, /listening (\d+)/))[1]), proc: p}
}

async function startServe(dir: string, backendPort: number): Promise<{port: number; admin: number; proc: Proc}> {
  const p = start(
    cpu.target,
    process.execPath,
    [join(root, 'bin/run.js'), 'serve', '-f', dir, '--map', `${NAMESPACE}/${SERVICE}=http://127.0.0.1:${backendPort}`, '--http-port', '0', '--https-port', '0', '--admin-port', '0', '--no-access-log', '--reload-debounce', '20ms'],
    {...process.env, INGRESSCTL_CONFIG_DIR: join(work, 'config')},
  )
  procs.push(p)
  const m = await waitForOutput(p, /http +http:\/\/127\.0\.0\.1:(\d+)[\s\S]*admin +http:\/\/127\.0\.0\.1:(\d+)/, 600_000)
  return {port: Number(m[1]), admin: Number(m[2]), proc: p}
}

async function stop(p: Proc): Promise<void> {
  await p.stop()
  procs.splice(procs.indexOf(p), 1)
}

/** One load run of `seconds` against `port`, cycling through `targets`. */
async function load(port: number, targets: readonly Target[], seconds: number): Promise<LoadResult> {
  const hosts = new Set(targets.map((t) => t.host)).size
  return runLoad({port, targets, hosts, pathsPerHost: targets.length / hosts, seconds, connections: CONNECTIONS, cpu: cpu.load, workDir: work})
}

async function measure(name: string, port: number, pid: number | undefined, targets: readonly Target[]): Promise<LoadResult & {rss?: number; name: string}> {
  // A short warm-up (JIT, pools), then the measured run.
  await load(port, targets, Math.min(2, SECONDS))
  const peak = sampleRss(pid)
  const r = await load(port, targets, SECONDS)
  return {...r, rss: peak(), name}
}

/** PAIRS ratios of req/s, `a` over `b`, each from two back-to-back runs in alternating order. */
async function pairedRatios(a: () => Promise<LoadResult>, b: () => Promise<LoadResult>): Promise<number[]> {
  const ratios: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    let ra: number
    let rb: number
    if (i % 2) {
      rb = (await b()).rps
      ra = (await a()).rps
    } else {
      ra = (await a()).rps
      rb = (await b()).rps
    }
    ratios.push(ra / rb)
  }
  return ratios
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

function row(r: LoadResult & {rss?: number; name: string}): string {
  return `  ${r.name.padEnd(26)} ${fmt(r.rps).padStart(9)} req/s   p50 ${fmt(r.p50Ms, 2).padStart(6)} ms   p99 ${fmt(r.p99Ms, 2).padStart(6)} ms   RSS ${fmt(r.rss, 0).padStart(4)} MB   non-2xx ${r.non2xx}`
}

async function adminMetric(admin: number, re: RegExp): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${admin}/metrics`)
  const m = re.exec(await res.text())
  return m ? Number(m[1]) : NaN
}

async function gateway(): Promise<void> {
  ensureWrk()
  console.log(`== gateway benchmark: ${loadTool()}, ${CONNECTIONS} connections, ${SECONDS} s per run; ${HAS_TASKSET ? cpu.note : 'taskset not found: processes are not pinned'}`)
  const dir1k = join(work, 'routes-1k')
  const targets1k = writeManifests(dir1k, 50, 20)
  const backendPort = await startBackend()

  const direct = await measure('direct to backend', backendPort, procs[0]?.child.pid, targets1k)
  console.log(row(direct))

  const hp = await startMinimalProxy('minimal-http-proxy', backendPort)
  const baseline = await measure('minimal http-proxy', hp.port, hp.proc.child.pid, targets1k)
  console.log(row(baseline))
  const up = await startMinimalProxy('minimal-undici-proxy', backendPort)
  const undiciBaseline = await measure('minimal undici proxy', up.port, up.proc.child.pid, targets1k)
  console.log(row(undiciBaseline))

  const s1 = await startServe(dir1k, backendPort)
  const serve1k = await measure('ingressctl serve (1k)', s1.port, s1.proc.child.pid, targets1k)
  console.log(row(serve1k))
  // The ratio to http-proxy, like 1k against 100k below, from paired short runs (both proxies
  // are up, on the same core, one loaded at a time): single runs drift apart by more than the margin.
  const proxyRatios = await pairedRatios(
    () => load(s1.port, targets1k, PAIR_SECONDS),
    () => load(hp.port, targets1k, PAIR_SECONDS),
  )
  const ratio = median(proxyRatios)
  console.log(`  serve/http-proxy req/s over ${PAIRS} paired ${PAIR_SECONDS} s runs (alternating order): ${proxyRatios.map((r) => fmt(r, 3)).join(', ')}; median ${fmt(ratio, 3)}`)
  await stop(hp.proc)
  const undiciRatios = await pairedRatios(
    () => load(s1.port, targets1k, PAIR_SECONDS),
    () => load(up.port, targets1k, PAIR_SECONDS),
  )
  const undiciRatio = median(undiciRatios)
  console.log(`  serve/undici req/s over ${PAIRS} paired ${PAIR_SECONDS} s runs (alternating order): ${undiciRatios.map((r) => fmt(r, 3)).join(', ')}; median ${fmt(undiciRatio, 3)}`)
  await stop(up.proc)

  // Reloads: rewrite a manifest every 100 ms while the load runs.
  const churn = join(dir1k, 'churn.yaml')
  const reloadsBefore = await adminMetric(s1.admin, /ingressctl_reloads_total\{result="success"\} (\d+)/)
  let i = 0
  writeFileSync(churn, churnManifest(i))
  const writer = setInterval(() => writeFileSync(churn, churnManifest(++i)), 100)
  const during = await measure('serve during reloads', s1.port, s1.proc.child.pid, targets1k)
  clearInterval(writer)
  await new Promise((r) => setTimeout(r, 500))
  const reloads = (await adminMetric(s1.admin, /ingressctl_reloads_total\{result="success"\} (\d+)/)) - reloadsBefore
  const failedReloads = await adminMetric(s1.admin, /ingressctl_reloads_total\{result="failure"\} (\d+)/)
  console.log(row(during))
  rmSync(churn)

  // 1k against 100k routes: a 5% difference is below this machine's drift between two
  // runs a minute apart (often 20-30%), so after one full run each, the two servers are
  // measured in PAIRS short back-to-back runs, in alternating order, and the median of
  // the pairs' ratios is the figure: drift within a pair is small and cancels in the median.
  const dir100k = join(work, 'routes-100k')
  const targets100k = writeManifests(dir100k, 5000, 20)
  const s2 = await startServe(dir100k, backendPort)
  const serve100k = await measure('ingressctl serve (100k)', s2.port, s2.proc.child.pid, targets100k)
  console.log(row(serve100k))
  const ratios = await pairedRatios(
    () => load(s2.port, targets100k, PAIR_SECONDS),
    () => load(s1.port, targets1k, PAIR_SECONDS),
  )
  const pairRatio = median(ratios)
  console.log(`  100k/1k req/s over ${PAIRS} paired ${PAIR_SECONDS} s runs (alternating order): ${ratios.map((r) => fmt(r, 3)).join(', ')}; median ${fmt(pairRatio, 3)}`)
  await stop(s1.proc)
  await stop(s2.proc)

  const dir10k = join(work, 'ingresses-10k')
  writeManifests(dir10k, 10_000, 2)
  const s3 = await startServe(dir10k, backendPort)
  await new Promise((r) => setTimeout(r, 1000))
  const rss10k = sampleRss(s3.proc.child.pid)()
  await stop(s3.proc)

  const drift = Math.abs(pairRatio - 1)
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met')
  console.log('')
  console.log('  targets:')
  console.log(`    throughput vs minimal http-proxy   ${fmt(ratio, 2)}x   (target >= 1.5x; median of ${PAIRS} paired runs)   ${mark(ratio >= 1.5)}`)
  console.log(`    throughput vs minimal undici proxy ${fmt(undiciRatio, 2)}x   (target >= 0.9x; median of ${PAIRS} paired runs)   ${mark(undiciRatio >= 0.9)}`)
  console.log(`    p99 at ${CONNECTIONS} connections           ${fmt(serve1k.p99Ms, 2)} ms   (target < 15 ms)        ${mark(serve1k.p99Ms < 15)}`)
  console.log(`    1k vs 100k routes req/s           ${fmt(drift * 100, 1)}%   (target <= 5%; median of ${PAIRS} paired runs)   ${mark(drift <= 0.05)}`)
  console.log(`    RSS with 10,000 Ingresses         ${fmt(rss10k, 0)} MB   (target < 150 MB)        ${mark(rss10k !== undefined && rss10k < 150)}`)
  console.log(`    non-2xx during reloads            ${during.non2xx} over ${fmt(during.requests)} requests, ${reloads} reloads (${fmt(reloads / SECONDS, 1)}/s), ${failedReloads} failed   (target 0)   ${mark(during.non2xx === 0)}`)
}

function runOther(name: string, file: string): void {
  const path = join(dist, 'bench', file)
  if (!existsSync(path)) {
    console.log(`\n== ${name} benchmark: ${file} not built, skipped`)
    return
  }
  console.log(`\n== ${name} benchmark`)
  const r = spawnSync(process.execPath, [path], {stdio: 'inherit', timeout: 20 * 60_000})
  if (r.status !== 0) console.log(`${name} benchmark exited with ${r.status ?? r.signal}`)
}

async function main(): Promise<void> {
  const only = process.argv[2]
  try {
    if (!only || only === 'gateway') await gateway()
  } finally {
    for (const p of [...procs]) await p.stop()
    rmSync(work, {recursive: true, force: true})
  }
  if (!only || only === 'compiler') runOther('compiler', 'compiler.js')
  if (!only || only === 'cluster') runOther('cluster', 'cluster.js')
}

process.on('SIGINT', () => {
  for (const p of procs) p.child.kill('SIGKILL')
  process.exit(130)
})

await main()
