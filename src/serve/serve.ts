import {compileOptionsOf} from '../compiler/index.js'
import type {AddressInfo} from 'node:net'
import {AdminServer} from '../admin/admin-server.js'
import {InputError} from '../errors.js'
import {LiveTable} from '../live/live-table.js'
import {createAccessLog, paintStatus} from '../log/access/index.js'
import {Logger} from '../log/logger.js'
import {hasErrors, type Diagnostic} from '../model/diagnostics.js'
import type {RouteTable} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'
import type {UpstreamResolver} from '../model/upstreams.js'
import {GatewayMetrics} from '../metrics/gateway-metrics.js'
import {isClusterMode, openSource} from '../sources/open.js'
import {FileSource} from '../sources/file-source.js'
import type {SnapshotSource} from '../sources/types.js'
import {TlsProvider} from '../tls/tls-provider.js'
import {parseMapFlags} from '../upstreams/file/index.js'
import {VERSION} from '../version.js'
import {bannerJson, bannerLines, hostForUrl, type ListenerInfo} from './banner.js'
import {startGateway, type RunningGateway} from './gateway-adapter.js'
import {installLastResort} from './last-resort.js'
import {listenError} from './listen-error.js'
import {checkMaps} from './map-check.js'
import type {ServeOptions} from './options.js'
import {createUpstreamProvider, type UpstreamProvider} from './upstream-provider.js'

export interface RunningServe {
  readonly httpPort: number
  readonly httpsPort: number
  readonly adminPort: number
  readonly live: LiveTable
  readonly metrics: GatewayMetrics
  /** Stops accepting, drains in-flight requests up to the drain timeout, closes everything. */
  shutdown(): Promise<void>
}

/**
 * `ingressctl serve`: source → live table → gateway, with TLS from Secrets or
 * the development CA, an access log, an admin API, hot reload and graceful
 * shutdown. Throws an IngressctlError (exit 2) when nothing can be served or a
 * port cannot be opened.
 */
export async function startServe(o: ServeOptions): Promise<RunningServe> {
  const logger = new Logger(o.logFormat, o.stderr)
  // Bad --map values fail before anything is read or opened.
  const maps = parseMapFlags(o.maps)
  const cluster = isClusterMode(o)
  const compile = compileOptionsOf({'ingress-class': o.ingressClass, controller: o.controller, 'controller-config': o.controllerConfig})
  // Large file sets are loaded and compiled in a worker thread (FileSource `compile`): the load's peak memory stays out of this isolate.
  const source: SnapshotSource = cluster ? await openSource(o) : new FileSource(o.files ?? [], {stdin: o.stdin, debounceMs: o.debounceMs, compile, namespace: o.allNamespaces ? undefined : o.namespace})
  const live = new LiveTable(source, {compile, retain: 'upstreams'})
  const metrics = new GatewayMetrics()
  const uninstall = installLastResort(logger)
  const cleanup: Array<() => Promise<void>> = [async () => uninstall(), () => live.stop()]
  const closeAll = async (): Promise<void> => {
    for (const c of cleanup.reverse()) await c().catch(() => {})
  }

  try {
    const upstreams = await createUpstreamProvider({cluster, source, maps: o.maps, echo: o.echo, upstream: o.upstream})
    cleanup.push(() => upstreams.close())

    const first = await startLive(live, logger)
    checkMaps(maps, first.table, first.snapshot)
    const tls = await TlsProvider.create(o.caDir ? {caDir: o.caDir} : {})
    tls.on('warning', (m) => logger.warn(m))

    // On unless --no-access-log: on a terminal one compact line per request, as dev servers print; the full line elsewhere.
    const accessLog = (o.accessLog ?? true) ? createAccessLog(o.logFormat, o.stdout, {compact: o.stdout.isTTY === true, paint: o.color ? paintStatus : undefined}) : undefined
    let resolver = upstreams.resolverFor(first.snapshot)
    tls.setState(first.table, first.snapshot)
    const gateway = await listenGateway(o, tls, {table: first.table, resolver}, metrics, accessLog)
    cleanup.push(() => gateway.close(o.drainTimeoutMs))
    metrics.routes.set(first.table.routes.length)
    metrics.tableGeneration.set(live.state.generation)
    metrics.setConnections(() => gateway.connections())

    live.on('table', (c) => {
      resolver = swap(c.table, c.update.snapshot, upstreams, gateway, tls)
      metrics.reloaded(true)
      metrics.retainRoutes(c.table)
      metrics.routes.set(c.table.routes.length)
      metrics.tableGeneration.set(c.generation)
      logger.info(`reloaded: ${c.table.routes.length} routes`, {generation: c.generation})
      logger.diagnostics(c.update.diagnostics.filter((d) => d.severity !== 'info'))
    })
    // A change that landed while the listeners were starting.
    if (live.current && live.snapshot && live.current !== first.table) {
      resolver = swap(live.current, live.snapshot, upstreams, gateway, tls)
      metrics.retainRoutes(live.current)
    }
    // The source's health (a cluster watch reconnecting, stale, live again), once per change of status.
    let sourceStatus = live.state.source.status
    live.on('state', (st) => {
      if (st.source.status === sourceStatus) return
      sourceStatus = st.source.status
      const text = `source ${st.source.status}${st.source.reason ? `: ${st.source.reason}` : ''}`
      if (st.source.status === 'live') logger.info(`${text} (serving generation ${st.generation})`)
      else logger.warn(`${text}; serving the last good table`)
    })
    live.on('rejected', (r) => {
      metrics.reloaded(false)
      logger.error(r.message)
      logger.diagnostics(r.diagnostics)
    })

    let listening = false
    const admin = new AdminServer({live, metrics, listening: () => listening})
    let adminAddr: AddressInfo
    try {
      adminAddr = await admin.listen(o.adminPort, o.adminAddress)
    } catch (err) {
      throw listenError(err, 'the admin API', o.adminAddress, o.adminPort, '--admin-port')
    }
    cleanup.push(() => admin.close())
    listening = true

    const listeners: ListenerInfo[] = [
      {name: 'http', url: `http://${hostForUrl(o.address)}:${gateway.httpPort}`},
      {name: 'https', url: `https://${hostForUrl(o.address)}:${gateway.httpsPort}`},
      {name: 'admin', url: `http://${hostForUrl(o.adminAddress)}:${adminAddr.port} (/metrics /routes /healthz /readyz)`},
    ]
    const banner = bannerLines({
      version: VERSION,
      sourceLabel: source.label,
      upstreamMode: upstreams.mode,
      listeners,
      table: live.current,
      resolver,
      httpUrl: `http://${hostForUrl(o.address)}:${gateway.httpPort}`,
    })
    // With --log-format json every stdout line is a JSON object, the banner included.
    if (o.logFormat === 'json') o.stdout.write(`${bannerJson({version: VERSION, sourceLabel: source.label, upstreamMode: upstreams.mode, listeners, table: live.current})}\n`)
    else o.stdout.write(`${banner.join('\n')}\n`)

    let closing: Promise<void> | undefined
    return {
      httpPort: gateway.httpPort,
      httpsPort: gateway.httpsPort,
      adminPort: adminAddr.port,
      live,
      metrics,
      shutdown: () => {
        listening = false
        closing ??= closeAll()
        return closing
      },
    }
  } catch (err) {
    await closeAll()
    throw err
  }
}

/** Loads the first table; prints load diagnostics; throws when nothing at all can be served. */
async function startLive(live: LiveTable, logger: Logger): Promise<{table: RouteTable; snapshot: Snapshot}> {
  const rejected: Diagnostic[] = []
  const onRejected = (r: {diagnostics: ReadonlyArray<Diagnostic>}): void => {
    rejected.push(...r.diagnostics)
  }
  live.on('rejected', onRejected)
  let table: RouteTable | undefined
  try {
    table = await live.start()
  } finally {
    live.off('rejected', onRejected)
  }
  const diagnostics = table ? [...live.state.loadDiagnostics, ...table.diagnostics] : rejected
  logger.diagnostics(diagnostics.filter((d) => d.severity !== 'info'))
  const snapshot = live.snapshot
  if (!table || !snapshot || (table.routes.length === 0 && table.defaultRoute === undefined && hasErrors(diagnostics))) {
    throw new InputError('E_NOTHING_TO_SERVE', `nothing to serve from ${live.source.label}: no route could be built`, {
      hint: 'fix the errors above (file:line), then run ingressctl serve again; ingressctl lint -f FILES shows every finding',
    })
  }
  return {table, snapshot}
}

async function listenGateway(
  o: ServeOptions,
  tls: TlsProvider,
  initial: {table: RouteTable; resolver: UpstreamResolver},
  metrics: GatewayMetrics,
  accessLog: ReturnType<typeof createAccessLog> | undefined,
): Promise<RunningGateway> {
  return startGateway({
    address: o.address,
    httpPort: o.httpPort,
    httpsPort: o.httpsPort,
    tls,
    initial,
    connectTimeoutMs: o.connectTimeoutMs,
    upstreamTimeoutMs: o.upstreamTimeoutMs,
    client: {
      ...(o.clientHeaderTimeoutMs !== undefined ? {clientHeaderTimeoutMs: o.clientHeaderTimeoutMs} : {}),
      ...(o.keepAliveTimeoutMs !== undefined ? {keepAliveTimeoutMs: o.keepAliveTimeoutMs} : {}),
      ...(o.tlsHandshakeTimeoutMs !== undefined ? {tlsHandshakeTimeoutMs: o.tlsHandshakeTimeoutMs} : {}),
      ...(o.http2IdleTimeoutMs !== undefined ? {http2IdleTimeoutMs: o.http2IdleTimeoutMs} : {}),
      ...(o.http2PingIntervalMs !== undefined ? {http2PingIntervalMs: o.http2PingIntervalMs} : {}),
    },
    onRequest: (r) => {
      metrics.observe(r)
      accessLog?.(r)
    },
    listenError: (err, which, port) =>
      listenError(err, which === 'http' ? 'HTTP' : 'HTTPS', o.address, port, which === 'http' ? '--http-port' : '--https-port'),
  })
}

/** One step: the resolver for this snapshot and the table compiled from it go to the gateway together. */
function swap(table: RouteTable, snapshot: Snapshot, upstreams: UpstreamProvider, gateway: RunningGateway, tls: TlsProvider): UpstreamResolver {
  const resolver = upstreams.resolverFor(snapshot)
  tls.setState(table, snapshot)
  gateway.setState(table, resolver)
  return resolver
}
