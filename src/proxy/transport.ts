import * as http2 from 'node:http2'
import * as net from 'node:net'
import type {Duplex} from 'node:stream'
import * as tls from 'node:tls'
import * as undici from 'undici'
import type {UpstreamEndpoint} from '../model/upstreams.js'

/**
 * Opens a connection to an endpoint: the endpoint's own transport when it has
 * one (e.g. a port-forward tunnel), else TCP to host:port; wrapped in TLS when
 * the endpoint speaks TLS. Upstream certificates are NOT verified
 * (rejectUnauthorized: false): the gateway is a local development tool and
 * upstreams are typically self-signed; SNI is the endpoint host name when it
 * is not an IP address.
 */
export function openConnection(ep: UpstreamEndpoint, alpn?: string[]): Duplex {
  const raw = ep.connect ? ep.connect() : undefined
  if (!ep.tls) return raw ?? net.connect({host: ep.host, port: ep.port, noDelay: true})
  const opts: tls.ConnectionOptions = {rejectUnauthorized: false, ...(alpn ? {ALPNProtocols: alpn} : {})}
  if (!net.isIP(ep.host)) opts.servername = ep.host
  if (raw) return tls.connect({...opts, socket: raw})
  return tls.connect({...opts, host: ep.host, port: ep.port, noDelay: true} as tls.ConnectionOptions)
}

/** Upstream response heads larger than this are refused (502), like nginx's "upstream sent too big header". */
export const MAX_UPSTREAM_HEAD = 64 * 1024
/** Idle pooled connections are closed before common upstream keep-alive timeouts (Node: 5 s). */
const POOL_IDLE_MS = 4000

/** An error marked as the connect timeout expiring (the engine answers 504 `connect-timeout`). */
export function connectTimeoutError(): Error {
  return Object.assign(new Error('connect timeout'), {code: 'ETIMEDOUT', connectTimeout: true})
}

/**
 * undici's `connect` hook for one endpoint: the connection comes from
 * openConnection() (tunnels, unverified TLS with SNI), handed over once it is
 * usable (TCP connected, or the TLS handshake done), or an error: the
 * connection's own, or connectTimeoutError() when `timeoutMs` passes first.
 */
function connector(ep: UpstreamEndpoint, timeoutMs: number): undici.buildConnector.connector {
  return (_opts, cb) => {
    let socket: Duplex & {connecting?: boolean}
    try {
      socket = openConnection(ep)
    } catch (err) {
      cb(err as Error, null)
      return
    }
    let settled = false
    const done = (err: Error | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.removeListener('error', done)
      socket.removeListener(event, ready)
      if (err) {
        socket.on('error', () => {})
        socket.destroy()
        cb(err, null)
      } else {
        cb(null, socket as net.Socket)
      }
    }
    const ready = () => done(null)
    const event = ep.tls ? 'secureConnect' : 'connect'
    const timer = setTimeout(() => done(connectTimeoutError()), timeoutMs)
    socket.once('error', done)
    if (ep.tls || socket.connecting === true) socket.once(event, ready)
    else queueMicrotask(ready)
  }
}

/**
 * HTTP/1.1 upstream connections through undici: one Pool per endpoint (key +
 * tls), keep-alive, connections opened by connector() above. `idleTimeoutMs`
 * bounds the wait for a response head and the silence between body chunks.
 * Response heads are parsed by llhttp (inside undici) and capped at
 * MAX_UPSTREAM_HEAD.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, undici.Pool>()

  constructor(
    private readonly connectTimeoutMs: number,
    private readonly idleTimeoutMs: number,
  ) {}

  get(ep: UpstreamEndpoint): undici.Pool {
    const id = ep.tls ? `tls:${ep.key}` : ep.key
    let pool = this.pools.get(id)
    if (pool === undefined) {
      // The origin only names the pool (connector() opens the connections; the Host field is the client's).
      const host = net.isIPv6(ep.host) ? `[${ep.host}]` : ep.host
      pool = new undici.Pool(`http://${host}:${ep.port}`, {
        connect: connector(ep, this.connectTimeoutMs),
        pipelining: 1,
        keepAliveTimeout: POOL_IDLE_MS,
        headersTimeout: this.idleTimeoutMs,
        bodyTimeout: this.idleTimeoutMs,
        maxHeaderSize: MAX_UPSTREAM_HEAD,
        strictContentLength: true,
      })
      // Errors reach each request's handler; an error event on the pool must not take the process down.
      ;(pool as unknown as NodeJS.EventEmitter).on('error', () => {})
      pool.on('connectionError', () => {})
      this.pools.set(id, pool)
    }
    return pool
  }

  /** Pools held (one per endpoint used since the last sweep that found it unconnected). */
  get size(): number {
    return this.pools.size
  }

  /** Closes the pools that hold no connection and no request (endpoints that went away). */
  sweep(): void {
    for (const [id, pool] of this.pools) {
      const s = pool.stats
      if (s.connected === 0 && s.pending === 0 && s.running === 0) {
        this.pools.delete(id)
        pool.close().catch(() => {})
      }
    }
  }

  destroy(): void {
    for (const pool of this.pools.values()) pool.destroy().catch(() => {})
    this.pools.clear()
  }
}

/** Tracks whether an HTTP/2 client session has connected. */
export interface PooledSession {
  readonly session: http2.ClientHttp2Session
  connected: boolean
  /** Error that closed the session before it connected. */
  failure?: Error
}

const SESSION_IDLE_MS = 60_000

/** HTTP/2 client sessions (h2c, or h2 over TLS), one per endpoint, multiplexed. */
export class SessionPool {
  private readonly sessions = new Map<string, PooledSession>()

  get(ep: UpstreamEndpoint): PooledSession {
    const id = ep.tls ? `tls:${ep.key}` : ep.key
    const existing = this.sessions.get(id)
    if (existing && !existing.session.closed && !existing.session.destroyed) return existing
    const authority = `${ep.tls ? 'https' : 'http'}://${net.isIPv6(ep.host) ? `[${ep.host}]` : ep.host}:${ep.port}`
    const session = http2.connect(authority, {createConnection: () => openConnection(ep, ['h2'])})
    const pooled: PooledSession = {session, connected: false}
    this.sessions.set(id, pooled)
    const forget = () => {
      if (this.sessions.get(id) === pooled) this.sessions.delete(id)
    }
    session.once('connect', () => {
      pooled.connected = true
    })
    session.on('error', (err) => {
      if (!pooled.connected) {
        pooled.failure = err
      }
      forget()
    })
    session.once('goaway', forget)
    session.once('close', forget)
    // Idle sessions must not keep the process alive, and are closed (gracefully) after a while without streams.
    session.unref()
    session.setTimeout(SESSION_IDLE_MS, () => session.close())
    return pooled
  }

  destroy(): void {
    for (const p of this.sessions.values()) p.session.destroy()
    this.sessions.clear()
  }
}
