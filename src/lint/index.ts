import type {ControllerChoice} from '../compiler/index.js'
import {compile} from '../compiler/index.js'
import {sortDiagnostics, type Diagnostic, type Severity} from '../model/diagnostics.js'
import type {Ingress, IngressClass, Secret, Service} from '../model/objects.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {VALIDATION_RULES} from '../validation/index.js'
import {EMPTY_CONFIG, type LintConfig} from './config.js'
import {LINT_RULES} from './registry.js'
import {applyDisableComments} from './suppress.js'
import type {LintContext} from './types.js'

export interface LintInput {
  readonly snapshot: Snapshot
  /** The loader's (or cluster source's) diagnostics. */
  readonly loadDiagnostics?: readonly Diagnostic[]
  readonly config?: LintConfig
  /** --ingress-class, passed to the compiler. */
  readonly ingressClass?: string
  /** --controller, passed to the compiler. */
  readonly controller?: ControllerChoice
  /** Reference time for certificate expiry (ms since epoch). */
  readonly now: number
  /** Disable comments by file (see suppress.ts). */
  readonly disableComments?: ReadonlyMap<string, Map<number, Set<string>>>
}

export interface LintCounts {
  readonly error: number
  readonly warning: number
  readonly info: number
}

export interface LintReport {
  /** Sorted (compareDiagnostics). */
  readonly diagnostics: Diagnostic[]
  readonly counts: LintCounts
  readonly maxWarnings?: number
  /** 0: no errors and warnings within --max-warnings; 1 otherwise. */
  readonly exitCode: 0 | 1
}

function byKey<T extends {namespace: string; name: string}>(list: readonly T[]): Map<string, T> {
  const m = new Map<string, T>()
  for (const e of list) m.set(`${e.namespace}/${e.name}`, e)
  return m
}

export function buildContext(snapshot: Snapshot, table: LintContext['table'], now: number): LintContext {
  const ingressByKey = byKey(snapshot.ingresses)
  const rejected = new Set<Entry<Ingress>>()
  for (const d of table.diagnostics) {
    if (d.severity !== 'error' || !(d.rule in VALIDATION_RULES) || !d.object) continue
    const e = ingressByKey.get(`${d.object.namespace}/${d.object.name}`)
    if (e) rejected.add(e)
  }
  const servedKeys = new Set<string>()
  const addKey = (ref: {namespace: string; name: string}): void => {
    servedKeys.add(`${ref.namespace}/${ref.name}`)
  }
  let last: unknown
  for (const r of table.routes) {
    if (r.ingress === last) continue // routes of one Ingress share its ObjectRef
    last = r.ingress
    addKey(r.ingress)
  }
  if (table.defaultRoute) addKey(table.defaultRoute.ingress)
  for (const t of table.tls) addKey(t.ingress)
  const served = snapshot.ingresses.filter((e) => servedKeys.has(`${e.namespace}/${e.name}`))
  const ingressClasses = new Map<string, Entry<IngressClass>>()
  for (const c of snapshot.ingressClasses) ingressClasses.set(c.name, c)
  return {
    snapshot,
    table,
    now,
    services: byKey<Entry<Service>>(snapshot.services),
    secrets: byKey<Entry<Secret>>(snapshot.secrets),
    ingressClasses,
    served,
    rejected,
  }
}

/**
 * Lint = the loader's diagnostics + compile(snapshot).diagnostics (which
 * include the API-server validation) + lint's own rules; then configuration
 * (disabled rules, severity overrides). Unsorted.
 */
export function collectDiagnostics(input: LintInput): Diagnostic[] {
  const config = input.config ?? EMPTY_CONFIG
  const table = compile(input.snapshot, {...(input.ingressClass !== undefined ? {ingressClass: input.ingressClass} : {}), ...(input.controller ? {controller: input.controller} : {})})
  const ctx = buildContext(input.snapshot, table, input.now)
  const all: Diagnostic[] = [...(input.loadDiagnostics ?? [])]
  // The compiler's removed-apiVersion warning: lint's own rule reports it as an error, with the fields to change.
  for (const d of table.diagnostics) if (d.rule !== 'deprecated-api-version') all.push(d)
  for (const rule of LINT_RULES) {
    if (config.disable.has(rule.id) || config.severity[rule.id] === 'off') continue
    all.push(...rule.check(ctx))
  }
  const kept: Diagnostic[] = []
  for (const d of all) {
    if (config.disable.has(d.rule)) continue
    const level = config.severity[d.rule]
    if (level === 'off') continue
    kept.push(level && level !== d.severity ? {...d, severity: level as Severity} : d)
  }
  return kept
}

/** Sorts, counts and decides the exit status (errors, or warnings above maxWarnings: 1). */
export function summarize(list: readonly Diagnostic[], config: LintConfig = EMPTY_CONFIG): LintReport {
  const diagnostics = sortDiagnostics(list)
  const counts = {error: 0, warning: 0, info: 0}
  for (const d of diagnostics) counts[d.severity]++
  const overWarnings = config.maxWarnings !== undefined && counts.warning > config.maxWarnings
  return {
    diagnostics,
    counts,
    ...(config.maxWarnings !== undefined ? {maxWarnings: config.maxWarnings} : {}),
    exitCode: counts.error > 0 || overWarnings ? 1 : 0,
  }
}

/** collectDiagnostics, then disable comments, then summarize. */
export function lint(input: LintInput): LintReport {
  let list = collectDiagnostics(input)
  if (input.disableComments) list = applyDisableComments(list, input.disableComments)
  return summarize(list, input.config)
}

/** The report with errors only (--quiet): warnings and info are neither shown nor counted. */
export function onlyErrors(report: LintReport): LintReport {
  const diagnostics = report.diagnostics.filter((d) => d.severity === 'error')
  return {diagnostics, counts: {error: diagnostics.length, warning: 0, info: 0}, exitCode: diagnostics.length > 0 ? 1 : 0}
}
