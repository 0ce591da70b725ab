import type {LogFormat} from '../log/request-record.js'
import type {UpstreamMode} from './upstream-provider.js'

export interface ServeOptions {
  // Where objects come from (src/cli/flags.ts sourceFlags / clusterFlags).
  readonly files?: readonly string[]
  readonly stdin?: NodeJS.ReadableStream
  readonly ingressClass?: string
  /** --controller-config NAMESPACE/NAME. */
  readonly controllerConfig?: string
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

  // Output.
  readonly logFormat: LogFormat
  /** Log every request; default: only when stdout is not a terminal. */
  readonly accessLog?: boolean
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
} as const
