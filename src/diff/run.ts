import {compile, compileOptionsOf, type CompileOptions, type ControllerChoice} from '../compiler/index.js'
import {UsageError} from '../errors.js'
import type {RouteTable} from '../model/routes.js'
import {diffTables} from './index.js'
import {readGitSides, readSide, type Side} from './sides.js'
import type {DiffReport} from './types.js'

export interface DiffOptions {
  /** Positional paths: OLD NEW, or the paths for --base; plus -f files (the new side in cluster mode). */
  readonly paths: readonly string[]
  readonly base?: string
  readonly kubeconfig?: string
  readonly context?: string
  readonly namespace?: string
  readonly allNamespaces?: boolean
  readonly ingressClass?: string
  /** --controller (default auto). */
  readonly controller?: ControllerChoice
  readonly cwd: string
  readonly stdin?: NodeJS.ReadableStream
}

/** Which two sides to compare, from the command line. */
async function sides(o: DiffOptions): Promise<{old: Side; new: Side}> {
  const cluster = o.context !== undefined || o.kubeconfig !== undefined
  if (o.base !== undefined) {
    if (cluster) throw new UsageError('--base and --context/--kubeconfig cannot be combined', 'compare with a git revision (--base REV PATH...) or with a cluster (--context CTX -f PATH...)')
    if (o.paths.length === 0) throw new UsageError('--base needs the paths to compare', 'e.g. ingressctl diff --base origin/main k8s/')
    if (o.paths.includes('-')) throw new UsageError('--base cannot read standard input (-)', 'name the files or directories as they are in the repository')
    return readGitSides(o.base, o.paths, o.cwd)
  }
  if (cluster) {
    if (o.paths.length === 0) throw new UsageError('--context needs the local manifests to compare with', 'e.g. ingressctl diff --context staging -f k8s/')
    const live = await readSide({kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace, allNamespaces: o.allNamespaces})
    return {old: live, new: await readSide({files: o.paths, stdin: o.stdin})}
  }
  if (o.paths.length !== 2) {
    throw new UsageError(
      `diff compares two sides; got ${o.paths.length === 0 ? 'none' : o.paths.length === 1 ? 'one' : o.paths.length}`,
      'ingressctl diff OLD NEW (files, directories or -), ingressctl diff --base REV PATH..., or ingressctl diff --context CTX -f PATH...',
    )
  }
  if (o.paths[0] === '-' && o.paths[1] === '-') throw new UsageError('only one side can be standard input (-)', 'save one side to a file first')
  const [oldSide, newSide] = [await readSide({files: [o.paths[0]], stdin: o.stdin}), await readSide({files: [o.paths[1]], stdin: o.stdin})]
  return {old: oldSide, new: newSide}
}

/** An object the compiler left out (the API server would reject it) looks removed: say so. */
function leftOut(label: string, table: RouteTable): string[] {
  const errors = table.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length === 0) return []
  const first = errors[0]
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.col}: ` : ''
  return [`${label}: ${errors.length === 1 ? '1 error' : `${errors.length} errors`} (first: ${where}${first.message}); what they leave out shows as removed. Run ingressctl lint for details.`]
}

/** Reads both sides, compiles them with the same options, diffs the tables. Exit status: 0 same, 1 changed. */
export async function runDiff(o: DiffOptions): Promise<{report: DiffReport; exitCode: 0 | 1; warnings: string[]}> {
  const s = await sides(o)
  const options: CompileOptions = compileOptionsOf({'ingress-class': o.ingressClass, controller: o.controller})
  const before = compile(s.old.snapshot, options)
  const after = compile(s.new.snapshot, options)
  const report = diffTables(before, after, {old: s.old.label, new: s.new.label})
  return {report, exitCode: report.changed ? 1 : 0, warnings: [...leftOut(s.old.label, before), ...leftOut(s.new.label, after)]}
}
