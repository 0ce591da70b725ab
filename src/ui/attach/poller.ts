import {parsePrometheusText} from './prom-text.js'
import {DEFAULT_METRIC_NAMES, routeStats, toScrape, type MetricNames, type RouteStats, type Scrape} from './route-stats.js'

export interface AttachStatus {
  /** The admin API base URL, e.g. http://127.0.0.1:9901. */
  readonly url: string
  readonly ok: boolean
  /** Last error (connection refused, HTTP status), when !ok. */
  readonly error?: string
  /** Per route label value (the route id). Empty until two scrapes succeeded. */
  readonly stats: ReadonlyMap<string, RouteStats>
}

export interface AttachOptions {
  readonly url: string
  /** Poll period in ms (default 2000). */
  readonly intervalMs?: number
  readonly names?: MetricNames
  readonly onStatus: (s: AttachStatus) => void
}

/** `http://127.0.0.1:9901/` → `http://127.0.0.1:9901/metrics`. */
export function metricsUrl(base: string): string {
  const u = new URL(base)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/metrics`
  return u.toString()
}

/**
 * Polls a running serve's admin API (/metrics) and reports per-route rates.
 * One request in flight at a time; each bounded by a timeout. Returns stop().
 */
export function startAttach(o: AttachOptions): () => void {
  const url = metricsUrl(o.url)
  const interval = o.intervalMs ?? 2000
  const names = o.names ?? DEFAULT_METRIC_NAMES
  let previous: Scrape | undefined
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let stats: ReadonlyMap<string, RouteStats> = new Map()

  const poll = async (): Promise<void> => {
    try {
      const res = await fetch(url, {signal: AbortSignal.timeout(Math.max(500, interval - 100))})
      if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`)
      const scrape = toScrape(parsePrometheusText(await res.text()), Date.now(), names)
      if (previous) stats = routeStats(previous, scrape)
      previous = scrape
      if (!stopped) o.onStatus({url: o.url, ok: true, stats})
    } catch (err) {
      const cause = (err as {cause?: {code?: string}}).cause?.code
      const msg = cause ? `${url}: ${cause}` : err instanceof Error ? err.message : String(err)
      if (!stopped) o.onStatus({url: o.url, ok: false, error: msg, stats})
    }
    if (!stopped) timer = setTimeout(() => void poll(), interval)
  }
  void poll()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
