/**
 * The proxy engine against the same baselines as `npm run bench`, measured
 * in alternating rounds (direct, minimal http-proxy, engine, engine with an
 * onRequestEnd hook) so that background load affects all alike. 1,000 routes
 * (50 hosts × 20 paths), 50 connections, each server on one core.
 *
 *   node dist/bench/proxy/engine-bench.js [ROUNDS=3] [SECONDS=5]
 *
 * Prints figures; asserts nothing.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {median} from '../median.js'
import {runLoad, loadTool, type LoadResult} from '../serve/load.js'
import {writeManifests} from '../serve/manifests.js'
import {cpuPlan, HAS_TASKSET, sampleRss, start, waitForOutput, type Proc} from '../serve/procs.js'

const dist = new URL('../../', import.meta.url).pathname
const ROUNDS = Number(process.argv[2] ?? 3)
const SECONDS = Number(process.argv[3] ?? 5)
const CONNECTIONS = 50
const cpu = cpuPlan()
const work = mkdtempSync(join(tmpdir(), 'ingressctl-engine-bench-'))
const procs: Proc[] = []

async function spawnServer(cpuSet: string, script: string, args: string[]): Promise<{port: number; proc: Proc}> {
  const p = start(cpuSet, process.execPath, [join(dist, script), ...args])
  procs.push(p)
  return {port: Number((await waitForOutput(p, /listening (\d+)/))[1]), proc: p}
}

function fmt(n: number | undefined, d = 0): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', {maximumFractionDigits: d, minimumFractionDigits: d})
}

async function main(): Promise<void> {
  const dir = join(work, 'routes')
  const targets = writeManifests(dir, 50, 20)
  console.log(`== proxy engine benchmark: ${loadTool()}, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s; ${HAS_TASKSET ? cpu.note : 'no taskset'}`)
  const backend = await spawnServer(cpu.backend, 'bench/serve/backend.js', ['0'])
  const hp = await spawnServer(cpu.target, 'bench/serve/minimal-http-proxy.js', [String(backend.port), '0'])
  const engine = await spawnServer(cpu.target, 'bench/proxy/engine-server.js', [dir, String(backend.port)])
  const hooked = await spawnServer(cpu.target, 'bench/proxy/engine-server.js', [dir, String(backend.port), 'hook'])
  const subjects = [
    {name: 'direct to backend', port: backend.port, pid: backend.proc.child.pid},
    {name: 'minimal http-proxy', port: hp.port, pid: hp.proc.child.pid},
    {name: 'engine', port: engine.port, pid: engine.proc.child.pid},
    {name: 'engine + onRequestEnd', port: hooked.port, pid: hooked.proc.child.pid},
  ]
  const results = new Map<string, Array<LoadResult & {rss?: number}>>()
  const load = (port: number, seconds: number) => runLoad({port, targets, hosts: 50, pathsPerHost: 20, seconds, connections: CONNECTIONS, cpu: cpu.load, workDir: work})
  for (const s of subjects) await load(s.port, 2) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of subjects) {
      const peak = sampleRss(s.pid)
      const r = await load(s.port, SECONDS)
      results.set(s.name, [...(results.get(s.name) ?? []), {...r, rss: peak()}])
      console.log(`  round ${round + 1}  ${s.name.padEnd(24)} ${fmt(r.rps).padStart(8)} req/s  p50 ${fmt(r.p50Ms, 2).padStart(6)} ms  p99 ${fmt(r.p99Ms, 2).padStart(7)} ms  non-2xx ${r.non2xx}`)
    }
  }
  console.log('\n  medians:')
  const med = (name: string, f: (r: LoadResult & {rss?: number}) => number) => median(results.get(name)!.map(f))
  for (const s of subjects) {
    console.log(`    ${s.name.padEnd(24)} ${fmt(med(s.name, (r) => r.rps)).padStart(8)} req/s  p50 ${fmt(med(s.name, (r) => r.p50Ms), 2).padStart(6)} ms  p99 ${fmt(med(s.name, (r) => r.p99Ms), 2).padStart(7)} ms  RSS ${fmt(med(s.name, (r) => r.rss ?? NaN)).padStart(4)} MB`)
  }
  const ratios = results.get('engine')!.map((r, i) => r.rps / results.get('minimal http-proxy')![i]!.rps)
  console.log(`\n    engine / minimal http-proxy, per round: ${ratios.map((x) => fmt(x, 2)).join(', ')} (target >= 1.5)`)
}

try {
  await main()
} finally {
  for (const p of procs) await p.stop()
  rmSync(work, {recursive: true, force: true})
}
