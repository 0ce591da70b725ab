import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

/** The repository root (dist/test/routes → ../../..). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the built binary (`node bin/run.js ARGS`) from the repository root, stdin and stdout piped (no TTY). */
export function ingressctl(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], {cwd: ROOT, input: input ?? '', encoding: 'utf8', timeout: 30_000, env: {...process.env, NO_COLOR: '1'}})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}
