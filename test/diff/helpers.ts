import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {compile} from '../../src/compiler/index.js'
import {diffTables} from '../../src/diff/index.js'
import type {DiffReport} from '../../src/diff/types.js'
import {parseManifests} from '../../src/loader/index.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export function fixtureText(name: string): string {
  return readFileSync(join(ROOT, 'fixtures', 'diff', name), 'utf8')
}

/** Diffs two fixtures of fixtures/diff through the real loader and compiler. */
export function diffFixtures(oldName: string, newName: string, ingressClass?: string): DiffReport {
  const side = (name: string) => {
    const parsed = parseManifests(fixtureText(name), `fixtures/diff/${name}`)
    return compile(parsed.snapshot, ingressClass ? {ingressClass} : {})
  }
  return diffTables(side(oldName), side(newName), {old: oldName, new: newName})
}

export function diffTexts(oldText: string, newText: string): DiffReport {
  const side = (text: string, file: string) => compile(parseManifests(text, file).snapshot)
  return diffTables(side(oldText, 'old.yaml'), side(newText, 'new.yaml'), {old: 'old.yaml', new: 'new.yaml'})
}

/** Runs the built CLI (bin/run.js) with a bounded time; resolves with exit code and output. */
export function runCli(args: readonly string[], opts: {cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv} = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
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
