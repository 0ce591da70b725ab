import type {Sample} from './prom-text.js'

/** Names of the serve admin API's metrics (src/metrics). */
export interface MetricNames {
  /** Counter of requests with labels `route` and `status`. */
  readonly requests: string
  /** Histogram of request latency in seconds with label `route`. */
  readonly latency: string
  readonly routeLabel: string
  readonly statusLabel: string
}

export const DEFAULT_METRIC_NAMES: MetricNames = {
  requests: 'ingressctl_requests_total',
  latency: 'ingressctl_request_duration_seconds',
  routeLabel: 'route',
  statusLabel: 'status',
}

/** Cumulative counters of one route at one scrape. */
export interface RouteCounters {
  requests: number
  errors: number
  /** Cumulative histogram buckets: upper bound (seconds) → count. */
  buckets: Map<number, number>
}

export interface Scrape {
  /** ms since epoch. */
  readonly at: number
  readonly routes: ReadonlyMap<string, RouteCounters>
}

/** Live figures of one route between two scrapes. */
export interface RouteStats {
  readonly rps: number
  /** Share of 5xx responses, 0..1; undefined when there was no request. */
  readonly errorRate?: number
  /** 99th percentile latency in seconds (histogram estimate); undefined when there was no request. */
  readonly p99?: number
}

function counters(map: Map<string, RouteCounters>, route: string): RouteCounters {
  let c = map.get(route)
  if (!c) {
    c = {requests: 0, errors: 0, buckets: new Map()}
    map.set(route, c)
  }
  return c
}

export function toScrape(samples: ReadonlyArray<Sample>, at: number, names: MetricNames = DEFAULT_METRIC_NAMES): Scrape {
  const routes = new Map<string, RouteCounters>()
  const bucketName = `${names.latency}_bucket`
  for (const s of samples) {
    const route = s.labels[names.routeLabel]
    if (route === undefined) continue
    if (s.name === names.requests) {
      const c = counters(routes, route)
      c.requests += s.value
      const status = Number(s.labels[names.statusLabel])
      if (status >= 500) c.errors += s.value
    } else if (s.name === bucketName) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le)
      if (Number.isNaN(le)) continue
      const c = counters(routes, route)
      c.buckets.set(le, (c.buckets.get(le) ?? 0) + s.value)
    }
  }
  return {at, routes}
}

/** A counter delta; a counter that went down was reset (serve restarted), so the new value is the delta. */
function delta(now: number, before: number | undefined): number {
  if (before === undefined || now < before) return now
  return now - before
}

/**
 * Quantile from cumulative bucket deltas, interpolated linearly inside the
 * bucket like PromQL's histogram_quantile (the +Inf bucket yields the highest finite bound).
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<readonly [number, number]>): number | undefined {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0])
  const total = sorted.at(-1)?.[1] ?? 0
  if (total <= 0) return undefined
  const rank = q * total
  let prevBound = 0
  let prevCount = 0
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound
      const inBucket = count - prevCount
      if (inBucket <= 0) return bound
      return prevBound + (bound - prevBound) * ((rank - prevCount) / inBucket)
    }
    prevBound = bound
    prevCount = count
  }
  return prevBound
}

export function routeStats(before: Scrape, now: Scrape): Map<string, RouteStats> {
  const seconds = (now.at - before.at) / 1000
  const out = new Map<string, RouteStats>()
  if (seconds <= 0) return out
  for (const [route, c] of now.routes) {
    const prev = before.routes.get(route)
    const requests = delta(c.requests, prev?.requests)
    const errors = delta(c.errors, prev?.errors)
    const buckets = [...c.buckets].map(([le, n]) => [le, delta(n, prev?.buckets.get(le))] as const)
    const p99 = requests > 0 ? histogramQuantile(0.99, buckets) : undefined
    out.set(route, {
      rps: requests / seconds,
      ...(requests > 0 ? {errorRate: errors / requests} : {}),
      ...(p99 !== undefined ? {p99} : {}),
    })
  }
  return out
}
