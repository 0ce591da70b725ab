import * as http from 'node:http'
import * as http2 from 'node:http2'
import type {Socket} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {Dispatcher} from 'undici'
import type {Route, ServiceBackend} from '../model/routes.js'
import type {UpstreamEndpoint} from '../model/upstreams.js'
import {prefersJson} from './accept.js'
import {matchPath} from '../table/normalize-path.js'
import {badPath} from './bad-path.js'
import {Balancer} from './balancer.js'
import {echoBody} from './echo.js'
import {
  cleanTrailers,
  clientAddress,
  h2RequestHeaders,
  h2ResponseToList,
  listToObject,
  requestHead,
  requestTarget,
  responseHead,
  withHost,
  type ClientSide,
  type RequestHead,
} from './headers.js'
import type {RequestInfo, ResolvedOptions} from './options.js'
import {
  grpcMessage,
  invalidResponse,
  noRoute,
  problemJson,
  problemText,
  refusedRequest,
  resourceBackend,
  serviceLabel,
  unresolved,
  upstreamFailed,
  type Problem,
  type UpstreamFailure,
} from './problems.js'
import type {GatewayState} from './state.js'
import {SessionPool, UpstreamPools, type PooledSession} from './transport.js'
import {H1Exchange, undiciFields} from './upstream-h1.js'
import {applyActions, clientOf, defaultBackendFields, forwardedOf} from './actions.js'
import {TOO_LARGE_BODY} from '../actions/evaluate.js'
import {removeField} from '../model/field-list.js'
import {applyResponse} from '../actions/response.js'
import {slashRedirectLocation} from '../actions/outcome.js'
import type {CustomErrorsAction, ResponseAction} from '../actions/types.js'

export type ClientRequest = http.IncomingMessage | http2.Http2ServerRequest
export type ClientResponse = http.ServerResponse | http2.Http2ServerResponse

/** Per-listener facts the request path needs. */
export interface ListenerInfo {
  /** `http` or `https`. */
  readonly proto: string
  readonly secure: boolean
  /** Bound port, as a string (X-Forwarded-Port). */
  port: string
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])
const {NGHTTP2_CANCEL} = http2.constants
const END_STREAM = http2.constants.NGHTTP2_FLAG_END_STREAM
const kInflight = Symbol('ingressctl.inflight')

type Tracked = Socket & {[kInflight]?: number}

/**
 * The server name a request without a host is served as (nginx's $host falls
 * back to the matching server's name): the host of the route's rule, or, for
 * a rule without a host, the address and port the client connected to.
 */
export function serverName(routeHost: string, req: ClientRequest, listener: ListenerInfo): string {
  if (routeHost !== '*' && !routeHost.startsWith('*.')) return routeHost
  const addr = clientAddress(req.socket?.localAddress) || 'localhost'
  const name = addr.includes(':') ? `[${addr}]` : addr
  const port = listener.port === (listener.secure ? '443' : '80') ? '' : `:${listener.port}`
  return name + port
}

/** The stream ended in RST_STREAM (sent or received) or was aborted, not with END_STREAM both ways. */
function streamReset(stream: http2.ServerHttp2Stream): boolean {
  return stream.aborted || (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR)
}

/** The part of an exchange that route actions change. */
interface ActState {
  /** The client's Host, when the one sent upstream differs. */
  clientHost?: string
  /** The client's request target, when the one sent upstream differs. */
  clientTarget?: string
  /** Route actions on the upstream's response head (HSTS, Location, Set-Cookie). */
  response?: ReadonlyArray<ResponseAction>
  /** custom-http-errors: upstream statuses answered by the default backend instead. */
  intercept?: CustomErrorsAction
  /** The upstream answer was intercepted: its exchange is dropped, not failed. */
  intercepted?: boolean
}

/** One client request on its way through the gateway. */
export class Exchange {
  readonly start = performance.now()
  routeId: string | undefined
  upstream: string | undefined
  error: string | undefined
  bytes = 0
  retried = false
  /** Request body bytes started flowing upstream: no retry possible any more. */
  bodyStarted = false
  /** The current upstream request, destroyed if the client goes away. */
  abort: (() => void) | undefined
  done = false
  /** The request body passed the route's proxy-body-size: the gateway answered 413, upstream failures no longer answer. */
  bodyRefused = false
  /** What route actions changed (one field, undefined for routes without actions). */
  acts: ActState | undefined

  constructor(
    readonly req: ClientRequest,
    readonly res: ClientResponse,
    readonly h2: boolean,
    readonly listener: ListenerInfo,
    /** Replaced once, when the client named no host (withHost). */
    public head: RequestHead,
    readonly client: ClientSide,
    /** Request target sent upstream (origin form). */
    public target: string,
  ) {}

  get isGrpc(): boolean {
    return this.head.contentType.startsWith('application/grpc')
  }
}

/**
 * Request handling: routing on the captured state, the echo upstream,
 * forwarding to HTTP/1.1 (undici pools) and HTTP/2 (pooled sessions)
 * upstreams, retries, passive health and the gateway's own error answers.
 */
export class Engine {
  state: GatewayState
  readonly balancer: Balancer
  readonly pools: UpstreamPools
  readonly sessions: SessionPool
  /** The HTTPS listener's port, for redirects to HTTPS (set by the gateway once listening). */
  httpsPort = 443
  closing = false
  private inflight = 0
  private idleWaiters: Array<() => void> = []

  constructor(
    readonly opts: ResolvedOptions,
    initial: GatewayState,
  ) {
    this.state = initial
    this.balancer = new Balancer(opts.ejectBaseMs, opts.ejectMaxMs)
    this.pools = new UpstreamPools(opts.connectTimeoutMs, opts.idleTimeoutMs)
    this.sessions = new SessionPool()
  }

  activeRequests(): number {
    return this.inflight
  }

  /** Resolves when no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  begin(socket: Tracked | undefined): void {
    this.inflight++
    if (socket) socket[kInflight] = (socket[kInflight] ?? 0) + 1
  }

  end(socket: Tracked | undefined): void {
    this.inflight--
    if (socket) {
      const n = (socket[kInflight] ?? 1) - 1
      socket[kInflight] = n
      if (this.closing && n === 0 && !socket.destroyed) socket.end()
    }
    if (this.inflight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters
      this.idleWaiters = []
      for (const w of waiters) w()
    }
  }

  static socketIdle(socket: Socket): boolean {
    return ((socket as Tracked)[kInflight] ?? 0) === 0
  }

  upstreamFailed(ep: UpstreamEndpoint, err: Error, eject: boolean): void {
    if (eject) this.balancer.fail(ep.key)
    this.opts.onUpstreamError?.(ep.key, (err as NodeJS.ErrnoException).code ?? err.message)
  }

  // ---------------------------------------------------------------- requests

  handle(req: ClientRequest, res: ClientResponse, listener: ListenerInfo): void {
    try {
      this.route(req, res, listener)
    } catch (err) {
      // A bug must cost one request, not the gateway.
      if (!res.headersSent) {
        res.writeHead(500, {'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store'})
        res.end(`500 Internal Server Error: ${(err as Error).message}\n`)
      } else {
        res.destroy()
      }
    }
  }

  private route(req: ClientRequest, res: ClientResponse, listener: ListenerInfo): void {
    const state = this.state
    const h2 = req.httpVersionMajor === 2
    const socket = h2 ? undefined : (req.socket as Tracked)
    this.begin(socket)
    const client: ClientSide = {remoteAddress: clientAddress(req.socket?.remoteAddress), proto: listener.proto, port: listener.port}
    const stream = h2 ? (req as http2.Http2ServerRequest).stream : undefined
    const target = requestTarget(req.url ?? '/', req.method ?? 'GET', h2)
    const head = requestHead(req.rawHeaders, client, stream ? !stream.endAfterHeaders : undefined, false, target.kind === 'absolute' ? target.authority : undefined)
    const x = new Exchange(req, res, h2, listener, head, client, target.path)
    res.on('close', () => this.finish(x, socket)) // finish() runs once (x.done); on() skips once()'s wrapper
    if (this.closing && !h2) (res as http.ServerResponse).shouldKeepAlive = false
    const invalid = target.kind === 'invalid' ? ({status: 400, reason: target.reason} as const) : head.invalid
    if (invalid !== undefined) {
      // The rest of this connection cannot be trusted to be framed as the client meant.
      if (!h2) (res as http.ServerResponse).shouldKeepAlive = false
      return this.problem(x, refusedRequest(invalid))
    }

    const path = matchPath(x.target) // matched as nginx normalises it; forwarded as sent
    if (path === undefined) return this.problem(x, badPath(x.target))
    const match = state.table.lookup(head.host, path)
    const route = match.route
    if (!match.matched || route === undefined) return this.problem(x, noRoute(head.host, path, state.table.hosts))
    x.routeId = route.id
    if (head.host === '') x.head = withHost(head, serverName(route.host, req, listener))
    if (match.location?.slashRedirect) return this.slashRedirect(x, match.host, match.location.path)
    if (route.actions !== undefined && this.act(x, route.actions, path)) return
    const backend = route.backend
    if (backend.kind !== 'service') return this.problem(x, resourceBackend(backend, route.id))
    const r = state.resolver.resolve(backend)
    if (r.kind === 'echo') return this.echo(x, route)
    if (r.kind === 'unresolved') {
      if (route.actions !== undefined && this.defaultBackend(x, route, route.actions)) return
      return this.problem(x, unresolved(backend, route.id, r.reason, r.hint))
    }
    const ep = this.balancer.pick(backend, r.endpoints)
    if (ep === undefined) {
      if (route.actions !== undefined && this.defaultBackend(x, route, route.actions)) return
      return this.problem(x, unresolved(backend, route.id, `no endpoints for Service ${serviceLabel(backend)}`, 'check the EndpointSlices of the Service, or use --map'))
    }
    this.forward(x, backend, r.endpoints, ep, 0)
  }

  /** Runs the route's actions: true when the gateway answered (a redirect), else the upstream target, Host and fields are set. */
  private act(x: Exchange, actions: NonNullable<Route['actions']>, path: string): boolean {
    const cl = x.req.headers['content-length']
    const contentLength = typeof cl === 'string' && /^\d+$/.test(cl) ? Number(cl) : undefined
    const a = applyActions(actions, x.req.method ?? 'GET', x.listener.secure, x.head, x.target, Number(x.listener.port), this.httpsPort, forwardedOf(actions, x.req.headers), path, contentLength, clientOf(actions, x.req.socket.remoteAddress, x.req.headers))
    if (a.kind === 'answer' && a.status === 413) {
      // ngx_http_special_response_handler: no keep-alive after a 413; the unread body is drained, not forwarded.
      if (!x.h2) (x.res as http.ServerResponse).shouldKeepAlive = false
      if (x.h2) removeField(a.list, 'connection')
      ;(x.req as NodeJS.ReadableStream).resume()
    }
    if (a.kind === 'answer') {
      x.bytes = Buffer.byteLength(a.body)
      if (x.h2) x.res.writeHead(a.status, listToObject(a.list))
      else (x.res as http.ServerResponse).writeHead(a.status, a.list)
      x.res.end(a.body)
      return true
    }
    const acts: ActState = {}
    x.acts = acts
    if (a.head !== x.head) {
      acts.clientHost = x.head.host
      x.head = a.head
    }
    if (a.target !== x.target) {
      acts.clientTarget = x.target
      x.target = a.target
    }
    if (a.response.length > 0) acts.response = a.response
    // A body without Content-Length (chunked, HTTP/2) is counted as it streams.
    if (x.head.hasBody && contentLength === undefined) {
      const limit = actions.find((b) => b.type === 'body-size')
      if (limit !== undefined && limit.type === 'body-size') this.limitBody(x, limit.limit)
    }
    // A request body is consumed by the first upstream: only bodyless requests can be asked again.
    if (!x.head.hasBody && !x.isGrpc) {
      const ce = actions.find((c) => c.type === 'custom-errors')
      if (ce !== undefined && ce.type === 'custom-errors') acts.intercept = ce
    }
    return false
  }

  /**
   * proxy-body-size on a streamed body. nginx reads the whole body before
   * proxying (proxy_request_buffering on), so its upstream never sees a body
   * over the limit. The gateway streams bodies: once the bytes read pass the
   * limit, the upstream request is aborted (it sees a cut, never a complete
   * request) and the client gets 413 with Connection: close if its answer has
   * not started; otherwise its answer is cut.
   */
  private limitBody(x: Exchange, limit: number): void {
    const req = x.req as NodeJS.ReadableStream
    let read = 0
    // Paused so the counter sees the same bytes the upstream pipe later reads (pipe resumes it).
    req.pause()
    const count = (chunk: Buffer | string) => {
      read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      if (read <= limit) return
      req.removeListener('data', count)
      this.refuseBody(x)
    }
    req.on('data', count)
  }

  private refuseBody(x: Exchange): void {
    x.bodyRefused = true
    const req = x.req as NodeJS.ReadableStream
    req.unpipe()
    const abort = x.abort
    x.abort = undefined
    abort?.()
    req.resume() // drain the rest, as nginx discards it
    if (x.done || x.res.headersSent) {
      x.error = 'body-too-large'
      x.res.destroy()
      return
    }
    x.bytes = Buffer.byteLength(TOO_LARGE_BODY)
    const list = ['content-type', 'text/html', 'content-length', String(x.bytes)]
    const hsts = x.acts?.response?.find((r) => r.type === 'hsts')
    if (hsts !== undefined && hsts.type === 'hsts' && x.listener.secure) list.push('strict-transport-security', hsts.value)
    if (x.h2) x.res.writeHead(413, listToObject(list))
    else {
      const res = x.res as http.ServerResponse
      res.shouldKeepAlive = false
      res.writeHead(413, [...list, 'connection', 'close'])
    }
    x.res.end(TOO_LARGE_BODY)
  }

  /**
   * custom-http-errors: the upstream answered one of the statuses; the
   * default backend is asked for `/` (the query kept) with the fields
   * ingress-nginx's @custom_ location sets (nginx.tmpl CUSTOM_ERRORS), and its
   * answer goes to the client.
   */
  private errorPage(x: Exchange, ce: CustomErrorsAction, status: number): void {
    if (x.done || x.res.headersSent) return
    const r = this.state.resolver.resolve(ce.backend)
    const ep = r.kind === 'endpoints' ? this.balancer.pick(ce.backend, r.endpoints) : undefined
    if (r.kind !== 'endpoints' || ep === undefined) {
      return this.problem(x, unresolved(ce.backend, x.routeId ?? '', `no endpoints for the default backend Service ${serviceLabel(ce.backend)}`, 'check the default-backend annotation and the Service, or use --map'))
    }
    const acts = (x.acts ??= {})
    const clientTarget = acts.clientTarget ?? x.target
    const host = acts.clientHost ?? x.head.host
    const q = clientTarget.indexOf('?')
    const accept = x.req.headers['accept']
    const list = x.head.list.filter((_, i, all) => {
      const name = all[i - (i % 2)]!.toLowerCase()
      return name !== 'host' && name !== 'x-forwarded-for' && name !== 'x-forwarded-prefix'
    })
    list.push('host', host, 'x-forwarded-for', x.client.remoteAddress, 'X-Code', String(status))
    if (accept) list.push('X-Format', Array.isArray(accept) ? accept.join(', ') : accept)
    list.push('X-Original-URI', clientTarget)
    const fields = defaultBackendFields({...ce, type: 'default-backend'}, undefined)
    list.push(...fields.slice(2)) // X-Namespace … X-Request-ID (X-Code is the intercepted status)
    x.head = {...x.head, list, host}
    acts.clientTarget = clientTarget
    acts.clientHost = host
    x.target = q === -1 ? '/' : `/${clientTarget.slice(q)}`
    acts.response = undefined
    x.bodyStarted = false
    this.forward(x, ce.backend, r.endpoints, ep, 0)
  }

  /** default-backend: the route's Service has no endpoints; its Service answers instead, told why (true when it took the request). */
  private defaultBackend(x: Exchange, route: Route, actions: NonNullable<Route['actions']>): boolean {
    const db = actions.find((a) => a.type === 'default-backend')
    if (db === undefined || db.type !== 'default-backend') return false
    const r = this.state.resolver.resolve(db.backend)
    if (r.kind === 'unresolved') return false
    const accept = x.req.headers['accept']
    x.head = {...x.head, list: [...x.head.list, ...defaultBackendFields(db, Array.isArray(accept) ? accept.join(', ') : accept)]}
    if (r.kind === 'echo') {
      this.echo(x, route)
      return true
    }
    const ep = this.balancer.pick(db.backend, r.endpoints)
    if (ep === undefined) return false
    this.forward(x, db.backend, r.endpoints, ep, 0)
    return true
  }

  private finish(x: Exchange, socket: Tracked | undefined): void {
    if (x.done) return
    x.done = true
    const res = x.res
    // An HTTP/2 response reads as finished once its stream closed, reset or not: a stream
    // reset by the client (RST_STREAM, or its connection gone) is told by its code.
    const complete = res.writableFinished && !(x.h2 && streamReset((res as http2.Http2ServerResponse).stream))
    if (!complete) {
      x.error ??= 'client-abort'
      x.abort?.()
    }
    this.end(socket)
    const cb = this.opts.onRequestEnd
    if (cb === undefined) return
    const req = x.req
    // A plain literal (absent fields undefined): this runs for every request.
    const info: RequestInfo = {
      method: req.method ?? '',
      host: x.acts?.clientHost ?? x.head.host,
      path: x.acts?.clientTarget ?? x.target,
      status: complete ? res.statusCode : 499,
      bytes: x.bytes,
      durationMs: performance.now() - x.start,
      protocol: x.h2 ? (x.listener.secure ? 'h2' : 'h2c') : req.httpVersionMinor === 1 ? 'http/1.1' : `http/${req.httpVersion}`,
      secure: x.listener.secure,
      remoteAddress: x.client.remoteAddress,
      routeId: x.routeId,
      upstream: x.upstream,
      error: x.error,
      retried: x.retried,
    }
    try {
      cb(info)
    } catch {
      // A broken observer must not break the gateway.
    }
  }

  private forward(x: Exchange, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep: UpstreamEndpoint, attempt: number): void {
    x.upstream = ep.key
    const p = backend.protocol
    if (p === 'h2c' || p === 'grpc' || p === 'grpcs') {
      const target = p === 'grpcs' && !ep.tls ? {...ep, tls: true} : ep
      this.forwardH2(x, backend, endpoints, target, attempt)
    } else {
      const target = p === 'https' && !ep.tls ? {...ep, tls: true} : ep
      this.forwardH1(x, backend, endpoints, target, attempt)
    }
  }

  /** Decides between a retry on another endpoint and an error answer after a failed attempt. */
  failed(
    x: Exchange,
    backend: ServiceBackend,
    endpoints: ReadonlyArray<UpstreamEndpoint>,
    ep: UpstreamEndpoint,
    attempt: number,
    kind: UpstreamFailure,
    err: Error | undefined,
    staleSocket: boolean,
  ): void {
    x.abort = undefined
    if (x.bodyRefused) return // the gateway answered 413 itself
    const code = kind === 'upstream-error' ? (err?.message ?? kind) : ((err as NodeJS.ErrnoException | undefined)?.code ?? err?.message ?? kind)
    const connectPhase = kind === 'connect-failed' || kind === 'connect-timeout'
    // A reset on a reused keep-alive connection is the classic race with the
    // upstream's idle timeout, not a sign of a sick endpoint.
    if (!staleSocket && (connectPhase || kind === 'upstream-reset')) this.upstreamFailed(ep, err ?? new Error(kind), true)
    if (x.done || x.res.headersSent) {
      x.error = kind
      x.res.destroy()
      return
    }
    const method = x.req.method ?? 'GET'
    const safe = !x.bodyStarted && (connectPhase || (IDEMPOTENT.has(method) && !x.head.hasBody) || (staleSocket && !x.head.hasBody))
    if (attempt === 0 && safe && kind !== 'upstream-timeout') {
      const next = this.balancer.pick(backend, endpoints, ep) ?? (staleSocket ? ep : undefined)
      if (next !== undefined) {
        x.retried = true
        this.forward(x, backend, endpoints, next, attempt + 1)
        return
      }
    }
    this.problem(x, upstreamFailed(kind, ep.key, serviceLabel(backend), code))
  }

  // ------------------------------------------------------------ HTTP/1.1 upstream

  /**
   * HTTP/1.1 (and HTTPS) upstreams through undici: the request goes to the
   * endpoint's Pool with an H1Exchange as its dispatch handler, the body (if
   * any) streamed from the client once a connection is up.
   */
  private forwardH1(x: Exchange, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep: UpstreamEndpoint, attempt: number): void {
    const h = new H1Exchange(this, x, backend, endpoints, ep, attempt)
    x.abort = () => h.abort()
    let pool: Dispatcher
    try {
      pool = this.pools.get(ep)
    } catch (err) {
      h.onError(err as Error)
      return
    }
    const head = x.head
    const list = head.hasBody || head.expectContinue ? undiciFields(head.list) : head.list
    // A dispatch error (e.g. a field undici refuses) reaches the handler, never the caller.
    pool.dispatch({path: x.target, method: x.req.method ?? 'GET', headers: list, body: h.body}, h)
  }

  // ------------------------------------------------------------ HTTP/2 upstream

  private forwardH2(x: Exchange, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep: UpstreamEndpoint, attempt: number): void {
    const {req, res, head} = x
    let pooled: PooledSession
    try {
      pooled = this.sessions.get(ep)
    } catch (err) {
      this.failed(x, backend, endpoints, ep, attempt, 'connect-failed', err as Error, false)
      return
    }
    const session = pooled.session
    const headers = h2RequestHeaders(head, req.method ?? 'GET', x.target, ep.tls ? 'https' : 'http')
    const declaresTrailers = headers['trailer'] !== undefined
    let stream: http2.ClientHttp2Stream
    try {
      stream = session.request(headers, {endStream: !head.hasBody, ...(declaresTrailers ? {waitForTrailers: true} : {})})
    } catch (err) {
      this.failed(x, backend, endpoints, ep, attempt, pooled.connected ? 'upstream-reset' : 'connect-failed', err as Error, false)
      return
    }
    let gotResponse = false
    let settled = false
    let timedOut: 'connect' | 'idle' | undefined
    let connectTimer: NodeJS.Timeout | undefined
    x.abort = () => {
      if (!stream.destroyed) stream.close(NGHTTP2_CANCEL)
    }
    const fail = (err: Error | undefined) => {
      if (connectTimer !== undefined) clearTimeout(connectTimer)
      if (settled) return
      settled = true
      if (gotResponse) {
        x.error = timedOut ? 'upstream-timeout' : 'upstream-reset'
        res.destroy()
        return
      }
      const kind: UpstreamFailure =
        timedOut === 'connect' ? 'connect-timeout' : timedOut === 'idle' ? 'upstream-timeout' : !pooled.connected ? 'connect-failed' : 'upstream-reset'
      this.failed(x, backend, endpoints, ep, attempt, kind, err ?? pooled.failure, false)
    }
    const startBody = () => {
      if (connectTimer !== undefined) clearTimeout(connectTimer)
      if (!head.hasBody || x.bodyStarted || settled) return
      x.bodyStarted = true
      if (declaresTrailers) {
        stream.once('wantTrailers', () => {
          const clean = req.trailers ? cleanTrailers(req.trailers) : undefined
          stream.sendTrailers(clean ?? {})
        })
      }
      ;(req as NodeJS.ReadableStream).pipe(stream)
    }
    if (pooled.connected) {
      startBody()
    } else {
      connectTimer = setTimeout(() => {
        timedOut = 'connect'
        session.destroy(Object.assign(new Error('connect timeout'), {code: 'ETIMEDOUT'}))
      }, this.opts.connectTimeoutMs)
      session.once('connect', startBody)
    }
    stream.setTimeout(this.opts.idleTimeoutMs, () => {
      timedOut ??= pooled.connected ? 'idle' : 'connect'
      stream.close(NGHTTP2_CANCEL)
    })
    stream.on('error', (err) => fail(err))
    stream.once('close', () => {
      if (!gotResponse) fail(undefined)
      else if (stream.rstCode !== 0 && !res.writableEnded && !x.acts?.intercepted) {
        x.error ??= timedOut ? 'upstream-timeout' : 'upstream-reset'
        res.destroy()
      }
    })
    stream.once('response', (rheaders, flags) => {
      gotResponse = true
      if (connectTimer !== undefined) clearTimeout(connectTimer)
      this.balancer.succeed(ep.key)
      if (x.done) return
      const status = Number(rheaders[':status'] ?? 502)
      const rh = h2ResponseToList(rheaders, x.h2 || (req as http.IncomingMessage).httpVersionMinor >= 1)
      if (flags & END_STREAM) {
        // Trailers-only response (gRPC errors): HEADERS with END_STREAM.
        settled = true
        this.respondEmpty(x, status, rh.list)
        return
      }
      if (!this.writeHead(x, status, rh.list)) {
        settled = true
        stream.close(NGHTTP2_CANCEL)
        return
      }
      stream.on('trailers', (t) => {
        const clean = cleanTrailers(t)
        try {
          if (clean) res.addTrailers(clean)
        } catch {
          // Trailers the client's protocol refuses: the response is cut, the gateway goes on.
          x.error ??= 'upstream-error'
          res.destroy()
        }
      })
      stream.on('data', (c: Buffer) => {
        x.bytes += c.length
      })
      stream.once('end', () => {
        settled = true
      })
      stream.pipe(res as NodeJS.WritableStream)
    })
  }

  /**
   * Sends the upstream's status and fields to the client. Fields the client's
   * protocol cannot carry (Node rejects them) turn into a 502 instead of an exception.
   */
  writeHead(x: Exchange, status: number, list: string[], message?: string): boolean {
    const acts = x.acts
    if (acts !== undefined) {
      const ce = acts.intercept
      if (ce !== undefined && ce.codes.includes(status)) {
        acts.intercept = undefined
        acts.intercepted = true
        // After the forwarder has dropped this upstream exchange (writeHead answered false).
        setImmediate(() => this.errorPage(x, ce, status))
        return false
      }
      if (acts.response !== undefined) list = applyResponse(list, acts.response)
    }
    try {
      if (x.h2) x.res.writeHead(status, listToObject(list))
      else if (message) (x.res as http.ServerResponse).writeHead(status, message, list)
      else (x.res as http.ServerResponse).writeHead(status, list)
      return true
    } catch (err) {
      if (!x.res.headersSent) {
        for (const name of x.res.getHeaderNames()) x.res.removeHeader(name)
        this.problem(x, invalidResponse(x.upstream ?? '', (err as NodeJS.ErrnoException).code ?? (err as Error).message))
      } else {
        x.res.destroy()
      }
      return false
    }
  }

  /**
   * A response with no body; over HTTP/2 a single HEADERS frame with END_STREAM
   * (what gRPC calls trailers-only). `list` may hold upstream fields: fields the
   * client's protocol refuses end in a cut response, never an exception.
   */
  private respondEmpty(x: Exchange, status: number, list: string[]): void {
    const res = x.res
    try {
      if (x.h2) {
        const stream = (res as http2.Http2ServerResponse).stream
        res.statusCode = status
        if (stream.destroyed || stream.headersSent) return
        stream.respond({':status': status, ...listToObject(list)}, {endStream: true})
        return
      }
      const r = res as http.ServerResponse
      r.writeHead(status, http.STATUS_CODES[status] ?? 'Unknown', list)
      r.end()
    } catch (err) {
      x.error ??= 'upstream-error'
      if (!res.headersSent && !x.done) {
        for (const name of res.getHeaderNames()) res.removeHeader(name)
        this.problem(x, invalidResponse(x.upstream ?? '', (err as NodeJS.ErrnoException).code ?? (err as Error).message))
      } else {
        res.destroy()
      }
    }
  }

  // ------------------------------------------------------------ own answers

  /**
   * ingress-nginx host, a request for `/foo` where the location `/foo/` (and
   * no `= /foo`) exists: nginx answers 301 to the location's name, query
   * kept, absolute with the request's host and no port (ingress-nginx sets
   * port_in_redirect off).
   */
  private slashRedirect(x: Exchange, host: string, name: string): void {
    const location = slashRedirectLocation(x.listener.secure ? 'https' : 'http', host, name, x.target)
    this.respondEmpty(x, 301, ['location', location, 'content-length', '0'])
  }

  /**
   * The gateway's own answer. Safe by construction: status, reason phrase and
   * fields are the gateway's (a reason phrase left behind by a refused upstream
   * head is replaced); the body is the only place client or upstream text goes.
   */
  problem(x: Exchange, p: Problem): void {
    x.error = p.error
    if (x.done || x.res.headersSent) return
    if (x.isGrpc) {
      this.respondEmpty(x, 200, ['content-type', 'application/grpc', 'grpc-status', String(p.grpcStatus), 'grpc-message', grpcMessage(p.message)])
      return
    }
    const accept = x.req.headers['accept']
    const json = prefersJson(Array.isArray(accept) ? accept.join(',') : accept)
    const body = json ? problemJson(p) : problemText(p)
    x.bytes = Buffer.byteLength(body)
    const fields = {
      'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': String(x.bytes),
      'cache-control': 'no-store',
    }
    // ingress-nginx's header filter adds HSTS to every answer of the location, errors included.
    const hsts = x.acts?.response?.find((a) => a.type === 'hsts')
    if (hsts !== undefined) (fields as Record<string, string>)['strict-transport-security'] = hsts.value
    try {
      if (x.h2) x.res.writeHead(p.status, fields)
      else (x.res as http.ServerResponse).writeHead(p.status, p.title, fields)
      x.res.end(body)
    } catch {
      // Only a client already gone gets here.
      x.res.destroy()
    }
  }

  private echo(x: Exchange, route: Route): void {
    x.upstream = 'echo'
    const {req, res} = x
    let bodyBytes = 0
    if (x.head.expectContinue && !x.h2) (res as http.ServerResponse).writeContinue()
    req.on('data', (c: Buffer) => {
      bodyBytes += c.length
    })
    req.once('end', () => {
      if (x.done) return
      const headers: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(req.headers)) if (!k.startsWith(':')) headers[k] = v
      const body = echoBody(route, {
        method: req.method ?? '',
        url: x.acts?.clientTarget !== undefined ? x.target : (req.url ?? ''),
        httpVersion: req.httpVersion,
        headers,
        remoteAddress: x.client.remoteAddress,
        bodyBytes,
      })
      x.bytes = Buffer.byteLength(body)
      res.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': String(x.bytes), 'cache-control': 'no-store'})
      res.end(body)
    })
    req.resume()
  }

  /** Drops upstream pools of endpoints with no connection left, and long-expired ejections (after a table swap). */
  sweep(): void {
    this.pools.sweep()
    this.balancer.prune()
  }

  close(): void {
    this.pools.destroy()
    this.sessions.destroy()
  }
}
