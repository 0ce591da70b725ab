import type {SecureContext} from 'node:tls'

/** Supplies certificates for the HTTPS listener, chosen by SNI server name. */
export interface TlsProvider {
  /** Same contract as tls.createServer's SNICallback: answer with a SecureContext (or an error to refuse the handshake). */
  SNICallback(servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void
  /** PEM certificate and key used when the client sends no SNI (optional; without it such handshakes fail). */
  readonly defaultCertificate?: {readonly cert: string | Buffer; readonly key: string | Buffer}
}

/** One finished request or WebSocket session, for the access log and metrics. Optional fields may be present with the value undefined. */
export interface RequestInfo {
  readonly method: string
  /** Host header (or :authority) as sent by the client. */
  readonly host: string
  /** Request target (path and query) as sent by the client. */
  readonly path: string
  /** Status sent to the client; 499 when the client went away before the response was complete. */
  readonly status: number
  /** Response body bytes sent to the client (WebSocket: bytes relayed upstream → client). */
  readonly bytes: number
  readonly durationMs: number
  /** `http/1.1`, `http/1.0`, `h2` (over TLS), `h2c`, `websocket`. */
  readonly protocol: string
  readonly secure: boolean
  readonly remoteAddress: string
  /** Id of the matched route, absent when nothing matched. */
  readonly routeId?: string
  /** Key of the last upstream endpoint tried (`host:port`), `echo` for the built-in echo upstream. */
  readonly upstream?: string
  /**
   * Why the proxy answered an error or cut the response, when it did:
   * `no-route`, `unresolved`, `resource-backend`, `connect-failed`, `connect-timeout`,
   * `upstream-reset`, `upstream-timeout`, `client-abort`, `upstream-error`,
   * `bad-request` (400: a malformed request head or target), `header-too-large` (431).
   */
  readonly error?: string
  /** True when a connection error was retried (on another endpoint, or on a fresh connection). */
  readonly retried?: boolean
}

export interface GatewayOptions {
  /** Address both listeners bind to (e.g. 127.0.0.1 or ::1). */
  readonly address: string
  /** Plain HTTP port (HTTP/1.1 and h2c prior knowledge); 0 picks a free port. */
  readonly httpPort: number
  /** HTTPS port (HTTP/1.1 and h2 via ALPN); 0 picks a free port. Needs `tls`. */
  readonly httpsPort?: number
  /** Certificates for the HTTPS listener; absent → no HTTPS listener. */
  readonly tls?: TlsProvider
  /** Time to open a connection to an upstream (default 5000 ms). Exceeded → 504. */
  readonly connectTimeoutMs?: number
  /** Longest silence while waiting for or reading an upstream response (default 60000 ms). Exceeded → 504. */
  readonly upstreamIdleTimeoutMs?: number
  /** First ejection of a failed endpoint (default 1000 ms); doubles per consecutive failure. */
  readonly ejectBaseMs?: number
  /** Longest ejection (default 30000 ms). */
  readonly ejectMaxMs?: number
  /**
   * Longest time to receive a request head, HTTP/1.x (counted from the
   * connection, or from the start of each keep-alive request); also how long a
   * new plain connection may stay silent before its first bytes tell HTTP/1.1
   * from h2c. Default 60000 ms, nginx's client_header_timeout. Exceeded → 408 and close.
   */
  readonly clientHeaderTimeoutMs?: number
  /** HTTP/1.1 keep-alive: idle time between requests before the connection is closed (default 75000 ms, nginx's keepalive_timeout). */
  readonly keepAliveTimeoutMs?: number
  /** A TLS handshake not completed within this destroys the socket (default 60000 ms, nginx's ssl_handshake_timeout). */
  readonly tlsHandshakeTimeoutMs?: number
  /** An HTTP/2 connection (h2 or h2c) with no open stream for this long is closed with GOAWAY (default 75000 ms, nginx's keepalive_timeout for HTTP/2). */
  readonly http2IdleTimeoutMs?: number
  /**
   * HTTP/2 connections with open streams are sent a PING this often; one still
   * unanswered at the next tick closes the connection (a peer that vanished
   * without a FIN). Default 60000 ms.
   */
  readonly http2PingIntervalMs?: number
  /** Called once per finished request (also errors and aborts) and per closed WebSocket. Must not throw. */
  readonly onRequestEnd?: (info: RequestInfo) => void
  /** Called when an upstream connection attempt fails, with the endpoint key and the error code. */
  readonly onUpstreamError?: (endpoint: string, code: string) => void
}

export interface ResolvedOptions {
  readonly connectTimeoutMs: number
  readonly idleTimeoutMs: number
  readonly ejectBaseMs: number
  readonly ejectMaxMs: number
  readonly onRequestEnd?: (info: RequestInfo) => void
  readonly onUpstreamError?: (endpoint: string, code: string) => void
}

export function resolveOptions(o: GatewayOptions): ResolvedOptions {
  return {
    connectTimeoutMs: o.connectTimeoutMs ?? 5000,
    idleTimeoutMs: o.upstreamIdleTimeoutMs ?? 60000,
    ejectBaseMs: o.ejectBaseMs ?? 1000,
    ejectMaxMs: o.ejectMaxMs ?? 30000,
    ...(o.onRequestEnd ? {onRequestEnd: o.onRequestEnd} : {}),
    ...(o.onUpstreamError ? {onUpstreamError: o.onUpstreamError} : {}),
  }
}

/** Client-side limits of the listeners, with their defaults (nginx's where nginx has one). */
export interface ClientLimits {
  readonly headerTimeoutMs: number
  readonly keepAliveTimeoutMs: number
  readonly tlsHandshakeTimeoutMs: number
  readonly http2IdleTimeoutMs: number
  readonly http2PingIntervalMs: number
}

export const CLIENT_DEFAULTS: ClientLimits = {
  headerTimeoutMs: 60_000,
  keepAliveTimeoutMs: 75_000,
  tlsHandshakeTimeoutMs: 60_000,
  http2IdleTimeoutMs: 75_000,
  http2PingIntervalMs: 60_000,
}

export function clientLimits(o: GatewayOptions): ClientLimits {
  return {
    headerTimeoutMs: o.clientHeaderTimeoutMs ?? CLIENT_DEFAULTS.headerTimeoutMs,
    keepAliveTimeoutMs: o.keepAliveTimeoutMs ?? CLIENT_DEFAULTS.keepAliveTimeoutMs,
    tlsHandshakeTimeoutMs: o.tlsHandshakeTimeoutMs ?? CLIENT_DEFAULTS.tlsHandshakeTimeoutMs,
    http2IdleTimeoutMs: o.http2IdleTimeoutMs ?? CLIENT_DEFAULTS.http2IdleTimeoutMs,
    http2PingIntervalMs: o.http2PingIntervalMs ?? CLIENT_DEFAULTS.http2PingIntervalMs,
  }
}
