import type {Duplex} from 'node:stream'
import type {ServiceBackend} from './routes.js'

/** One concrete place a backend's traffic can go. */
export interface UpstreamEndpoint {
  /** Stable id used for pools, round-robin and ejection, e.g. `10.1.2.3:8080`, `127.0.0.1:3000`, `pod:shop/web-7f9:8080`. */
  readonly key: string
  readonly host: string
  readonly port: number
  /** Speak TLS to the upstream (backend protocol https/grpcs, or a --map https:// URL). */
  readonly tls?: boolean
  /** Human label for logs and the routes UI (pod name, map URL...). */
  readonly label?: string
  /**
   * Custom transport, e.g. a port-forward tunnel through the API server. When
   * absent the engine opens TCP to host:port. Must return a connected-or-connecting
   * stream that emits 'connect' (or is already usable) and 'error' like net.Socket.
   */
  readonly connect?: () => Duplex
}

export type UpstreamSource = 'map' | 'endpointslice' | 'externalname' | 'echo' | 'direct' | 'port-forward'

export type Resolution =
  | {readonly kind: 'endpoints'; readonly source: UpstreamSource; readonly endpoints: ReadonlyArray<UpstreamEndpoint>}
  /** The built-in echo upstream: the engine answers with the matched route and the request as JSON. */
  | {readonly kind: 'echo'}
  /** Nothing to send to: the engine answers 503 with `reason` and `hint` (e.g. the --map flag that would fix it). */
  | {readonly kind: 'unresolved'; readonly reason: string; readonly hint: string}

/** Maps a Service backend to endpoints. Implementations: file mode (--map, EndpointSlices, ExternalName, --echo), cluster mode (direct, port-forward). */
export interface UpstreamResolver {
  resolve(backend: ServiceBackend): Resolution
}
