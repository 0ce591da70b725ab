import type {ControllerChoice} from '../compiler/index.js'
import type {LogFormat} from '../log/request-record.js'
import type {UpstreamMode} from './upstream-provider.js'

export interface ServeOptions {
  // Where objects come from (src/cli/flags.ts sourceFlags / clusterFlags).
  readonly files?: readonly string[]
  readonly stdin?: NodeJS.ReadableStream
  readonly ingressClass?: string
  /** --controller (default auto). */
  readonly controller?: ControllerChoice
  readonly kubeconfig?: string
  readonly context?: string
  readonly namespace?: string
  readonly allNamespaces?: boolean

  // Listeners.
  readonly address: string
  readonly httpPort: number
  readonly httpsPort: number
  readonly adminPort: number
  readonly adminAddress: string

  // Upstreams.
  readonly maps: readonly string[]
  readonly echo: boolean
  readonly upstream: UpstreamMode
  readonly connectTimeoutMs: number
  readonly upstreamTimeoutMs: number
  readonly drainTimeoutMs: number

  // Client connections (defaults: CLIENT_DEFAULTS in src/proxy/options.ts).
  /** --client-header-timeout: longest time to receive a request head; also a new connection's first bytes. */
  readonly clientHeaderTimeoutMs?: number
  /** --keepalive-timeout: an HTTP/1.1 connection idle between requests is closed after this. */
  readonly keepAliveTimeoutMs?: number
  /** --tls-handshake-timeout: a TLS handshake not completed by then destroys the socket. */
  readonly tlsHandshakeTimeoutMs?: number
  /** --http2-idle-timeout: an HTTP/2 connection with no open stream is closed after this. */
  readonly http2IdleTimeoutMs?: number
  /** --http2-ping-interval: HTTP/2 connections with open streams are pinged this often. */
  readonly http2PingIntervalMs?: number

  // Output.
  readonly logFormat: LogFormat
  /** Log every request; default: only when stdout is not a terminal. */
  readonly accessLog?: boolean
  /** Colour the compact access log's status (on a terminal, unless NO_COLOR / --no-color). */
  readonly color?: boolean
  readonly stdout: NodeJS.WritableStream & {isTTY?: boolean}
  readonly stderr: NodeJS.WritableStream

  /** --reload-debounce: quiet period after a file change before reloading (default 100 ms). */
  readonly debounceMs?: number
  /** CA directory (default: the configuration directory's `ca`). */
  readonly caDir?: string
}

export const SERVE_DEFAULTS = {
  address: '127.0.0.1',
  httpPort: 8080,
  httpsPort: 8443,
  adminPort: 9901,
  adminAddress: '127.0.0.1',
  connectTimeout: '5s',
  upstreamTimeout: '60s',
  drainTimeout: '10s',
  // nginx: client_header_timeout 60s, keepalive_timeout 75s, ssl_handshake_timeout 60s.
  clientHeaderTimeout: '60s',
  keepAliveTimeout: '75s',
  tlsHandshakeTimeout: '60s',
  http2IdleTimeout: '75s',
  http2PingInterval: '60s',
} as const
