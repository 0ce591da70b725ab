/**
 * Per-route request counters and latency histograms, kept compactly and
 * rendered in the Prometheus text exposition format (version 0.0.4).
 *
 * prom-client keeps a labelled child object per label set (a histogram child
 * holds an object of buckets) and hashes a label object on each use: with one
 * series per route that cost about 1.5 KB and 3 µs per route, and a scrape of
 * 100,000 routes took seconds. Here a route is a slot found by its id (the
 * same string object for every request of a table, so its hash is cached):
 * its latency counts live in one shared Float64Array and its status counts in
 * one shared Map, so a route costs about 200 bytes and no objects of its own,
 * and a scrape is one pass of string building.
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

/** Status codes stay below this; a route's status counts are keyed `slot * STATUS_SPAN + status`. */
const STATUS_SPAN = 1000

export class RouteStats {
  /** Route id → slot: the route's place in `latency` and in the status keys. */
  private readonly slots = new Map<string, number>()
  /** Per slot, `width` numbers: per-bucket (not cumulative) counts, the +Inf bucket, sum, count. */
  private latency: Float64Array
  private readonly statuses = new Map<number, number>()
  private readonly bounds: Float64Array
  private readonly boundLabels: string[]
  private readonly width: number

  constructor(private readonly o: RouteStatsOptions) {
    this.bounds = Float64Array.from(o.buckets)
    this.boundLabels = o.buckets.map((b) => String(b))
    this.width = o.buckets.length + 3
    this.latency = new Float64Array(64 * this.width)
  }

  observe(route: string, status: number, seconds: number): void {
    let slot = this.slots.get(route)
    if (slot === undefined) {
      slot = this.slots.size
      this.slots.set(route, slot)
      if ((slot + 1) * this.width > this.latency.length) {
        const grown = new Float64Array(Math.ceil((slot + 1) * 1.5) * this.width)
        grown.set(this.latency)
        this.latency = grown
      }
    }
    const key = slot * STATUS_SPAN + (status >= 0 && status < STATUS_SPAN ? status : 0)
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1)
    const bounds = this.bounds
    const n = bounds.length
    let i = 0
    while (i < n && seconds > bounds[i]!) i++
    const base = slot * this.width
    const lat = this.latency
    lat[base + i]!++
    lat[base + n + 1]! += seconds
    lat[base + n + 2]!++
  }

  /** Both metric families, sorted by route (and status), in the text exposition format. */
  render(): string {
    const bySlot = new Map<number, Array<[number, number]>>()
    for (const [key, count] of this.statuses) {
      const slot = Math.floor(key / STATUS_SPAN)
      let list = bySlot.get(slot)
      if (!list) bySlot.set(slot, (list = []))
      list.push([key % STATUS_SPAN, count])
    }
    const routes = [...this.slots].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const {requestsName, latencyName} = this.o
    const out: string[] = [`# HELP ${requestsName} ${this.o.requestsHelp}`, `# TYPE ${requestsName} counter`]
    for (const [id, slot] of routes) {
      const route = escapeLabel(id)
      for (const [status, count] of (bySlot.get(slot) ?? []).sort((a, b) => a[0] - b[0])) out.push(`${requestsName}{route="${route}",status="${status}"} ${count}`)
    }
    out.push(`# HELP ${latencyName} ${this.o.latencyHelp}`, `# TYPE ${latencyName} histogram`)
    const n = this.bounds.length
    const lat = this.latency
    for (const [id, slot] of routes) {
      const route = escapeLabel(id)
      const base = slot * this.width
      let cumulative = 0
      for (let i = 0; i < n; i++) {
        cumulative += lat[base + i]!
        out.push(`${latencyName}_bucket{le="${this.boundLabels[i]}",route="${route}"} ${cumulative}`)
      }
      out.push(`${latencyName}_bucket{le="+Inf",route="${route}"} ${cumulative + lat[base + n]!}`)
      out.push(`${latencyName}_sum{route="${route}"} ${lat[base + n + 1]}`)
      out.push(`${latencyName}_count{route="${route}"} ${lat[base + n + 2]}`)
    }
    return `${out.join('\n')}\n`
  }
}

/** Label values escape backslash, double quote and line feed (text exposition format). */
function escapeLabel(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v
}
