import * as http from 'node:http'
import type {Socket} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {Duplex} from 'node:stream'
import type {ServiceBackend} from '../model/routes.js'
import type {UpstreamEndpoint} from '../model/upstreams.js'
import {prefersJson} from './accept.js'
import {matchPath} from '../table/normalize-path.js'
import {badPath} from './bad-path.js'
import {serverName, type Engine, type ListenerInfo} from './engine.js'
import {clientAddress, requestHead, requestTarget, responseHead, withHost, type ClientSide, type RequestHead} from './headers.js'
import type {RequestInfo} from './options.js'
import {noRoute, problemJson, refusedRequest, problemText, resourceBackend, serviceLabel, unresolved, upstreamFailed, type Problem, type UpstreamFailure} from './problems.js'
import {openConnection} from './transport.js'
import {applyActions, clientOf, forwardedOf} from './actions.js'

const STATUS_TEXT = http.STATUS_CODES

/**
 * HTTP/1.1 upgrades (WebSocket): the handshake is forwarded on a fresh
 * upstream connection (never pooled); on 101 both connections are spliced
 * until either side closes. Any other upstream answer is relayed as is.
 */
export function handleUpgrade(engine: Engine, req: http.IncomingMessage, socket: Duplex, head: Buffer, listener: ListenerInfo): void {
  const start = performance.now()
  const state = engine.state
  const tracked = socket as Socket
  engine.begin(tracked)
  const client: ClientSide = {remoteAddress: clientAddress((socket as Socket).remoteAddress), proto: listener.proto, port: listener.port}
  const target = requestTarget(req.url ?? '/', req.method ?? 'GET', false)
  const rh = requestHead(req.rawHeaders, client, undefined, true, target.kind === 'absolute' ? target.authority : undefined)
  const t: Tunnel = {engine, req, socket, clientHead: head, listener, head: rh, client, target: target.path, start, bytes: 0, status: 0, done: false}
  socket.once('close', () => finish(t))
  socket.on('error', () => socket.destroy())
  const invalid = target.kind === 'invalid' ? ({status: 400, reason: target.reason} as const) : rh.invalid
  if (invalid !== undefined) return reject(t, refusedRequest(invalid))

  const path = matchPath(t.target) // matched as nginx normalises it; forwarded as sent
  if (path === undefined) return reject(t, badPath(t.target))
  const match = state.table.lookup(rh.host, path)
  const route = match.route
  if (!match.matched || route === undefined) return reject(t, noRoute(rh.host, path, state.table.hosts))
  t.routeId = route.id
  if (rh.host === '') t.head = withHost(rh, serverName(route.host, req, listener))
  if (route.actions !== undefined) {
    const a = applyActions(route.actions, req.method ?? 'GET', listener.secure, t.head, t.target, Number(listener.port), engine.httpsPort, forwardedOf(route.actions, req.headers), path, undefined, clientOf(route.actions, req.socket.remoteAddress, req.headers))
    if (a.kind === 'answer') {
      t.status = a.status
      const lines = [`HTTP/1.1 ${a.status} ${STATUS_TEXT[a.status] ?? ''}`]
      for (let i = 0; i < a.list.length; i += 2) lines.push(`${a.list[i]}: ${a.list[i + 1]}`)
      lines.push('connection: close')
      socket.end(`${lines.join('\r\n')}\r\n\r\n${a.body}`)
      return
    }
    t.clientHost = t.head.host
    t.clientTarget = t.target
    t.head = a.head
    t.target = a.target
  }
  const backend = route.backend
  if (backend.kind !== 'service') return reject(t, resourceBackend(backend, route.id))
  const r = state.resolver.resolve(backend)
  if (r.kind === 'echo') {
    return reject(t, {status: 501, error: 'echo-upgrade', title: 'Not Implemented', message: 'the echo upstream does not accept protocol upgrades', grpcStatus: 12})
  }
  if (r.kind === 'unresolved') return reject(t, unresolved(backend, route.id, r.reason, r.hint))
  const ep = engine.balancer.pick(backend, r.endpoints)
  if (ep === undefined) return reject(t, unresolved(backend, route.id, `no endpoints for Service ${serviceLabel(backend)}`, 'check the EndpointSlices of the Service'))
  connect(t, backend, r.endpoints, ep, 0)
}

interface Tunnel {
  readonly engine: Engine
  readonly req: http.IncomingMessage
  readonly socket: Duplex
  readonly clientHead: Buffer
  readonly listener: ListenerInfo
  head: RequestHead
  readonly client: ClientSide
  /** Request target sent upstream (origin form). */
  target: string
  /** The client's Host and target, when route actions changed what goes upstream. */
  clientHost?: string
  clientTarget?: string
  readonly start: number
  bytes: number
  status: number
  routeId?: string
  upstream?: string
  error?: string
  retried?: boolean
  done: boolean
  upstreamSocket?: Duplex
  abort?: () => void
}

function connect(t: Tunnel, backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, ep0: UpstreamEndpoint, attempt: number): void {
  const ep = backend.protocol === 'https' && !ep0.tls ? {...ep0, tls: true} : ep0
  t.upstream = ep.key
  const {engine, req, socket} = t
  let up: http.ClientRequest
  try {
    up = http.request({
      host: ep.host,
      port: ep.port,
      method: req.method,
      path: t.target,
      headers: t.head.list as unknown as http.OutgoingHttpHeaders,
      setHost: false,
      // No agent: a fresh connection from createConnection (with `agent: false` Node would ignore it and dial TCP itself).
      createConnection: () => openConnection(ep) as Socket,
      timeout: engine.opts.idleTimeoutMs,
    })
  } catch (err) {
    // The endpoint's transport (or Node's request validation) threw: an answer, not an exception.
    return reject(t, upstreamFailed('connect-failed', ep.key, serviceLabel(backend), (err as NodeJS.ErrnoException).code ?? (err as Error).message))
  }
  let connected = false
  let timedOut: 'connect' | 'idle' | undefined
  let connectTimer: NodeJS.Timeout | undefined
  let settled = false
  t.abort = () => up.destroy()
  up.once('socket', (s: Socket) => {
    if (s.connecting) {
      connectTimer = setTimeout(() => {
        timedOut = 'connect'
        up.destroy(Object.assign(new Error('connect timeout'), {code: 'ETIMEDOUT'}))
      }, engine.opts.connectTimeoutMs)
      s.once('connect', () => {
        connected = true
        clearTimeout(connectTimer)
      })
    } else {
      connected = true
    }
  })
  up.on('timeout', () => {
    timedOut ??= connected ? 'idle' : 'connect'
    up.destroy(Object.assign(new Error('upstream timeout'), {code: 'ETIMEDOUT'}))
  })
  up.on('error', (err) => {
    clearTimeout(connectTimer)
    if (settled) return
    settled = true
    const kind: UpstreamFailure = timedOut === 'connect' ? 'connect-timeout' : timedOut === 'idle' ? 'upstream-timeout' : !connected ? 'connect-failed' : 'upstream-reset'
    engine.upstreamFailed(ep, err, kind !== 'upstream-timeout')
    if (t.done) return
    if (attempt === 0 && (kind === 'connect-failed' || kind === 'connect-timeout')) {
      const next = engine.balancer.pick(backend, endpoints, ep0)
      if (next) {
        t.retried = true
        connect(t, backend, endpoints, next, 1)
        return
      }
    }
    reject(t, upstreamFailed(kind, ep.key, serviceLabel(backend), (err as NodeJS.ErrnoException).code ?? err.message))
  })
  up.once('response', (ur) => {
    // The upstream declined the upgrade: relay its answer, then close.
    settled = true
    clearTimeout(connectTimer)
    engine.balancer.succeed(ep.key)
    t.status = ur.statusCode ?? 502
    if (t.done) return ur.destroy()
    const h = responseHead(ur.rawHeaders, false)
    socket.write(statusBlock(t.status, ur.statusMessage, [...h.list, 'connection', 'close']))
    ur.on('data', (c: Buffer) => {
      t.bytes += c.length
    })
    ur.pipe(socket)
  })
  up.once('upgrade', (ur, upSocket, upHead) => {
    settled = true
    clearTimeout(connectTimer)
    engine.balancer.succeed(ep.key)
    t.status = 101
    t.upstreamSocket = upSocket
    if (t.done) return upSocket.destroy()
    up.setTimeout(0)
    upSocket.setTimeout(0)
    ;(socket as Socket).setTimeout?.(0)
    ;(socket as Socket).setNoDelay?.(true)
    upSocket.setNoDelay(true)
    // The 101 answer: its Connection/Upgrade fields are this hop's and belong to the handshake.
    socket.write(statusBlock(101, ur.statusMessage, ur.rawHeaders))
    if (upHead.length > 0) {
      t.bytes += upHead.length
      socket.write(upHead)
    }
    if (t.clientHead.length > 0) upSocket.write(t.clientHead)
    upSocket.on('data', (c: Buffer) => {
      t.bytes += c.length
    })
    upSocket.on('error', () => socket.destroy())
    upSocket.once('close', () => socket.destroy())
    socket.once('close', () => upSocket.destroy())
    upSocket.pipe(socket)
    socket.pipe(upSocket)
  })
  up.end()
}

function statusBlock(status: number, message: string | undefined, list: readonly string[]): string {
  let s = `HTTP/1.1 ${status} ${message || STATUS_TEXT[status] || ''}\r\n`
  for (let i = 0; i < list.length; i += 2) s += `${list[i]}: ${list[i + 1]}\r\n`
  return s + '\r\n'
}

function reject(t: Tunnel, p: Problem): void {
  t.error = p.error
  t.status = p.status
  if (t.done || !t.socket.writable) return
  const json = prefersJson(t.req.headers.accept)
  const body = json ? problemJson(p) : problemText(p)
  t.bytes = Buffer.byteLength(body)
  t.socket.end(
    statusBlock(p.status, undefined, [
      'content-type', json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length', String(t.bytes),
      'cache-control', 'no-store',
      'connection', 'close',
    ]) + body,
  )
}

function finish(t: Tunnel): void {
  if (t.done) return
  t.done = true
  t.abort?.()
  t.upstreamSocket?.destroy()
  t.engine.end(t.socket as Socket)
  const cb = t.engine.opts.onRequestEnd
  if (!cb) return
  const info: RequestInfo = {
    method: t.req.method ?? 'GET',
    host: t.clientHost ?? t.head.host,
    path: t.clientTarget ?? t.target,
    status: t.status || 499,
    bytes: t.bytes,
    durationMs: performance.now() - t.start,
    protocol: t.status === 101 ? 'websocket' : `http/${t.req.httpVersion}`,
    secure: t.listener.secure,
    remoteAddress: t.client.remoteAddress,
    ...(t.routeId !== undefined ? {routeId: t.routeId} : {}),
    ...(t.upstream !== undefined ? {upstream: t.upstream} : {}),
    ...(t.error !== undefined ? {error: t.error} : t.status === 0 ? {error: 'client-abort'} : {}),
    ...(t.retried ? {retried: true} : {}),
  }
  try {
    cb(info)
  } catch {
    // ignore observer failures
  }
}
