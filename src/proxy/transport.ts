import * as http from 'node:http'
import * as http2 from 'node:http2'
import * as net from 'node:net'
import type {Duplex} from 'node:stream'
import * as tls from 'node:tls'
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

/**
 * HTTP/1.1 keep-alive agents, one per endpoint (key + tls). Each new
 * connection gets the connect timeout here, once, rather than per request: on
 * expiry the socket is destroyed with an error marked `connectTimeout`.
 */
export class AgentPool {
  private readonly agents = new Map<string, http.Agent>()

  constructor(private readonly connectTimeoutMs: number) {}

  get(ep: UpstreamEndpoint): http.Agent {
    const id = ep.tls ? `tls:${ep.key}` : ep.key
    let agent = this.agents.get(id)
    if (agent === undefined) {
      agent = new http.Agent({keepAlive: true, keepAliveMsecs: 1000, maxSockets: Infinity, maxFreeSockets: 256, scheduling: 'lifo'})
      const endpoint = ep
      const timeoutMs = this.connectTimeoutMs
      ;(agent as unknown as {createConnection: () => Duplex}).createConnection = () => withConnectTimeout(openConnection(endpoint), timeoutMs)
      this.agents.set(id, agent)
    }
    return agent
  }

  /** Drops agents that hold no sockets (endpoints that went away). */
  sweep(): void {
    for (const [id, a] of this.agents) {
      if (Object.keys(a.sockets).length === 0 && Object.keys(a.freeSockets).length === 0 && Object.keys(a.requests).length === 0) {
        a.destroy()
        this.agents.delete(id)
      }
    }
  }

  destroy(): void {
    for (const a of this.agents.values()) a.destroy()
    this.agents.clear()
  }
}

/** Tracks whether an HTTP/2 client session has connected. */
export interface PooledSession {
  readonly session: http2.ClientHttp2Session
  connected: boolean
  /** Error that closed the session before it connected. */
  failure?: Error
}

/** Destroys `stream` with a `connectTimeout` error unless it connects within `ms` (streams without `connecting` are taken as connected). */
export function withConnectTimeout<T extends Duplex>(stream: T, ms: number): T {
  const s = stream as T & {connecting?: boolean}
  if (s.connecting !== true) return stream
  const timer = setTimeout(() => stream.destroy(Object.assign(new Error('connect timeout'), {code: 'ETIMEDOUT', connectTimeout: true})), ms)
  const clear = () => clearTimeout(timer)
  stream.once('connect', clear)
  stream.once('close', clear)
  return stream
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
