/**
 * Per-route request counters and latency histograms, kept compactly and
 * rendered in the Prometheus text exposition format (version 0.0.4).
 *
 * prom-client keeps a labelled child object per label set (a histogram child
 * holds an object of buckets) and hashes a label object on each use: with one
 * series per route that cost about 1.5 KB and 3 µs per route, and a scrape of
 * 100,000 routes took seconds. Here a route is a slot found by its id (the
 * same string object for every request of a table, so its hash is cached):
 * its latency counts and its first INLINE_STATUSES status counts sit side by
 * side in one shared Float64Array (further statuses go to a shared Map), so a
 * request touches one small region (at 100k routes every other structure
 * read is a cache miss), a route costs about 200 bytes and no objects of its
 * own, and a scrape is one pass of string building.
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

/** Status codes stay below this; a route's overflow status counts are keyed `slot * STATUS_SPAN + status`. */
const STATUS_SPAN = 1000
/** Distinct statuses of a route counted in its slot (pairs `status + 1`, count; 0 is a free pair). */
const INLINE_STATUSES = 4

export class RouteStats {
  /** Route id → slot: the route's place in `latency` and in the status keys. */
  private readonly slots = new Map<string, number>()
  /** Per slot, `width` numbers: per-bucket (not cumulative) counts, the +Inf bucket, sum, count, then the inline status pairs. */
  private latency: Float64Array
  /** Counts of the statuses beyond a route's INLINE_STATUSES. */
  private readonly overflow = new Map<number, number>()
  /** Slots of routes dropped by retain(), zeroed, taken again before the array grows. */
  private readonly free: number[] = []
  private readonly bounds: Float64Array
  private readonly boundLabels: string[]
  private readonly width: number

  constructor(private readonly o: RouteStatsOptions) {
    this.bounds = Float64Array.from(o.buckets)
    this.boundLabels = o.buckets.map((b) => String(b))
    this.width = o.buckets.length + 3 + 2 * INLINE_STATUSES
    this.latency = new Float64Array(64 * this.width)
  }

  observe(route: string, status: number, seconds: number): void {
    let slot = this.slots.get(route)
    if (slot === undefined) {
      slot = this.free.pop() ?? this.slots.size
      this.slots.set(route, slot)
      if ((slot + 1) * this.width > this.latency.length) {
        const grown = new Float64Array(Math.ceil((slot + 1) * 1.5) * this.width)
        grown.set(this.latency)
        this.latency = grown
      }
    }
    const code = status >= 0 && status < STATUS_SPAN ? status : 0
    const bounds = this.bounds
    const n = bounds.length
    let i = 0
    while (i < n && seconds > bounds[i]!) i++
    const base = slot * this.width
    const lat = this.latency
    lat[base + i]!++
    lat[base + n + 1]! += seconds
    lat[base + n + 2]!++
    const pairs = base + n + 3
    for (let j = pairs; j < pairs + 2 * INLINE_STATUSES; j += 2) {
      const held = lat[j]!
      if (held === code + 1) {
        lat[j + 1]!++
        return
      }
      if (held === 0) {
        lat[j] = code + 1
        lat[j + 1] = 1
        return
      }
    }
    const key = slot * STATUS_SPAN + code
    this.overflow.set(key, (this.overflow.get(key) ?? 0) + 1)
  }

  /**
   * Drops the series of the routes `keep` refuses (routes gone from the
   * table after a reload), so that a gateway reloaded with ever new route ids
   * holds one slot per current route, not one per route it ever served. The
   * slots are zeroed and reused. A route that comes back starts again from
   * zero: Prometheus treats a series that went away and returned like a
   * counter reset (what a restarted ingress-nginx pod's series do, too).
   */
  retain(keep: (route: string) => boolean): void {
    const w = this.width
    const dropped = new Set<number>()
    for (const [route, slot] of this.slots) {
      if (keep(route)) continue
      this.slots.delete(route)
      this.latency.fill(0, slot * w, (slot + 1) * w)
      this.free.push(slot)
      dropped.add(slot)
    }
    if (dropped.size !== 0) for (const key of this.overflow.keys()) if (dropped.has(Math.floor(key / STATUS_SPAN))) this.overflow.delete(key)
  }

  /** Routes with a series (for tests and the gateway's bookkeeping). */
  get size(): number {
    return this.slots.size
  }

  /** Both metric families, sorted by route (and status), in the text exposition format. */
  render(): string {
    const n = this.bounds.length
    const lat = this.latency
    const bySlot = new Map<number, Array<[number, number]>>()
    const statusesOf = (slot: number): Array<[number, number]> => {
      let list = bySlot.get(slot)
      if (!list) bySlot.set(slot, (list = []))
      return list
    }
    for (const slot of this.slots.values()) {
      const pairs = slot * this.width + n + 3
      for (let j = pairs; j < pairs + 2 * INLINE_STATUSES && lat[j] !== 0; j += 2) statusesOf(slot).push([lat[j]! - 1, lat[j + 1]!])
    }
    for (const [key, count] of this.overflow) statusesOf(Math.floor(key / STATUS_SPAN)).push([key % STATUS_SPAN, count])
    const routes = [...this.slots].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const {requestsName, latencyName} = this.o
    const out: string[] = [`# HELP ${requestsName} ${this.o.requestsHelp}`, `# TYPE ${requestsName} counter`]
    for (const [id, slot] of routes) {
      const route = escapeLabel(id)
      for (const [status, count] of (bySlot.get(slot) ?? []).sort((a, b) => a[0] - b[0])) out.push(`${requestsName}{route="${route}",status="${status}"} ${count}`)
    }
    out.push(`# HELP ${latencyName} ${this.o.latencyHelp}`, `# TYPE ${latencyName} histogram`)
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
