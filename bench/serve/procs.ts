import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {cpus} from 'node:os'

export const HAS_TASKSET = spawnSync('taskset', ['-V'], {stdio: 'ignore'}).status === 0

/** CPUs for the measured process, the backend and the load generator (shared when fewer than three). */
export function cpuPlan(): {target: string; backend: string; load: string; note: string} {
  const n = cpus().length
  if (n >= 3) return {target: '0', backend: '1', load: '2', note: 'measured process on CPU 0, backend on CPU 1, load generator on CPU 2'}
  if (n === 2) return {target: '0', backend: '1', load: '1', note: 'measured process on CPU 0; backend and load generator share CPU 1 (2 CPUs)'}
  return {target: '0', backend: '0', load: '0', note: 'a single CPU: everything shares it'}
}

export interface Proc {
  readonly child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/** Spawns `cmd args` pinned to `cpu` (when taskset exists). */
export function start(cpu: string | undefined, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Proc {
  const [file, argv] = cpu !== undefined && HAS_TASKSET ? ['taskset', ['-c', cpu, cmd, ...args]] : [cmd, args]
  const child = spawn(file, argv, {stdio: ['ignore', 'pipe', 'pipe'], env})
  let out = ''
  child.stdout!.on('data', (c: Buffer) => {
    if (out.length < 1_000_000) out += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    if (out.length < 1_000_000) out += c.toString()
  })
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** Waits (bounded) until the process output matches `re`; returns the match. */
export async function waitForOutput(p: Proc, re: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const m = re.exec(p.output())
    if (m) return m
    if (p.child.exitCode !== null) throw new Error(`process exited (${p.child.exitCode}): ${p.output().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${re}: ${p.output().slice(-2000)}`)
}

/** Resident set size of a process in MB (Linux /proc), undefined elsewhere. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

/** The pid of the node process doing the work: taskset execs into it, so the child pid is it. */
export function pidOf(p: Proc): number | undefined {
  return p.child.pid
}

/** Samples RSS every 250 ms until stopped; returns the peak. */
export function sampleRss(pid: number | undefined): () => number | undefined {
  let peak: number | undefined
  const tick = (): void => {
    const v = rssMb(pid)
    if (v !== undefined && (peak === undefined || v > peak)) peak = v
  }
  tick()
  const timer = setInterval(tick, 250)
  return () => {
    clearInterval(timer)
    tick()
    return peak
  }
}
