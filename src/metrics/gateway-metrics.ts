import {Counter, Gauge, Registry} from 'prom-client'
import type {RequestRecord} from '../log/request-record.js'
import type {RouteTable} from '../model/routes.js'
import {RouteStats} from './route-stats.js'

/** Proxy error kinds that count as upstream errors (not no-route, resource backends or client aborts). */
const UPSTREAM_ERRORS = new Set(['unresolved', 'connect-failed', 'connect-timeout', 'upstream-reset', 'upstream-timeout', 'upstream-error'])

/** Label value for requests that matched no route. */
export const NO_ROUTE = 'none'

/**
 * The gateway's Prometheus metrics, in a registry of its own (nothing global):
 * requests by route and status, a latency histogram, upstream errors, reloads
 * and active connections.
 */
export class GatewayMetrics {
  readonly registry = new Registry()
  /** ingressctl_requests_total{route,status} and ingressctl_request_duration_seconds{route}: one series per route, kept compactly. */
  readonly perRoute: RouteStats
  readonly upstreamErrors: Counter<'route' | 'kind'>
  readonly reloads: Counter<'result'>
  readonly activeConnections: Gauge
  private connections: () => number = () => 0
  /** The upstream-error kinds counted per route, so a route's series can be removed when it goes away. */
  private readonly errorKinds = new Map<string, Set<string>>()
  readonly routes: Gauge
  readonly tableGeneration: Gauge

  constructor() {
    const registers = [this.registry]
    this.perRoute = new RouteStats({
      requestsName: 'ingressctl_requests_total',
      requestsHelp: 'Requests served, by route id and HTTP status.',
      latencyName: 'ingressctl_request_duration_seconds',
      latencyHelp: 'Time from request start to response end, by route id.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    })
    this.upstreamErrors = new Counter({
      name: 'ingressctl_upstream_errors_total',
      help: 'Requests the gateway answered itself because the upstream failed (connect, timeout, reset, unresolved), by route id and kind.',
      labelNames: ['route', 'kind'],
      registers,
    })
    this.reloads = new Counter({name: 'ingressctl_reloads_total', help: 'Route table reloads, by result (success or failure).', labelNames: ['result'], registers})
    const self = this
    this.activeConnections = new Gauge({
      name: 'ingressctl_active_connections',
      help: 'Open client connections (HTTP and HTTPS listeners, WebSocket tunnels included).',
      registers,
      collect() {
        this.set(self.connections())
      },
    })
    this.routes = new Gauge({name: 'ingressctl_routes', help: 'Routes in the current table.', registers})
    this.tableGeneration = new Gauge({name: 'ingressctl_table_generation', help: 'How many route tables have been loaded.', registers})
    this.reloads.inc({result: 'success'}, 0)
    this.reloads.inc({result: 'failure'}, 0)
  }

  /** Counts one finished request. */
  observe(r: RequestRecord): void {
    const route = r.route ?? NO_ROUTE
    this.perRoute.observe(route, r.status, r.durationMs / 1000)
    if (r.error && UPSTREAM_ERRORS.has(r.error)) {
      this.upstreamErrors.inc({route, kind: r.error})
      let kinds = this.errorKinds.get(route)
      if (!kinds) this.errorKinds.set(route, (kinds = new Set()))
      kinds.add(r.error)
    }
  }

  /**
   * After a reload: the per-route series of routes that are not in `table`
   * are removed (requests that matched no route keep theirs). Without it a
   * gateway reloaded with ever new route ids (paths edited, Ingresses renamed)
   * would keep a series, and its memory, per route id it ever served.
   */
  retainRoutes(table: RouteTable): void {
    const ids = new Set<string>([NO_ROUTE])
    for (const r of table.routes) ids.add(r.id)
    if (table.defaultRoute) ids.add(table.defaultRoute.id)
    const keep = (id: string): boolean => ids.has(id)
    this.perRoute.retain(keep)
    for (const [route, kinds] of this.errorKinds) {
      if (keep(route)) continue
      for (const kind of kinds) this.upstreamErrors.remove({route, kind})
      this.errorKinds.delete(route)
    }
  }

  /** Where the active-connections gauge reads its values when scraped. */
  setConnections(fn: () => number): void {
    this.connections = fn
  }

  reloaded(ok: boolean): void {
    this.reloads.inc({result: ok ? 'success' : 'failure'})
  }

  async text(): Promise<string> {
    return (await this.registry.metrics()) + this.perRoute.render()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
