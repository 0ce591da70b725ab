/**
 * Per-route request counters and latency histograms, kept compactly and
 * rendered in the Prometheus text exposition format (version 0.0.4).
 *
 * prom-client keeps a labelled child object per label set (a histogram child
 * holds an object of buckets) and hashes a label object on each use: with one
 * series per route that cost about 1.5 KB and 3 µs per route, and a scrape of
 * 100,000 routes took seconds. Here a route's figures are one Float64Array
 * found by the route id (the same string object for every request of a
 * table, so its hash is cached), and a scrape is one pass of string building.
 * The output is what prom-client would print for
 * `ingressctl_requests_total{route,status}` and
 * `ingressctl_request_duration_seconds{route}`, so dashboards see no change.
 */

export interface RouteStatsOptions {
  readonly requestsName: string
  readonly requestsHelp: string
  readonly latencyName: string
  readonly latencyHelp: string
  /** Histogram upper bounds in seconds, ascending (`+Inf` is implied). */
  readonly buckets: readonly number[]
}

/** One route: counts by status, and per-bucket (not cumulative) latency counts, then sum and count. */
interface RouteEntry {
  readonly statuses: Map<number, number>
  /** [bucket 0 .. bucket n-1, +Inf bucket, sum, count] */
  readonly latency: Float64Array
}

export class RouteStats {
  private readonly routes = new Map<string, RouteEntry>()
  private readonly bounds: Float64Array
  private readonly boundLabels: string[]

  constructor(private readonly o: RouteStatsOptions) {
    this.bounds = Float64Array.from(o.buckets)
    this.boundLabels = o.buckets.map((b) => String(b))
  }

  observe(route: string, status: number, seconds: number): void {
    let e = this.routes.get(route)
    if (e === undefined) {
      e = {statuses: new Map(), latency: new Float64Array(this.bounds.length + 3)}
      this.routes.set(route, e)
    }
    e.statuses.set(status, (e.statuses.get(status) ?? 0) + 1)
    const bounds = this.bounds
    const n = bounds.length
    let i = 0
    while (i < n && seconds > bounds[i]!) i++
    const lat = e.latency
    lat[i]!++
    lat[n + 1]! += seconds
    lat[n + 2]!++
  }

  /** Both metric families, sorted by route (and status), in the text exposition format. */
  render(): string {
    const ids = [...this.routes.keys()].sort()
    const {requestsName, latencyName} = this.o
    const out: string[] = [`# HELP ${requestsName} ${this.o.requestsHelp}`, `# TYPE ${requestsName} counter`]
    for (const id of ids) {
      const route = escapeLabel(id)
      const statuses = [...this.routes.get(id)!.statuses].sort((a, b) => a[0] - b[0])
      for (const [status, count] of statuses) out.push(`${requestsName}{route="${route}",status="${status}"} ${count}`)
    }
    out.push(`# HELP ${latencyName} ${this.o.latencyHelp}`, `# TYPE ${latencyName} histogram`)
    const n = this.bounds.length
    for (const id of ids) {
      const route = escapeLabel(id)
      const lat = this.routes.get(id)!.latency
      let cumulative = 0
      for (let i = 0; i < n; i++) {
        cumulative += lat[i]!
        out.push(`${latencyName}_bucket{le="${this.boundLabels[i]}",route="${route}"} ${cumulative}`)
      }
      out.push(`${latencyName}_bucket{le="+Inf",route="${route}"} ${cumulative + lat[n]!}`)
      out.push(`${latencyName}_sum{route="${route}"} ${lat[n + 1]}`)
      out.push(`${latencyName}_count{route="${route}"} ${lat[n + 2]}`)
    }
    return `${out.join('\n')}\n`
  }
}

/** Label values escape backslash, double quote and line feed (text exposition format). */
function escapeLabel(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v
}
