/**
 * File names a CI system can place: paths relative to the repository root.
 * The root is GITHUB_WORKSPACE when set (GitHub Actions), else the git top
 * level of the current directory, else the current directory.
 */
import {spawnSync} from 'node:child_process'
import {isAbsolute, relative, resolve, sep} from 'node:path'
import type {Diagnostic, DiagnosticLocation} from '../model/diagnostics.js'

export function repositoryRoot(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.GITHUB_WORKSPACE) return resolve(env.GITHUB_WORKSPACE)
  const git = spawnSync('git', ['rev-parse', '--show-toplevel'], {cwd, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore']})
  if (git.status === 0 && git.stdout.trim()) return resolve(git.stdout.trim())
  return resolve(cwd)
}

/**
 * `file` (as given, relative to `cwd`) relative to `root`, with `/`
 * separators. Names that are not paths (`<stdin>`, `cluster://...`) and files
 * outside the root (absolute then) are kept.
 */
export function rootRelative(file: string, cwd: string, root: string): string {
  if (file.startsWith('<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file
  const abs = isAbsolute(file) ? file : resolve(cwd, file)
  const rel = relative(root, abs)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return abs
  return sep === '/' ? rel : rel.split(sep).join('/')
}

/** The diagnostics with every location's file (and related locations') made root-relative. */
export function relativeLocations(list: readonly Diagnostic[], cwd: string, root: string): Diagnostic[] {
  const memo = new Map<string, string>()
  const fix = (loc: DiagnosticLocation): DiagnosticLocation => {
    let f = memo.get(loc.file)
    if (f === undefined) memo.set(loc.file, (f = rootRelative(loc.file, cwd, root)))
    return f === loc.file ? loc : {...loc, file: f}
  }
  return list.map((d) => {
    if (!d.location && !d.related) return d
    const out: Diagnostic = {...d, ...(d.location ? {location: fix(d.location)} : {})}
    if (d.related) return {...out, related: d.related.map((r) => (r.location ? {...r, location: fix(r.location)} : r))}
    return out
  })
}
