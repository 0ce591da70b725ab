import {spawn, spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {HAS_TASKSET} from './procs.js'
import type {Target} from './manifests.js'
import {wrkScript} from './manifests.js'

export interface LoadResult {
  readonly tool: 'wrk' | 'autocannon'
  readonly requests: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Responses outside 2xx/3xx plus socket errors. */
  readonly non2xx: number
  readonly errors: number
}

/** wrk when installed (apt-get install wrk), else autocannon from node_modules. */
export function loadTool(): 'wrk' | 'autocannon' {
  return spawnSync('sh', ['-c', 'command -v wrk'], {stdio: 'ignore'}).status === 0 ? 'wrk' : 'autocannon'
}

function run(cpu: string, cmd: string, args: string[], timeoutMs: number): Promise<string> {
  const [file, argv] = HAS_TASKSET ? ['taskset', ['-c', cpu, cmd, ...args]] : [cmd, args]
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`${cmd} exited ${code}: ${out.slice(-2000)}`))
    })
  })
}

function ms(value: string, unit: string): number {
  const n = Number(value)
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n
}

/** Runs one bounded load (`seconds`, `connections`) against 127.0.0.1:port, cycling through `targets`. */
export async function runLoad(o: {port: number; targets: readonly Target[]; hosts: number; pathsPerHost: number; seconds: number; connections: number; cpu: string; workDir: string}): Promise<LoadResult> {
  const tool = loadTool()
  if (tool === 'wrk') {
    const script = join(o.workDir, `wrk-${o.hosts}x${o.pathsPerHost}.lua`)
    writeFileSync(script, wrkScript(o.hosts, o.pathsPerHost))
    const out = await run(o.cpu, 'wrk', ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '--timeout', '5s', '-s', script, `http://127.0.0.1:${o.port}/`], (o.seconds + 30) * 1000)
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN)
    const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN)
    const p50 = /\s50%\s+([\d.]+)(us|ms|s|m)/.exec(out)
    const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)/.exec(out)
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0)
    const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
    const errors = sock ? sock.slice(1, 5).reduce((a, b) => a + Number(b), 0) : 0
    return {tool, requests, rps, p50Ms: p50 ? ms(p50[1]!, p50[2]!) : NaN, p99Ms: p99 ? ms(p99[1]!, p99[2]!) : NaN, non2xx: non2xx + errors, errors}
  }
  // autocannon: one host/path pair per request through its requests array would be slow; use a rotating sample.
  const require = createRequire(import.meta.url)
  const bin = join(require.resolve('autocannon/package.json'), '..', 'autocannon.js')
  const sample = o.targets.filter((_, i) => i % Math.max(1, Math.floor(o.targets.length / 50)) === 0).slice(0, 50)
  const t = sample[0]!
  const out = await run(
    o.cpu,
    process.execPath,
    [bin, '-j', '-c', String(o.connections), '-d', String(o.seconds), '-H', `host=${t.host}`, `http://127.0.0.1:${o.port}${t.path}`],
    (o.seconds + 30) * 1000,
  )
  const j = JSON.parse(out.slice(out.indexOf('{'))) as {requests: {average: number; total: number}; latency: {p50: number; p99: number}; non2xx: number; errors: number; timeouts: number}
  return {tool, requests: j.requests.total, rps: j.requests.average, p50Ms: j.latency.p50, p99Ms: j.latency.p99, non2xx: j.non2xx + j.errors + j.timeouts, errors: j.errors + j.timeouts}
}
