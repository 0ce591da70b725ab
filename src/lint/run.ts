import type {ControllerChoice} from '../compiler/index.js'
import {dirname} from 'node:path'
import {readOnce, isClusterMode, type SourceOptions} from '../sources/open.js'
import {compareDiagnostics, type Diagnostic} from '../model/diagnostics.js'
import type {Entry} from '../model/snapshot.js'
import {buildSnapshot} from '../loader/snapshot-builder.js'
import {kustomizePatchFiles} from '../loader/kustomize.js'
import {readSetInputs, type LoadedMember} from '../loader/read-sets.js'
import {groupSets, type ManifestSet, type SetMode} from '../loader/sets.js'
import {loadConfig, withFlags, type LintConfig} from './config.js'
import {collectDiagnostics, summarize, type LintReport} from './index.js'
import {relativeLocations, repositoryRoot} from './paths.js'
import {isObjectRule, ruleInfo} from './registry.js'
import {applyDisableComments, parseDisableComments, type DirectiveProblem} from './suppress.js'

export interface LintRunOptions extends Omit<SourceOptions, 'stdin'> {
  readonly ingressClass?: string
  /** --controller (default auto). */
  readonly controller?: ControllerChoice
  readonly disable?: readonly string[]
  readonly maxWarnings?: number
  /** Where to look for .ingressctl.yaml (and upward); relative inputs are taken from here. */
  readonly cwd: string
  readonly stdin: NodeJS.ReadableStream
  /** Reference time for certificate expiry; default now. */
  readonly now?: number
  /** How files are grouped into sets for cross-object checks (default auto). */
  readonly set?: SetMode
  /** Name of standard input in findings (--stdin-filename). */
  readonly stdinFilename?: string
  /** Repository root that file names are made relative to (default: repositoryRoot(cwd)). */
  readonly root?: string
}

export interface LintRun {
  readonly report: LintReport
  /** The files read, with their text (for --fix); empty in cluster mode. */
  readonly members: readonly LoadedMember[]
  readonly config: LintConfig
  /** The repository root file names are relative to (undefined in cluster mode). */
  readonly root?: string
}

function key(d: Diagnostic): string {
  const l = d.location
  return `${d.rule}\u0000${d.severity}\u0000${l ? `${l.file}:${l.line}:${l.col}` : ''}\u0000${d.message}`
}

/** Each diagnostic once (a file shared by several sets is checked in each). */
function unique(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const d of list) {
    const k = key(d)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(d)
  }
  return out
}

interface SetLintOptions {
  readonly config: LintConfig
  readonly ingressClass?: string
  readonly controller?: ControllerChoice
  readonly now: number
}

/** Lints one set: its objects as one cluster, then each earlier definition of a duplicate on its own. */
function lintSet(entries: readonly Entry[], o: SetLintOptions): Diagnostic[] {
  const common = {
    config: o.config,
    now: o.now,
    ...(o.ingressClass !== undefined ? {ingressClass: o.ingressClass} : {}),
    ...(o.controller !== undefined ? {controller: o.controller} : {}),
  }
  const built = buildSnapshot(entries)
  const out = collectDiagnostics({snapshot: built.snapshot, loadDiagnostics: built.diagnostics, ...common})
  // An object defined twice: the earlier definition's own problems are reported too (never hidden by the later one).
  let replaced = built.replaced
  for (let round = 0; replaced.length > 0 && round < 100; round++) {
    const again = buildSnapshot(replaced)
    for (const d of collectDiagnostics({snapshot: again.snapshot, ...common})) if (isObjectRule(d.rule)) out.push(d)
    replaced = again.replaced
  }
  return out
}

/** The members lint checks in a kustomize set (its patches are partial objects) and the note saying so. */
function kustomizeSet(set: ManifestSet<LoadedMember>): {members: LoadedMember[]; note: Diagnostic} {
  const k = set.members.find((m) => m.display === set.kustomization)!
  const dir = dirname(k.display)
  const patches = new Set(kustomizePatchFiles(k.text, dir))
  const members = set.members.filter((m) => !patches.has(m.display))
  const left = set.members.filter((m) => patches.has(m.display)).map((m) => m.display)
  return {
    members,
    note: {
      rule: 'kustomize-directory',
      severity: 'info',
      message: `${dir} is a kustomize directory: its files are linted as written, as one set${left.length ? `; patches not linted on their own: ${left.join(', ')}` : ''}`,
      location: {file: k.display, line: 1, col: 1},
      hint: `lint the merged objects: \`kubectl kustomize ${dir} | ingressctl lint -\` (or \`kustomize build ${dir} | ingressctl lint -\`)`,
    },
  }
}

/** Disable directives of every member, and warnings for unknown directives and rule ids. */
function directives(members: readonly LoadedMember[]): {comments: Map<string, Map<number, Set<string>>>; problems: Diagnostic[]} {
  const comments = new Map<string, Map<number, Set<string>>>()
  const problems: Diagnostic[] = []
  const isRule = (id: string): boolean => ruleInfo(id) !== undefined
  for (const m of members) {
    const found: DirectiveProblem[] = []
    const c = parseDisableComments(m.text, isRule, found)
    for (const p of found) problems.push({rule: 'unknown-directive', severity: 'warning', message: p.message, location: {file: m.display, line: p.line, col: p.col}, hint: p.hint})
    if (c.size === 0) continue
    const merged = comments.get(m.display)
    if (!merged) comments.set(m.display, c)
    else for (const [line, ids] of c) merged.set(line, new Set([...(merged.get(line) ?? []), ...ids]))
  }
  return {comments, problems}
}

/** Applies configuration (disabled rules, severities) to diagnostics lint did not produce through collectDiagnostics. */
function configured(list: readonly Diagnostic[], config: LintConfig): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const d of list) {
    if (config.disable.has(d.rule)) continue
    const level = config.severity[d.rule]
    if (level === 'off') continue
    out.push(level && level !== d.severity ? {...d, severity: level} : d)
  }
  return out
}

/**
 * `ingressctl lint`: configuration, the inputs read and grouped into sets (or
 * one cluster snapshot), each set linted, disable directives, file names made
 * relative to the repository root.
 */
export async function lintRun(o: LintRunOptions): Promise<LintRun> {
  const config = withFlags(await loadConfig(o.cwd), {disable: o.disable, maxWarnings: o.maxWarnings})
  const now = o.now ?? Date.now()
  const setOptions = {
    config,
    now,
    ...(o.ingressClass !== undefined ? {ingressClass: o.ingressClass} : {}),
    ...(o.controller !== undefined && o.controller !== 'auto' ? {controller: o.controller} : {}),
  }
  if (isClusterMode(o)) {
    const update = await readOnce({...o, stdin: o.stdin}, {allowNothingLoaded: true})
    const list = collectDiagnostics({snapshot: update.snapshot, loadDiagnostics: update.diagnostics, ...setOptions})
    return {report: summarize(list, config), members: [], config}
  }
  const inputs = await readSetInputs(o.files ?? [], {stdin: o.stdin, cwd: o.cwd, ...(o.stdinFilename ? {stdinName: o.stdinFilename} : {})})
  const members = inputs.flatMap((i) => i.members)
  const list: Diagnostic[] = []
  const notes: Diagnostic[] = []
  for (const m of members) notes.push(...m.diagnostics)
  for (const set of groupSets(inputs, o.set ?? 'auto')) {
    let setMembers: readonly LoadedMember[] = set.members
    if (set.kustomization) {
      const k = kustomizeSet(set)
      setMembers = k.members
      notes.push(k.note)
    }
    list.push(...lintSet(setMembers.flatMap((m) => m.entries), setOptions))
  }
  const {comments, problems} = directives(members)
  const all = applyDisableComments(unique([...list, ...configured([...notes, ...problems], config)]), comments)
  const root = o.root ?? repositoryRoot(o.cwd)
  return {report: summarize(relativeLocations(all, o.cwd, root), config), members, config, root}
}

/** lintRun's report. */
export async function runLint(o: LintRunOptions): Promise<LintReport> {
  return (await lintRun(o)).report
}

export {compareDiagnostics}
