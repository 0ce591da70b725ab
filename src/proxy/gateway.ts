import * as http from 'node:http'
import * as http2 from 'node:http2'
import * as net from 'node:net'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import type * as tls from 'node:tls'
import type {RouteTable} from '../model/routes.js'
import type {UpstreamResolver} from '../model/upstreams.js'
import {Engine, type ClientRequest, type ClientResponse, type ListenerInfo} from './engine.js'
import {resolveOptions, type GatewayOptions} from './options.js'
import {emptyState, type GatewayState} from './state.js'
import {handleUpgrade} from './upgrade.js'

/** The HTTP/2 connection preface (RFC 9113 §3.4). */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')

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
  private readonly h2cSockets = new WeakSet<net.Socket>()

  constructor(options: GatewayOptions, initial?: GatewayState) {
    this.options = options
    this.engine = new Engine(resolveOptions(options), initial ?? emptyState())

    const onRequest = (info: ListenerInfo) => (req: ClientRequest, res: ClientResponse) => this.engine.handle(req, res, info)
    const onUpgrade = (info: ListenerInfo) => (req: http.IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(this.engine, req, socket, head, info)

    // Node's default 300 s requestTimeout would cut long uploads; the gateway streams, and upstream silence is bounded by its own timeouts.
    this.h1 = http.createServer({requestTimeout: 0, keepAliveTimeout: 65_000}, onRequest(this.httpInfo))
    this.h1.on('checkContinue', onRequest(this.httpInfo))
    this.h1.on('upgrade', onUpgrade(this.httpInfo))
    this.h1.on('clientError', onClientError)

    this.h2c = http2.createServer({}, onRequest(this.httpInfo))
    this.h2c.on('checkContinue', onRequest(this.httpInfo))
    this.h2c.on('session', (s) => this.trackSession(s))

    this.plain = net.createServer({noDelay: true}, (socket) => {
      this.track(socket, this.connections)
      sniff(socket, this.h1, this.h2c, this.h2cSockets)
    })

    if (options.tls) {
      const provider = options.tls
      const secureOptions: http2.SecureServerOptions = {
        allowHTTP1: true,
        ALPNProtocols: ['h2', 'http/1.1'],
        SNICallback: (name: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) => provider.SNICallback(name, cb),
        ...(provider.defaultCertificate ? {cert: provider.defaultCertificate.cert, key: provider.defaultCertificate.key} : {}),
      }
      const secure = http2.createSecureServer(secureOptions, onRequest(this.httpsInfo))
      secure.on('checkContinue', onRequest(this.httpsInfo))
      secure.on('upgrade', onUpgrade(this.httpsInfo))
      secure.on('session', (s) => this.trackSession(s))
      secure.on('connection', (s: net.Socket) => this.track(s, this.rawTls))
      secure.on('secureConnection', (s: tls.TLSSocket) => this.track(s, this.connections))
      secure.on('tlsClientError', () => {})
      secure.on('clientError', onClientError)
      secure.setTimeout(0)
      this.secure = secure
    }
  }

  /** Replaces what is served, in one assignment. Requests already in flight finish on the state they started with. */
  setState(table: RouteTable, resolver: UpstreamResolver): void {
    this.engine.state = {table, resolver}
    this.engine.agents.sweep()
    this.engine.lean.sweep()
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
  }
}

function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
}

/**
 * Reads the first bytes of a plain connection: the HTTP/2 preface goes to the
 * h2c server, anything else to the HTTP/1.1 server. The bytes read are put back.
 */
function sniff(socket: net.Socket, h1: http.Server, h2c: http2.Http2Server, h2cSockets: WeakSet<net.Socket>): void {
  let buf: Buffer | undefined
  const onData = (chunk: Buffer) => {
    buf = buf ? Buffer.concat([buf, chunk]) : chunk
    const n = Math.min(buf.length, PREFACE.length)
    const prefix = buf.compare(PREFACE, 0, n, 0, n) === 0
    if (prefix && buf.length < PREFACE.length) return
    socket.removeListener('data', onData)
    socket.removeListener('error', onError)
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
  socket.on('error', onError)
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
