import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The repository root (dist/test → ../..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the built CLI (`node bin/run.js ARGS`) as a child process, stdin piped
 * (`stdin`, else empty) and never a terminal, NO_COLOR=1 unless `env` says
 * otherwise; killed after 30 s. Resolves with the exit code and the output.
 */
export function runCli(args: readonly string[], opts: {cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv} = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: {...process.env, NO_COLOR: '1', ...opts.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin.end(opts.stdin ?? '')
  })
}
