import type {RequestRecord} from '../log/request-record.js'
import type {RouteTable} from '../model/routes.js'
import type {UpstreamResolver} from '../model/upstreams.js'
import {Gateway, type GatewayOptions, type ListeningAddresses} from '../proxy/index.js'
import type {RequestInfo} from '../proxy/options.js'
import type {TlsProvider} from '../tls/tls-provider.js'

export interface GatewayStartOptions {
  readonly address: string
  readonly httpPort: number
  readonly httpsPort: number
  readonly tls: TlsProvider
  /** Served from the first request on. */
  readonly initial: {readonly table: RouteTable; readonly resolver: UpstreamResolver}
  readonly connectTimeoutMs: number
  readonly upstreamTimeoutMs: number
  /** Client-side timeouts; absent fields take the gateway's defaults. */
  readonly client?: Pick<GatewayOptions, 'clientHeaderTimeoutMs' | 'keepAliveTimeoutMs' | 'tlsHandshakeTimeoutMs' | 'http2IdleTimeoutMs' | 'http2PingIntervalMs'>
  readonly onRequest: (r: RequestRecord) => void
  /** Turns a listen failure into the error to throw. */
  readonly listenError: (err: unknown, which: 'http' | 'https', port: number) => unknown
}

export interface RunningGateway {
  readonly httpPort: number
  readonly httpsPort: number
  setState(table: RouteTable, resolver: UpstreamResolver): void
  /** Open client connections on both listeners. */
  connections(): number
  close(drainMs: number): Promise<void>
}

/** The access log's and metrics' view of one request the engine finished. */
export function toRecord(i: RequestInfo, now: number): RequestRecord {
  return {
    time: now - i.durationMs,
    method: i.method,
    host: i.host,
    path: i.path,
    status: i.status,
    bytes: i.bytes,
    durationMs: i.durationMs,
    ...(i.routeId !== undefined ? {route: i.routeId} : {}),
    ...(i.upstream !== undefined ? {upstream: i.upstream} : {}),
    protocol: i.protocol,
    remote: i.remoteAddress,
    ...(i.error !== undefined ? {error: i.error} : {}),
  }
}

/** Starts the proxy engine's listeners (HTTP, and HTTPS with SNI certificates from `tls`). */
export async function startGateway(o: GatewayStartOptions): Promise<RunningGateway> {
  // The request hook lives as long as the gateway: it must not capture `o`, whose `initial` table
  // would then stay reachable after every reload (20 MB at 10,000 Ingresses).
  const onRequest = o.onRequest
  const gateway = new Gateway({
    address: o.address,
    httpPort: o.httpPort,
    httpsPort: o.httpsPort,
    tls: o.tls,
    connectTimeoutMs: o.connectTimeoutMs,
    upstreamIdleTimeoutMs: o.upstreamTimeoutMs,
    ...o.client,
    onRequestEnd: (info) => onRequest(toRecord(info, Date.now())),
  }, o.initial)
  let addrs: ListeningAddresses
  try {
    addrs = await gateway.listen()
  } catch (err) {
    await gateway.close(0).catch(() => {})
    // The HTTP listener binds first, so a failure on the HTTPS port number means HTTPS.
    const port = (err as {port?: number}).port
    const which = port !== undefined && port === o.httpsPort && o.httpsPort !== 0 ? 'https' : 'http'
    throw o.listenError(err, which, which === 'https' ? o.httpsPort : o.httpPort)
  }
  return {
    httpPort: addrs.http.port,
    httpsPort: addrs.https?.port ?? 0,
    setState: (table, resolver) => gateway.setState(table, resolver),
    connections: () => gateway.activeConnections(),
    close: (drainMs) => gateway.close(drainMs),
  }
}
