import {access} from 'node:fs/promises'
import {isAbsolute, relative, resolve} from 'node:path'
import {InputError, isIngressctlError} from '../errors.js'
import {parseManifests} from '../loader/index.js'
import type {Diagnostic} from '../model/diagnostics.js'
import {emptySnapshot, type Entry, type Snapshot} from '../model/snapshot.js'
import {readOnce, type SourceOptions} from '../sources/open.js'
import {readAtRevision, verifyRevision} from './git.js'

/** One side of a diff: a snapshot and what to call it. */
export interface Side {
  readonly label: string
  readonly snapshot: Snapshot
}

function label(paths: readonly string[]): string {
  return paths.map((p) => (p === '-' ? '<stdin>' : p)).join(', ')
}

/**
 * A side that did not load completely would show its missing routes as
 * removed: refuse it, naming the first problems.
 */
function requireComplete(name: string, diagnostics: ReadonlyArray<Diagnostic>): void {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (errors.length === 0) return
  const first = errors
    .slice(0, 3)
    .map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''}${d.message}`)
    .join('; ')
  throw new InputError('E_DIFF_INPUT', `${name}: ${errors.length === 1 ? 'a document' : `${errors.length} documents`} could not be loaded: ${first}${errors.length > 3 ? '; ...' : ''}`, {
    hint: 'fix the manifests first (ingressctl lint shows every problem); a partial side would show its routes as removed',
  })
}

/**
 * Files, directories or `-`, or a cluster (--context/--kubeconfig), through
 * readOnce. An empty input (`/dev/null`, a chart rendering nothing) is an empty
 * side, not an error: everything on the other side is then added or removed.
 */
export async function readSide(o: SourceOptions): Promise<Side> {
  const cluster = o.context !== undefined || o.kubeconfig !== undefined
  const sideLabel = cluster ? `cluster${o.context ? ` (context ${o.context})` : ''}` : label(o.files ?? [])
  try {
    const update = await readOnce(o)
    requireComplete(sideLabel, update.diagnostics)
    return {label: sideLabel, snapshot: update.snapshot}
  } catch (e) {
    if (isIngressctlError(e) && e.code === 'E_EMPTY') return {label: sideLabel, snapshot: emptySnapshot()}
    throw e
  }
}

function merge(parts: readonly Snapshot[]): Snapshot {
  const all = <T extends keyof Snapshot>(k: T): Snapshot[T] => parts.flatMap((p) => p[k] as ReadonlyArray<Entry>) as unknown as Snapshot[T]
  return {
    ingresses: all('ingresses'),
    ingressClasses: all('ingressClasses'),
    services: all('services'),
    endpointSlices: all('endpointSlices'),
    secrets: all('secrets'),
    configMaps: parts.flatMap((p) => p.configMaps ?? []),
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/**
 * `--base REV PATH...`: the old side is PATH... as committed at REV (read with
 * git), the new side the working tree. A path missing on one side is empty
 * there (added or deleted by the change); missing on both, it is an error.
 */
export async function readGitSides(rev: string, paths: readonly string[], cwd: string): Promise<{old: Side; new: Side}> {
  await verifyRevision(rev, cwd)
  const files = await readAtRevision(rev, paths, cwd)
  const diagnostics: Diagnostic[] = []
  const parts = files.map((f) => {
    const parsed = parseManifests(f.text, f.display)
    diagnostics.push(...parsed.diagnostics)
    return parsed.snapshot
  })
  const oldLabel = `${rev}:${label(paths)}`
  requireComplete(oldLabel, diagnostics)
  // Working-tree paths are taken from `cwd` like git's; shown relative to the process' directory.
  const present: string[] = []
  for (const p of paths) {
    const local = isAbsolute(p) ? p : relative(process.cwd(), resolve(cwd, p)) || '.'
    if (await exists(local)) present.push(local)
    else if (!files.some((f) => f.display === `${rev}:${p.replace(/^\.\//, '').replace(/\/+$/, '')}` || f.display.startsWith(`${rev}:${p.replace(/^\.\//, '').replace(/\/+$/, '')}/`))) {
      throw new InputError('E_NOT_FOUND', `no such file or directory, in the working tree or at ${rev}`, {
        hint: 'check the path (relative paths are taken from the current directory)',
        location: p,
      })
    }
  }
  const newSide = present.length > 0 ? await readSide({files: present}) : {label: label(paths), snapshot: emptySnapshot()}
  return {old: {label: oldLabel, snapshot: merge(parts)}, new: {label: label(paths), snapshot: newSide.snapshot}}
}
