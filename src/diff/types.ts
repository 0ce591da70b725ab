/** What `ingressctl diff` reports: plain data, sorted, rendered by the format modules. */

/** A route as diff shows it. */
export interface RouteView {
  /** `shop.example.com`, `*.foo.com`, `*` (rules without host); `*` for the default backend. */
  readonly host: string
  /** As written; `/` for the default backend. */
  readonly path: string
  readonly pathType: string
  readonly defaultBackend: boolean
  /** `namespace/name` of the Ingress that owns the route. */
  readonly ingress: string
  /** Short form: `api:80`, `api:http`, `ns/api:80` when the namespace differs from the Ingress', `StorageBucket/static` for resources. */
  readonly backend: string
  readonly backendDetail: BackendDetail
  /** `namespace/secret` serving TLS for the host, `(controller default)` without secretName; absent without TLS. */
  readonly tls?: string
  /** Upstream protocol (http, https, h2c, grpc, grpcs); absent for resource backends. */
  readonly protocol?: string
  /** `file:line:col` where the path is written. */
  readonly source?: string
}

export type BackendDetail =
  | {readonly service: {readonly namespace: string; readonly name: string; readonly port: {readonly number: number} | {readonly name: string}; readonly resolvedPort?: number}}
  | {readonly resource: {readonly namespace: string; readonly apiGroup?: string; readonly kind: string; readonly name: string}}

export type ChangedField = 'path' | 'pathType' | 'backend' | 'port' | 'tls' | 'ingress' | 'protocol' | 'annotations' | 'actions'

export interface FieldChange {
  readonly field: ChangedField
  readonly before: string | null
  readonly after: string | null
}

export type RouteChange =
  | {readonly change: 'added'; readonly route: RouteView}
  | {readonly change: 'removed'; readonly route: RouteView}
  | {readonly change: 'changed'; readonly before: RouteView; readonly after: RouteView; readonly fields: ReadonlyArray<FieldChange>}

/**
 * A request served by another backend although the route that served it did
 * not change (a new rule shadows it), or a request whose effect changed: a
 * rewrite or redirect added, changed or removed (then both sides carry `effect`).
 */
export interface EffectiveChange {
  readonly method: 'GET'
  /** Probe host (a sample host for wildcard and host-less routes). */
  readonly host: string
  readonly path: string
  readonly before: {readonly backend: string; readonly route: string; readonly effect?: string}
  /** null: no route serves the request any more (404). */
  readonly after: {readonly backend: string; readonly route: string; readonly effect?: string} | null
}

export interface DiffSummary {
  readonly added: number
  readonly removed: number
  readonly changed: number
  readonly effective: number
}

export interface DiffReport {
  /** Labels of the two sides, e.g. `old.yaml`, `origin/main:k8s/`, `cluster (context staging)`. */
  readonly oldLabel: string
  readonly newLabel: string
  /** Sorted by host, path, pathType (default backend last). */
  readonly routes: ReadonlyArray<RouteChange>
  /** Sorted by host, then path. */
  readonly effective: ReadonlyArray<EffectiveChange>
  readonly summary: DiffSummary
  readonly changed: boolean
}
