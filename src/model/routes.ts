import type {RouteAction} from '../actions/types.js'
import type {Diagnostic, DiagnosticLocation, ObjectRef} from './diagnostics.js'
import type {LocationMatch, NginxServer} from './locations.js'
import type {ControllerProfile} from './profile.js'

/** pathType as written in the Ingress. */
export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific'

/** How ingressctl matches a path under the `spec` profile. ImplementationSpecific is matched as Prefix (documented choice). ingress-nginx routes are matched by their host's locations (RouteTable.nginxServers). */
export type MatchKind = 'Exact' | 'Prefix'

/** Protocol spoken to the upstream, from the Service port's appProtocol or the backend-protocol annotation. */
export type UpstreamProtocol = 'http' | 'https' | 'h2c' | 'grpc' | 'grpcs'

export interface ResolvedServicePort {
  readonly name?: string
  readonly port: number
  readonly targetPort?: number | string
  readonly protocol?: string
  readonly appProtocol?: string
}

export interface ServiceBackend {
  readonly kind: 'service'
  readonly namespace: string
  readonly name: string
  /** The port as written in the Ingress: exactly one of number or name. */
  readonly port: {readonly number?: number; readonly name?: string}
  /** The Service's port entry, when the Service is in the snapshot and has that port. */
  readonly servicePort?: ResolvedServicePort
  /** `ClusterIP` | `NodePort` | `LoadBalancer` | `ExternalName` when the Service is known. */
  readonly serviceType?: string
  /** For Services of type ExternalName. */
  readonly externalName?: string
  readonly protocol: UpstreamProtocol
}

export interface ResourceBackend {
  readonly kind: 'resource'
  readonly namespace: string
  readonly apiGroup?: string
  readonly resourceKind: string
  readonly name: string
}

export type Backend = ServiceBackend | ResourceBackend

/** One path of one rule of one Ingress, after class selection, merging and conflict resolution. */
export interface Route {
  /** Stable id: `host|path|pathType` for rules, `*|default` for the default backend. */
  readonly id: string
  /** Lower-cased host as written: `foo.com`, `*.foo.com`, or `*` for a rule without host. */
  readonly host: string
  /** Path as written in the rule (`/` for the default backend). */
  readonly path: string
  readonly pathType: PathType
  readonly matchKind: MatchKind
  readonly backend: Backend
  readonly ingress: ObjectRef
  /** Index of the rule in spec.rules and of the path in rule.http.paths; -1 for the default backend. */
  readonly ruleIndex: number
  readonly pathIndex: number
  readonly defaultBackend: boolean
  /** Where the path (or defaultBackend) is written. */
  readonly location?: DiagnosticLocation
  /** TLS secret serving this route's host, when the Ingress (or another one) declares it. */
  readonly tls?: TlsBinding
  /** Parsed, validated annotation values by annotation key (only known annotations). */
  readonly annotations: Readonly<Record<string, unknown>>
  /** The controller whose behaviour this route follows (absent: `spec`). */
  readonly profile?: ControllerProfile
  /**
   * What the route does to a request besides choosing the backend (rewrites,
   * redirects, upstream Host, response headers), in phase order; compiled
   * from the annotations (src/compiler/actions.ts). Absent when nothing.
   */
  readonly actions?: ReadonlyArray<RouteAction>
}

/** A TLS host → Secret mapping from spec.tls. */
export interface TlsBinding {
  /** `foo.com`, `*.foo.com`, or `*` when spec.tls[].hosts is empty. */
  readonly host: string
  readonly secretNamespace: string
  /** Absent when spec.tls[] has no secretName (SNI-only / controller default certificate). */
  readonly secretName?: string
  readonly ingress: ObjectRef
  readonly location?: DiagnosticLocation
}

/** Why a route did not serve a request. */
export type LossReason =
  | 'host-mismatch'
  | 'less-specific-host'
  | 'path-mismatch'
  | 'shorter-path'
  | 'prefix-loses-to-exact'
  | 'conflict-loser'
  /** ingress-nginx: a regex location matched, and regex locations win over (non-`^~`) prefix locations. */
  | 'regex-over-prefix'
  /** ingress-nginx: a regex location written earlier matched first. */
  | 'earlier-regex'

export interface Candidate {
  readonly route: Route
  readonly reason: LossReason
  /** Human explanation, e.g. "Exact /foo wins over Prefix /foo at equal length". */
  readonly detail: string
}

export interface MatchResult {
  readonly matched: boolean
  readonly route?: Route
  /** Normalized request host (lower case, port stripped) and path (query removed). */
  readonly host: string
  readonly path: string
  /** ingress-nginx hosts: the nginx location that served (its regex and capture groups for a regex location). */
  readonly location?: LocationMatch
}

export interface Explanation extends MatchResult {
  /** Routes that were considered and lost, most relevant first. */
  readonly candidates: ReadonlyArray<Candidate>
  /** One line per decision step, in order. */
  readonly steps: ReadonlyArray<string>
}

/**
 * The compiled, immutable route table. Built by `compile()`; consumers hold it
 * by reference and replace it whole.
 */
export interface RouteTable {
  /** Routes sorted by host, then path, then pathType; default backend last. */
  readonly routes: ReadonlyArray<Route>
  readonly defaultRoute?: Route
  /** Sorted by host. */
  readonly tls: ReadonlyArray<TlsBinding>
  /** Sorted with compareDiagnostics. */
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /** Hosts that have at least one rule (sorted), `*` included when a rule has no host. */
  readonly hosts: ReadonlyArray<string>
  /** The route serving `host` (Host header, port allowed, any case) and `path` (query allowed). Cost independent of table size. */
  lookup(host: string, path: string): MatchResult
  /** Like lookup, with the losing candidates and the decision steps. */
  explain(host: string, path: string): Explanation
  /** The ingress-nginx servers (hosts whose routes follow the ingress-nginx profile), sorted by host, with their locations in nginx.conf order. */
  readonly nginxServers?: ReadonlyArray<NginxServer>
  /** The TLS binding for an SNI server name, wildcard-aware (exact host first, then `*.parent`, then `*`). */
  tlsFor(serverName: string): TlsBinding | undefined
}
