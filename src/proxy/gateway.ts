import * as http from 'node:http'
import * as http2 from 'node:http2'
import * as net from 'node:net'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import type * as tls from 'node:tls'
import type {RouteTable} from '../model/routes.js'
import type {UpstreamResolver} from '../model/upstreams.js'
import {Engine, type ClientRequest, type ClientResponse, type ListenerInfo} from './engine.js'
import {clientAddress, MAX_REQUEST_FIELDS} from './headers.js'
import {clientLimits, resolveOptions, type ClientLimits, type GatewayOptions, type RequestInfo} from './options.js'
import {emptyState, type GatewayState} from './state.js'
import {ignoreH2cUpgrade} from './h2c-upgrade.js'
import {handleUpgrade} from './upgrade.js'

/** The HTTP/2 connection preface (RFC 9113 §3.4). */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')

/**
 * HTTP/2 limits, set deliberately rather than inherited: 128 concurrent streams
 * per connection (nginx's http2_max_concurrent_streams; Node's default is
 * 2^32-1), the field count of HTTP/1.1 (Node's default of 128 pairs would
 * refuse requests HTTP/1.1 accepts), and nghttp2's flood guards at their
 * documented values (RST_STREAM rate for "rapid reset", SETTINGS entries per
 * frame, unanswered PINGs, session memory); a peer beyond them loses its
 * connection, never the gateway.
 */
const H2_LIMITS = {
  settings: {maxConcurrentStreams: 128},
  peerMaxConcurrentStreams: 128,
  maxHeaderListPairs: MAX_REQUEST_FIELDS + 4,
  maxSettings: 32,
  maxOutstandingPings: 10,
  maxSessionMemory: 10,
  streamResetBurst: 1000,
  streamResetRate: 33,
} satisfies http2.ServerOptions & {streamResetBurst: number; streamResetRate: number}

export interface ListeningAddresses {
  readonly http: AddressInfo
  readonly https?: AddressInfo
}

/**
 * The gateway: an HTTP listener (HTTP/1.1, and h2c with prior knowledge) and
 * an optional HTTPS listener (SNI; h2 and HTTP/1.1 via ALPN) in front of the
 * engine. See index.ts for the API.
 */
export class Gateway {
  private readonly engine: Engine
  private readonly options: GatewayOptions
  private readonly plain: net.Server
  private readonly h1: http.Server
  private readonly h2c: http2.Http2Server
  private readonly secure?: http2.Http2SecureServer
  private readonly httpInfo: ListenerInfo = {proto: 'http', secure: false, port: '0'}
  private readonly httpsInfo: ListenerInfo = {proto: 'https', secure: true, port: '0'}
  /** Client connections (TCP for plain, TLS after the handshake for HTTPS). */
  private readonly connections = new Set<net.Socket>()
  /** Raw TCP sockets of the HTTPS listener, for the final shutdown. */
  private readonly rawTls = new Set<net.Socket>()
  private readonly h2Sessions = new Set<http2.Http2Session>()
  private closed?: Promise<void>
  private readonly limits: ClientLimits
  private readonly h2cSockets = new WeakSet<net.Socket>()

  constructor(options: GatewayOptions, initial?: GatewayState) {
    this.options = options
    this.engine = new Engine(resolveOptions(options), initial ?? emptyState())

    const onRequest = (info: ListenerInfo) => (req: ClientRequest, res: ClientResponse) => this.engine.handle(req, res, info)
    const onUpgrade = (info: ListenerInfo) => (req: http.IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(this.engine, req, socket, head, info)

    const limits = clientLimits(options)
    this.limits = limits
    // Node checks header deadlines on an interval; a tenth of a second is fine for a timeout of
    // minutes and keeps short test timeouts honest.
    const checking = Math.min(1000, Math.max(10, Math.floor(limits.headerTimeoutMs / 4)))
    // requestTimeout 0: Node's default 300 s would cut long uploads (the gateway streams; upstream
    // silence is bounded by its own timeouts). headersTimeout must then be set explicitly: Node
    // derives its default from requestTimeout, and 0 would switch it off.
    this.h1 = http.createServer(
      {requestTimeout: 0, headersTimeout: limits.headerTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: checking},
      onRequest(this.httpInfo),
    )
    // One field more than the limit, so that a truncated rawHeaders list tells the engine the head was too large (431).
    this.h1.maxHeadersCount = MAX_REQUEST_FIELDS + 1
    this.h1.on('checkContinue', onRequest(this.httpInfo))
    const upgradeHttp = onUpgrade(this.httpInfo)
    // `Upgrade: h2c` (curl --http2 on http://) is answered over HTTP/1.1, as nginx does (h2c-upgrade.ts).
    this.h1.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!ignoreH2cUpgrade(this.h1, req, socket, head)) upgradeHttp(req, socket, head)
    })
    this.h1.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => onClientError(err, socket, this.httpInfo, options.onRequestEnd))
    // Node arms its header-deadline checks when a server emits 'listening'. This one never listens
    // itself (the plain listener hands it its connections), so it is told; close() disarms them.
    this.h1.emit('listening')

    this.h2c = http2.createServer(H2_LIMITS, onRequest(this.httpInfo))
    this.h2c.on('checkContinue', onRequest(this.httpInfo))
    this.h2c.on('session', (s) => this.trackSession(s))

    this.plain = net.createServer({noDelay: true}, (socket) => {
      this.track(socket, this.connections)
      sniff(socket, this.h1, this.h2c, this.h2cSockets, limits.headerTimeoutMs)
    })

    if (options.tls) {
      const provider = options.tls
      const secureOptions: http2.SecureServerOptions = {
        ...H2_LIMITS,
        allowHTTP1: true,
        ALPNProtocols: ['h2', 'http/1.1'],
        handshakeTimeout: limits.tlsHandshakeTimeoutMs,
        SNICallback: (name: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) => provider.SNICallback(name, cb),
        ...(provider.defaultCertificate ? {cert: provider.defaultCertificate.cert, key: provider.defaultCertificate.key} : {}),
      }
      const secure = http2.createSecureServer(secureOptions, onRequest(this.httpsInfo))
      // HTTP/1.1 over TLS is served by Node's HTTP/1 connection code with these server fields
      // (createSecureServer does not take them as options); they take effect on listen().
      const h1Fields = secure as unknown as {headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number; maxHeadersCount: number}
      h1Fields.requestTimeout = 0
      h1Fields.headersTimeout = limits.headerTimeoutMs
      h1Fields.keepAliveTimeout = limits.keepAliveTimeoutMs
      h1Fields.connectionsCheckingInterval = checking
      h1Fields.maxHeadersCount = MAX_REQUEST_FIELDS + 1
      secure.on('checkContinue', onRequest(this.httpsInfo))
      secure.on('upgrade', onUpgrade(this.httpsInfo))
      secure.on('session', (s) => this.trackSession(s))
      secure.on('connection', (s: net.Socket) => this.track(s, this.rawTls))
      secure.on('secureConnection', (s: tls.TLSSocket) => this.track(s, this.connections))
      secure.on('tlsClientError', (_err: Error, s: tls.TLSSocket) => s.destroy())
      // Before the handshake completes (a handshake timeout, a malformed hello) nothing may be
      // written: it would go out unencrypted. After it, HTTP/1.1 errors are answered like on plain HTTP.
      secure.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
        if (!this.connections.has(socket as net.Socket)) socket.destroy()
        else onClientError(err, socket, this.httpsInfo, options.onRequestEnd)
      })
      secure.setTimeout(0)
      this.secure = secure
    }
  }

  /** Replaces what is served, in one assignment. Requests already in flight finish on the state they started with. */
  setState(table: RouteTable, resolver: UpstreamResolver): void {
    this.engine.state = {table, resolver}
    this.engine.sweep()
  }

  /** The state new requests are served from. */
  currentState(): GatewayState {
    return this.engine.state
  }

  async listen(): Promise<ListeningAddresses> {
    const address = this.options.address
    const httpAddr = await listenOn(this.plain, address, this.options.httpPort)
    this.httpInfo.port = String(httpAddr.port)
    let httpsAddr: AddressInfo | undefined
    if (this.secure) {
      try {
        httpsAddr = await listenOn(this.secure, address, this.options.httpsPort ?? 0)
      } catch (err) {
        this.plain.close()
        throw err
      }
      this.httpsInfo.port = String(httpsAddr.port)
      this.engine.httpsPort = httpsAddr.port
    }
    return {http: httpAddr, ...(httpsAddr ? {https: httpsAddr} : {})}
  }

  /** Open client connections (WebSocket tunnels included). */
  activeConnections(): number {
    return this.connections.size
  }

  /** Upstream HTTP/1.1 pools held: one per endpoint in use; those of endpoints gone are dropped at table swaps. */
  upstreamPools(): number {
    return this.engine.pools.size
  }

  /** Requests (and WebSocket sessions) in flight. */
  activeRequests(): number {
    return this.engine.activeRequests()
  }

  /**
   * Stops accepting, lets requests in flight finish for up to `drainMs`, then
   * closes every remaining connection and the upstream pools.
   */
  close(drainMs = 10_000): Promise<void> {
    this.closed ??= this.shutdown(drainMs)
    return this.closed
  }

  private async shutdown(drainMs: number): Promise<void> {
    this.engine.closing = true
    const stopped = Promise.all([closeServer(this.plain), this.secure ? closeServer(this.secure) : Promise.resolve()])
    this.h1.close()
    for (const s of this.h2Sessions) if (!s.closed) s.close()
    for (const s of this.connections) if (Engine.socketIdle(s) && (s as tls.TLSSocket).alpnProtocol !== 'h2' && !this.h2cSockets.has(s)) s.end()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.engine.whenIdle(), new Promise<void>((r) => (timer = setTimeout(r, drainMs)))])
    clearTimeout(timer)
    const remaining = [...this.connections, ...this.rawTls].filter((s) => !s.closed)
    const gone = Promise.all(remaining.map((s) => new Promise<void>((r) => s.once('close', () => r()))))
    for (const s of this.h2Sessions) s.destroy()
    for (const s of remaining) s.destroy()
    this.engine.close()
    await Promise.all([stopped, gone])
  }

  private track(socket: net.Socket, set: Set<net.Socket>): void {
    set.add(socket)
    socket.once('close', () => set.delete(socket))
  }

  private trackSession(session: http2.Http2Session): void {
    this.h2Sessions.add(session)
    session.once('close', () => this.h2Sessions.delete(session))
    session.on('error', () => {})
    if (this.engine.closing) session.close()
    else watchSession(session, this.limits)
  }
}

/**
 * HTTP/2 connection upkeep: with no open stream for the idle timeout the
 * session is closed (GOAWAY, then the socket); while streams are open it is
 * pinged every interval, and a ping still unanswered at the next tick destroys
 * it (with its streams, whose upstream requests are then cancelled).
 */
function watchSession(session: http2.Http2Session, limits: ClientLimits): void {
  let open = 0
  let idle: NodeJS.Timeout | undefined
  let ping: NodeJS.Timeout | undefined
  let awaiting = false
  const armIdle = () => {
    idle = setTimeout(() => {
      if (open === 0 && !session.closed) session.close()
    }, limits.http2IdleTimeoutMs)
  }
  const tick = () => {
    if (open === 0 || session.destroyed) return
    if (awaiting) {
      session.destroy()
      return
    }
    awaiting = true
    try {
      session.ping((err) => {
        if (!err) awaiting = false
      })
    } catch {
      // Too many pings outstanding or the session is closing: the next tick decides.
    }
  }
  armIdle()
  session.on('stream', (stream: http2.ServerHttp2Stream) => {
    if (open++ === 0) {
      clearTimeout(idle)
      idle = undefined
      awaiting = false
      ping ??= setInterval(tick, limits.http2PingIntervalMs)
    }
    stream.once('close', () => {
      if (--open > 0 || session.closed) return
      clearInterval(ping)
      ping = undefined
      armIdle()
    })
  })
  session.once('close', () => {
    clearTimeout(idle)
    clearInterval(ping)
  })
}

/**
 * HTTP/1.x errors before a request exists: the head timed out (408), was too
 * large (431) or malformed (400). The refusal is logged like any answer (nginx
 * writes such requests to its access log too); a timeout or reset is not.
 */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex, listener: ListenerInfo, report: GatewayOptions['onRequestEnd']): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const status = timeout ? '408 Request Timeout' : tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
  // A peer that does not read must not keep the socket: end() waits for the write to drain.
  setTimeout(() => socket.destroy(), 1000).unref()
  if (timeout || report === undefined) return
  const info: RequestInfo = {
    method: '',
    host: '',
    path: '',
    status: tooLarge ? 431 : 400,
    bytes: 0,
    durationMs: 0,
    protocol: 'http/1.1',
    secure: listener.secure,
    remoteAddress: clientAddress((socket as net.Socket).remoteAddress),
    error: tooLarge ? 'header-too-large' : 'bad-request',
  }
  try {
    report(info)
  } catch {
    // A broken observer must not break the gateway.
  }
}

/**
 * Reads the first bytes of a plain connection: the HTTP/2 preface goes to the
 * h2c server, anything else to the HTTP/1.1 server. The bytes read are put back.
 */
function sniff(socket: net.Socket, h1: http.Server, h2c: http2.Http2Server, h2cSockets: WeakSet<net.Socket>, timeoutMs: number): void {
  let buf: Buffer | undefined
  // A connection that never says which protocol it speaks is closed like a head that never completes.
  const timer = setTimeout(() => socket.destroy(), timeoutMs)
  const onData = (chunk: Buffer) => {
    buf = buf ? Buffer.concat([buf, chunk]) : chunk
    const n = Math.min(buf.length, PREFACE.length)
    const prefix = buf.compare(PREFACE, 0, n, 0, n) === 0
    if (prefix && buf.length < PREFACE.length) return
    clearTimeout(timer)
    socket.removeListener('data', onData)
    socket.removeListener('error', onError)
    socket.removeListener('close', onClose)
    socket.pause()
    socket.unshift(buf)
    // The HTTP/2 session hands the buffered bytes to nghttp2 itself and then
    // reads the handle: the socket must stay paused. The HTTP/1.1 server reads
    // through the stream first, so it is resumed.
    if (prefix) {
      h2cSockets.add(socket)
      h2c.emit('connection', socket)
    } else {
      h1.emit('connection', socket)
      socket.resume()
    }
  }
  const onError = () => socket.destroy()
  const onClose = () => clearTimeout(timer)
  socket.on('error', onError)
  socket.on('close', onClose)
  socket.on('data', onData)
}

function listenOn(server: net.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err)
    server.once('error', onError)
    server.listen({host, port, exclusive: true}, () => {
      server.removeListener('error', onError)
      resolve(server.address() as AddressInfo)
    })
  })
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}
