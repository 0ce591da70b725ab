/**
 * One request to an HTTP/1.1 upstream, as an undici dispatch handler
 * (Dispatcher.dispatch: onConnect, onHeaders, onData, onComplete, onError;
 * see H1Exchange).
 *
 * undici (llhttp inside) parses and frames the upstream response; this
 * handler relays it to the client: status and fields once (filtered by
 * responseHead), body chunks with backpressure (the upstream read pauses
 * while the client's socket is full), trailers when the client's protocol
 * can carry them. It never throws: undici would turn an exception in a
 * handler into an 'error' event.
 */
import type * as http from 'node:http'
import {PassThrough, type Duplex} from 'node:stream'
import type {ServiceBackend} from '../model/routes.js'
import type {UpstreamEndpoint} from '../model/upstreams.js'
import type {Engine, Exchange} from './engine.js'
import {cleanTrailers, latin1, responseHead} from './headers.js'
import type {UpstreamFailure} from './problems.js'

/** Errors of the connection attempt itself: nothing reached the upstream. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EAI_NONAME'])

/** A reason phrase Node can write (RFC 9112 §4: HTAB, SP, VCHAR, obs-text); others are replaced by the standard one. */
const INVALID_REASON = /[^\t\x20-\x7e\x80-\xff]/

type UpstreamError = Error & {code?: string; syscall?: string; connectTimeout?: boolean; socket?: {bytesRead?: number}}

/** Request fields for undici: it frames the body itself (no Transfer-Encoding) and does not send Expect on HTTP/1.1. */
export function undiciFields(list: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') continue
    if (name.length === 6 && name.toLowerCase() === 'expect') continue
    out.push(name, list[i + 1]!)
  }
  return out
}

const NO_FIELDS: readonly Buffer[] = []

/** undici's raw header list (Buffers, as received), or none. */
function rawFields(raw: unknown): readonly (string | Buffer)[] {
  return Array.isArray(raw) ? (raw as (string | Buffer)[]) : NO_FIELDS
}

/** The failure kind of an undici error; `started`: the request was being written on a connection. */
export function failureKind(err: UpstreamError, started: boolean): UpstreamFailure {
  const code = err.code ?? ''
  if (err.connectTimeout === true || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect-timeout'
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'upstream-timeout'
  if (
    err.name === 'HTTPParserError' ||
    code.startsWith('HPE_') ||
    code === 'UND_ERR_HEADERS_OVERFLOW' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
    code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE' ||
    code === 'UND_ERR_INVALID_ARG' ||
    code === 'UND_ERR_NOT_SUPPORTED' ||
    (code === 'UND_ERR_SOCKET' && (err.message === 'bad response' || err.message === 'bad upgrade'))
  ) {
    return 'upstream-error'
  }
  if (!started || err.syscall === 'connect' || err.syscall === 'getaddrinfo' || CONNECT_CODES.has(code)) return 'connect-failed'
  return 'upstream-reset'
}

/** What the 502 says about an upstream that broke the protocol. */
function protocolDetail(err: UpstreamError): string {
  const code = err.code ?? ''
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return 'invalid HTTP response from upstream: response head too large'
  if (code === 'UND_ERR_SOCKET' && err.message === 'bad upgrade') return 'invalid HTTP response from upstream: unexpected 101 Switching Protocols'
  if (code === 'UND_ERR_SOCKET' && err.message === 'bad response') return 'invalid HTTP response from upstream: bytes with no request outstanding, or 100 Continue to a request without Expect'
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') return `request not sent: ${err.message}`
  const m = /\((.*)\)$/.exec(err.message)
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return 'invalid HTTP response from upstream: body length does not match Content-Length'
  return `invalid HTTP response from upstream: ${m ? m[1] : err.message}`
}

/**
 * The handler speaks undici's own request-handler methods (onConnect,
 * onHeaders, onData, onComplete, onError: what undici's request() and
 * stream() use inside), not the controller methods (onRequestStart, ...):
 * for those undici wraps every request in an adapter that also turns the
 * raw fields and trailers into objects, which this handler does not read.
 * Pausing is `false` from onHeaders/onData, resuming the `resume` callback.
 */
export class H1Exchange {
  /** The request body undici reads: the client's body is piped in once the request is on a connection. */
  readonly body: PassThrough | null
  /** undici's abort for this request, once it is on a connection. */
  private abortRequest: ((err?: Error) => void) | undefined
  /** Resumes reading the response (after onData returned false). */
  private resumeRead: (() => void) | undefined
  private paused = false
  private started = false
  private responded = false
  private settled = false
  private aborted = false
  private onDrain: (() => void) | undefined

  constructor(
    private readonly engine: Engine,
    private readonly x: Exchange,
    private readonly backend: ServiceBackend,
    private readonly endpoints: ReadonlyArray<UpstreamEndpoint>,
    private readonly ep: UpstreamEndpoint,
    private readonly attempt: number,
  ) {
    this.body = x.head.hasBody ? new PassThrough({highWaterMark: 64 * 1024}) : null
  }

  /** The client went away: cancel the request (undici closes its connection). */
  abort(): void {
    if (this.settled) return
    this.settled = true
    this.aborted = true
    this.release()
    if (this.abortRequest !== undefined) this.abortRequest(clientGone())
    // Not on a connection yet: onConnect aborts it.
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortRequest = abort
    if (this.aborted || this.x.done) {
      this.settled = true
      abort(clientGone())
      return
    }
    this.started = true
    const x = this.x
    if (this.body !== null) {
      x.bodyStarted = true
      // The gateway invites the body now that an upstream connection takes it (nginx does the same: it
      // answers 100 Continue itself when it reads the body, and does not pass Expect upstream).
      if (x.head.expectContinue && !x.res.headersSent) {
        try {
          ;(x.res as http.ServerResponse).writeContinue()
        } catch {
          // The client is gone; finish() aborts.
        }
      }
      ;(x.req as NodeJS.ReadableStream).pipe(this.body)
    }
  }

  /** `false` pauses the response (the client's socket is full). */
  onHeaders(status: number, rawHeaders: Buffer[] | null, resume: () => void, message?: string): boolean {
    if (this.settled) return true
    if (status < 200) return true // Interim responses (102, 103): the final one follows.
    this.responded = true
    this.resumeRead = resume
    const {engine, x} = this
    try {
      engine.balancer.succeed(this.ep.key)
      if (x.done) {
        this.settled = true
        this.abortRequest?.(clientGone())
        return true
      }
      const trailersOk = x.h2 || (x.req as http.IncomingMessage).httpVersionMinor >= 1
      const rh = responseHead(rawFields(rawHeaders), trailersOk)
      if (engine.closing && !x.h2) (x.res as http.ServerResponse).shouldKeepAlive = false
      const reason = message && !INVALID_REASON.test(message) ? message : undefined
      if (!engine.writeHead(x, status, rh.list, reason)) {
        this.settled = true
        this.abortRequest?.(Object.assign(new Error('response not relayed'), {code: 'UND_ERR_ABORTED'}))
        return true
      }
      if (status === 204 || status === 304 || x.req.method === 'HEAD') {
        // No body, whatever the fields say (RFC 9112 §6.3): the client's answer is complete now. What
        // the upstream sends next is undici's to judge (bytes after it close that connection).
        this.settled = true
        this.release()
        x.abort = undefined
        x.res.end()
      }
    } catch (err) {
      this.cut(err as Error)
    }
    return true
  }

  /** `false` pauses the response until the client's socket drains. */
  onData(chunk: Buffer): boolean {
    if (this.settled) return true
    const res = this.x.res as http.ServerResponse
    this.x.bytes += chunk.length
    try {
      if (res.write(chunk)) return true
    } catch (err) {
      this.cut(err as Error)
      return true
    }
    this.paused = true
    if (this.onDrain === undefined) {
      this.onDrain = () => {
        if (!this.paused) return
        this.paused = false
        this.resumeRead?.()
      }
      res.on('drain', this.onDrain)
    }
    return false
  }

  onComplete(rawTrailers: Buffer[] | string[] | null): void {
    if (this.settled) return
    this.settled = true
    this.release()
    const x = this.x
    x.abort = undefined
    try {
      const raw = rawFields(rawTrailers)
      const trailersOk = x.h2 || (x.req as http.IncomingMessage).httpVersionMinor >= 1
      if (raw.length > 0 && trailersOk) {
        const t: Record<string, string | string[]> = {}
        for (let i = 0; i < raw.length; i += 2) {
          const name = latin1(raw[i]!).toLowerCase()
          const value = latin1(raw[i + 1]!)
          const prev = t[name]
          t[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
        }
        const clean = cleanTrailers(t)
        if (clean) x.res.addTrailers(clean)
      }
      x.res.end()
    } catch {
      // Fields Node refuses to write (or a client already gone): the client sees the response cut.
      x.error ??= 'upstream-error'
      x.res.destroy()
    }
  }

  /** An upgrade answer on this path (the gateway sends none: upgrades go through upgrade.ts) is refused. */
  onUpgrade(_status: number, _headers: unknown, socket: Duplex): void {
    socket.destroy()
    this.onError(Object.assign(new Error('unexpected 101 Switching Protocols'), {code: 'UND_ERR_SOCKET'}))
  }

  onError(err: Error): void {
    if (this.settled) return
    this.settled = true
    this.release()
    const e = err as UpstreamError
    const kind = failureKind(e, this.started)
    const x = this.x
    if (this.responded) {
      // Cut in the middle of the body: the client must see a cut, not an end.
      x.abort = undefined
      x.error ??= kind === 'connect-failed' ? 'upstream-reset' : kind
      x.res.destroy()
      return
    }
    // A reused keep-alive connection that closed before any response byte (the race with the
    // upstream's idle timeout): the socket had read earlier responses.
    const stale = kind === 'upstream-reset' && (e.socket?.bytesRead ?? 0) > 0
    const detailed = kind === 'upstream-error' ? Object.assign(new Error(protocolDetail(e)), {code: e.code}) : e
    this.engine.failed(x, this.backend, this.endpoints, this.ep, this.attempt, kind, detailed, stale)
  }

  private cut(err: Error): void {
    if (!this.settled) {
      this.settled = true
      this.release()
      this.abortRequest?.(err)
    }
    this.x.error ??= 'upstream-error'
    this.x.res.destroy()
  }

  private release(): void {
    if (this.onDrain !== undefined) {
      this.x.res.removeListener('drain', this.onDrain)
      this.onDrain = undefined
    }
    if (this.body !== null && this.started) (this.x.req as NodeJS.ReadableStream).unpipe(this.body)
  }
}

function clientGone(): Error {
  return Object.assign(new Error('client went away'), {code: 'UND_ERR_ABORTED'})
}
