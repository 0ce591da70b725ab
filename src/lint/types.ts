import type {Diagnostic, Severity} from '../model/diagnostics.js'
import type {Ingress, IngressClass, Secret, Service} from '../model/objects.js'
import type {RouteTable} from '../model/routes.js'
import type {Entry, Snapshot} from '../model/snapshot.js'

/** What a lint rule sees: the snapshot, the compiled table and lookups built once. */
export interface LintContext {
  readonly snapshot: Snapshot
  /** compile(snapshot): its diagnostics are reported by lint as they are. */
  readonly table: RouteTable
  /** Reference time for certificate checks (ms since epoch). */
  readonly now: number
  /** By `namespace/name`. */
  readonly services: ReadonlyMap<string, Entry<Service>>
  readonly secrets: ReadonlyMap<string, Entry<Secret>>
  /** By name (cluster-scoped). */
  readonly ingressClasses: ReadonlyMap<string, Entry<IngressClass>>
  /** Ingresses the compiled table serves (they have a route or a TLS binding): not rejected, not class-excluded. */
  readonly served: ReadonlyArray<Entry<Ingress>>
  /** Ingresses the API server would reject (validation errors in the table's diagnostics). */
  readonly rejected: ReadonlySet<Entry<Ingress>>
}

/** Metadata of a rule, whatever produces it (validation, compiler, loader or lint itself). */
export interface RuleInfo {
  readonly id: string
  readonly severity: Severity
  readonly description: string
  /** Who reports it: shown in docs and SARIF properties. */
  readonly origin: 'validation' | 'compiler' | 'loader' | 'lint'
  /** `lint --fix` rewrites what it reports (src/lint/fix). */
  readonly fixable?: boolean
}

/** A lint rule of its own: one module under src/lint/rules/ each. */
export interface LintRule extends RuleInfo {
  readonly origin: 'lint'
  check(ctx: LintContext): Diagnostic[]
}
