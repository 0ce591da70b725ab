import * as http from 'node:http'
import * as http2 from 'node:http2'
import type {Socket} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {Route, ServiceBackend} from '../model/routes.js'
import type {UpstreamEndpoint} from '../model/upstreams.js'
import {prefersJson} from './accept.js'
import {Balancer} from './balancer.js'
import {echoBody} from './echo.js'
import {
  absoluteTarget,
  cleanTrailers,
  clientAddress,
  h2RequestHeaders,
  h2ResponseToList,
  listToObject,
  requestHead,
  responseHead,
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
  resourceBackend,
  serviceLabel,
  unresolved,
  upstreamFailed,
  type Problem,
  type UpstreamFailure,
} from './problems.js'
import type {GatewayState} from './state.js'
import {applyActions, defaultBackendFields, forwardedOf} from './actions.js'
import {applyResponse} from '../actions/response.js'
import type {CustomErrorsAction, ResponseAction} from '../actions/types.js'
import {H1Pool, serializeHead} from './h1-client.js'
import {AgentPool, SessionPool, type PooledSession} from './transport.js'

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

/** Errors of the connection attempt itself: nothing reached the upstream. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EAI_NONAME'])

function isConnectError(err: NodeJS.ErrnoException): boolean {
  return err.syscall === 'connect' || err.syscall === 'getaddrinfo' || CONNECT_CODES.has(err.code ?? '')
}

export function connectTimeoutError(): Error {
  return Object.assign(new Error('connect timeout'), {code: 'ETIMEDOUT', connectTimeout: true})
}

type Tracked = Socket & {[kInflight]?: number}

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
class Exchange {
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
  /** What route actions changed (one field, undefined for routes without actions). */
  acts: ActState | undefined

  constructor(
    readonly req: ClientRequest,
    readonly res: ClientResponse,
    readonly h2: boolean,
    readonly listener: ListenerInfo,
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
 * forwarding to HTTP/1.1 (keep-alive agents) and HTTP/2 (pooled sessions)
 * upstreams, retries, passive health and the gateway's own error answers.
 */
export class Engine {
  state: GatewayState
  readonly balancer: Balancer
  readonly agents: AgentPool
  readonly lean: H1Pool
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
    this.agents = new AgentPool(opts.connectTimeoutMs)
    this.lean = new H1Pool(opts.connectTimeoutMs, opts.idleTimeoutMs)
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
    const abs = h2 ? undefined : absoluteTarget(req.url ?? '/')
    const head = requestHead(req.rawHeaders, client, stream ? !stream.endAfterHeaders : undefined, false, abs?.authority)
    const x = new Exchange(req, res, h2, listener, head, client, abs ? abs.path : (req.url ?? '/'))
    res.once('close', () => this.finish(x, socket))
    if (this.closing && !h2) (res as http.ServerResponse).shouldKeepAlive = false

    const path = x.target
    const match = state.table.lookup(head.host, path)
    const route = match.route
    if (!match.matched || route === undefined) return this.problem(x, noRoute(head.host, path, state.table.hosts))
    x.routeId = route.id
    if (route.actions !== undefined && this.act(x, route.actions)) return
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
  private act(x: Exchange, actions: NonNullable<Route['actions']>): boolean {
    const a = applyActions(actions, x.req.method ?? 'GET', x.listener.secure, x.head, x.target, Number(x.listener.port), this.httpsPort, forwardedOf(actions, x.req.headers))
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
    // A request body is consumed by the first upstream: only bodyless requests can be asked again.
    if (!x.head.hasBody && !x.isGrpc) {
      const ce = actions.find((c) => c.type === 'custom-errors')
      if (ce !== undefined && ce.type === 'custom-errors') acts.intercept = ce
    }
    return false
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
    const complete = res.writableFinished
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
      if (!x.head.hasBody && !x.head.expectContinue) this.forwardLean(x, backend, endpoints, target, attempt)
      else this.forwardH1(x, backend, endpoints, target, attempt)
    }
  }

  /** Decides between a retry on another endpoint and an error answer after a failed attempt. */
  private failed(
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

  /** Requests without a body: the lean client (one write, own parser, pooled connections). */
  private forwardLean(x: Exchange, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep: UpstreamEndpoint, attempt: number): void {
    const {req, res} = x
    const method = req.method ?? 'GET'
    const trailersOk = x.h2 || (req as http.IncomingMessage).httpVersionMinor >= 1
    const h1res = res as http.ServerResponse
    let onDrain: (() => void) | undefined
    const exchange = this.lean.request(ep, serializeHead(method, x.target, x.head.list), method === 'HEAD', {
      onHead: (status, reason, list) => {
        this.balancer.succeed(ep.key)
        if (x.done) return false
        const rh = responseHead(list, trailersOk)
        if (this.closing && !x.h2) h1res.shouldKeepAlive = false
        return this.writeHead(x, status, rh.list, reason)
      },
      onData: (chunk) => {
        x.bytes += chunk.length
        if (h1res.write(chunk)) return true
        if (onDrain === undefined) {
          onDrain = () => exchange.resume()
          h1res.on('drain', onDrain)
        }
        return false
      },
      onEnd: (trailers) => {
        x.abort = undefined
        if (trailers !== undefined && trailersOk) {
          const clean = cleanTrailers(listToObject(trailers) as NodeJS.Dict<string>)
          if (clean) res.addTrailers(clean)
        }
        res.end()
      },
      onError: (err, phase, timedOut) => {
        x.abort = undefined
        if (phase === 'response') {
          x.error = timedOut ? 'upstream-timeout' : 'upstream-reset'
          res.destroy()
          return
        }
        const kind: UpstreamFailure = err.connectTimeout
          ? 'connect-timeout'
          : timedOut
            ? 'upstream-timeout'
            : phase === 'connect' || isConnectError(err)
              ? 'connect-failed'
              : err.code === 'HPE_INVALID'
                ? 'upstream-error'
                : 'upstream-reset'
        this.failed(x, backend, endpoints, ep, attempt, kind, err, phase === 'stale')
      },
    })
    x.abort = () => exchange.abort()
  }

  private forwardH1(x: Exchange, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep: UpstreamEndpoint, attempt: number): void {
    const {req, res, head} = x
    const up = http.request({
      host: ep.host,
      port: ep.port,
      method: req.method,
      path: x.target,
      headers: head.list as unknown as http.OutgoingHttpHeaders,
      setHost: false,
      agent: this.agents.get(ep),
      timeout: this.opts.idleTimeoutMs,
    })
    let gotResponse = false
    let idleTimeout = false
    let failedOnce = false
    x.abort = () => up.destroy()

    if (head.hasBody) {
      // The body flows once the connection is up: until then a failure can be retried with the body intact.
      const startBody = () => {
        if (x.bodyStarted || failedOnce) return
        x.bodyStarted = true
        req.once('end', () => {
          const t = (req as http.IncomingMessage).rawTrailers
          if (t !== undefined && t.length > 0) {
            const clean = cleanTrailers(req.trailers)
            if (clean) up.addTrailers(clean)
          }
        })
        ;(req as http.IncomingMessage).pipe(up)
      }
      up.once('socket', (s: Socket) => {
        if (s.connecting) s.once('connect', startBody)
        else startBody()
      })
    }
    up.on('timeout', () => {
      if (up.socket?.connecting) up.destroy(connectTimeoutError())
      else {
        idleTimeout = true
        up.destroy(Object.assign(new Error('upstream idle timeout'), {code: 'ETIMEDOUT'}))
      }
    })
    if (head.expectContinue) {
      up.once('continue', () => {
        if (!x.done) (res as http.ServerResponse).writeContinue()
      })
    }
    up.on('error', (err: NodeJS.ErrnoException & {connectTimeout?: boolean}) => {
      if (failedOnce) return
      failedOnce = true
      if (gotResponse) {
        if (x.acts?.intercepted) return
        x.error = idleTimeout ? 'upstream-timeout' : 'upstream-reset'
        res.destroy()
        return
      }
      const kind: UpstreamFailure = err.connectTimeout ? 'connect-timeout' : idleTimeout ? 'upstream-timeout' : isConnectError(err) ? 'connect-failed' : 'upstream-reset'
      this.failed(x, backend, endpoints, ep, attempt, kind, err, kind === 'upstream-reset' && up.reusedSocket)
    })
    up.on('response', (ur: http.IncomingMessage) => {
      gotResponse = true
      this.balancer.succeed(ep.key)
      if (x.done) {
        ur.destroy()
        return
      }
      const trailersOk = x.h2 || (req as http.IncomingMessage).httpVersionMinor >= 1
      const rh = responseHead(ur.rawHeaders, trailersOk)
      if (this.closing && !x.h2) (res as http.ServerResponse).shouldKeepAlive = false
      if (!this.writeHead(x, ur.statusCode ?? 502, rh.list, ur.statusMessage)) {
        ur.destroy()
        return
      }
      // Forwarded by hand rather than with pipe(): fewer listeners per response, and the byte count for free.
      ur.on('data', (c: Buffer) => {
        x.bytes += c.length
        if (!(res as http.ServerResponse).write(c)) ur.pause()
      })
      ;(res as http.ServerResponse).on('drain', () => ur.resume())
      ur.once('end', () => {
        if (trailersOk && ur.rawTrailers.length > 0) {
          const clean = cleanTrailers(ur.trailers)
          if (clean) res.addTrailers(clean)
        }
        res.end()
      })
      ur.once('close', () => {
        if (!ur.complete) {
          // The upstream went away (or timed out) in the middle of the body: the client must see a cut, not an end.
          x.error ??= idleTimeout ? 'upstream-timeout' : 'upstream-reset'
          res.destroy()
        }
      })
    })
    if (head.expectContinue) up.flushHeaders()
    if (!head.hasBody) up.end()
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
        if (clean) res.addTrailers(clean)
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
  private writeHead(x: Exchange, status: number, list: string[], message?: string): boolean {
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

  /** A response with no body; over HTTP/2 a single HEADERS frame with END_STREAM (what gRPC calls trailers-only). */
  private respondEmpty(x: Exchange, status: number, list: string[]): void {
    const res = x.res
    if (x.h2) {
      const stream = (res as http2.Http2ServerResponse).stream
      res.statusCode = status
      if (stream.destroyed || stream.headersSent) return
      stream.respond({':status': status, ...listToObject(list)}, {endStream: true})
      return
    }
    const r = res as http.ServerResponse
    r.writeHead(status, list)
    r.end()
  }

  // ------------------------------------------------------------ own answers

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
    const headers: http.OutgoingHttpHeaders = {
      'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': String(x.bytes),
      'cache-control': 'no-store',
    }
    // ingress-nginx's header filter adds HSTS to every answer of the location, errors included.
    const hsts = x.acts?.response?.find((a) => a.type === 'hsts')
    if (hsts !== undefined) headers['strict-transport-security'] = hsts.value
    x.res.writeHead(p.status, headers)
    x.res.end(body)
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

  close(): void {
    this.lean.destroy()
    this.agents.destroy()
    this.sessions.destroy()
  }
}
