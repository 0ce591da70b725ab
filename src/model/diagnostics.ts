import type {Kind} from './snapshot.js'

export type Severity = 'error' | 'warning' | 'info'

export interface ObjectRef {
  readonly kind: Kind | string
  readonly namespace: string
  readonly name: string
}

export interface DiagnosticLocation {
  readonly file: string
  readonly line: number
  readonly col: number
  /** Dotted field path inside the object, e.g. `spec.rules[0].http.paths[1].path`. */
  readonly field?: string
}

/**
 * A finding about the input, as data. The compiler and lint produce these; the
 * CLI formats them. Never logged from inside the compiler.
 */
export interface Diagnostic {
  /** Stable rule id, kebab-case, e.g. `path-conflict`, `missing-service`. */
  readonly rule: string
  readonly severity: Severity
  /** One sentence naming the object; no trailing period needed. */
  readonly message: string
  readonly object?: ObjectRef
  readonly location?: DiagnosticLocation
  /** What to do about it. */
  readonly hint?: string
  /** Other places involved (the other Ingress of a conflict, the shadowing rule...). */
  readonly related?: ReadonlyArray<{readonly message: string; readonly object?: ObjectRef; readonly location?: DiagnosticLocation}>
}

const SEVERITY_ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2}

/** Deterministic order: file, line, col, rule, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? ''
  const fb = b.location?.file ?? ''
  if (fa !== fb) return fa < fb ? -1 : 1
  const la = a.location?.line ?? 0
  const lb = b.location?.line ?? 0
  if (la !== lb) return la - lb
  const ca = a.location?.col ?? 0
  const cb = b.location?.col ?? 0
  if (ca !== cb) return ca - cb
  if (a.severity !== b.severity) return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0
}

export function sortDiagnostics(list: Iterable<Diagnostic>): Diagnostic[] {
  return [...list].sort(compareDiagnostics)
}

export function hasErrors(list: Iterable<Diagnostic>): boolean {
  for (const d of list) if (d.severity === 'error') return true
  return false
}
