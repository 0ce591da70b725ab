/** One finished request, as the access log and the metrics see it. */
export interface RequestRecord {
  /** When the request started (ms since epoch). */
  readonly time: number
  readonly method: string
  /** Host header (or :authority) as received. */
  readonly host: string
  /** Path with query, as received. */
  readonly path: string
  readonly status: number
  /** Response body bytes sent to the client. */
  readonly bytes: number
  /** Milliseconds from request start to response end. */
  readonly durationMs: number
  /** The matched route id, absent when no route matched. */
  readonly route?: string
  /** The endpoint key the request went to, `echo`, or absent. */
  readonly upstream?: string
  /** `http/1.1`, `h2`, `h2c`, `websocket`, `grpc`... */
  readonly protocol?: string
  /** Client address. */
  readonly remote?: string
  /** Proxy error kind when the gateway answered itself (connect, timeout, reset, unresolved...). */
  readonly error?: string
}

export type LogFormat = 'text' | 'json'
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json']
