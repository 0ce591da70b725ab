import {spawn, type ChildProcess} from 'node:child_process'
import {join} from 'node:path'
import {ROOT} from '../run-cli.js'

/** A long-running `ingressctl serve` (the real binary), its output kept, SIGKILLed after 60 s at most. */
export interface ServeProcess {
  readonly proc: ChildProcess
  stdout(): string
  stderr(): string
  readonly exit: Promise<number | null>
  /** Resolves when `check(stdout)` holds; rejects when the process exits first or after 30 s. */
  waitFor(what: string, check: (stdout: string) => boolean): Promise<void>
  /** SIGTERM (by PID), then the exit status. */
  stop(): Promise<number | null>
}

export function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): ServeProcess {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/run.js'), 'serve', ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000)
  void exit.then(() => clearTimeout(timer))
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exit,
    async waitFor(what, check) {
      for (let i = 0; i < 600; i++) {
        if (check(out)) return
        if (proc.exitCode !== null) throw new Error(`ingressctl serve exited (${proc.exitCode}) before ${what}: ${err}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`timed out waiting for ${what}; stdout: ${out} stderr: ${err}`)
    },
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      return exit
    },
  }
}

/** The HTTP port from the banner (text or JSON). */
export function httpPort(stdout: string): number {
  const m = / http +http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout) ?? /"http":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(stdout)
  if (!m) throw new Error(`no HTTP port in: ${stdout}`)
  return Number(m[1])
}

/** Ports 0 everywhere, so tests never collide. */
export const ANY_PORTS = ['--http-port', '0', '--https-port', '0', '--admin-port', '0'] as const
