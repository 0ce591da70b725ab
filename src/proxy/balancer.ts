import type {ServiceBackend} from '../model/routes.js'
import type {UpstreamEndpoint} from '../model/upstreams.js'

interface Ejection {
  failures: number
  until: number
}

/**
 * Round-robin over a backend's endpoints with passive health checking: an
 * endpoint whose connection fails is ejected for `base * 2^(failures-1)` ms
 * (capped at `max`); a successful response clears its record. When every
 * endpoint is ejected, the one whose ejection ends first is used anyway
 * (a possibly-down endpoint beats a certain 503).
 *
 * Health is kept per endpoint key, so it survives table swaps, until prune()
 * forgets long-expired records; round-robin positions are per backend object
 * (one table).
 */
export class Balancer {
  private readonly ejections = new Map<string, Ejection>()
  private readonly cursors = new WeakMap<ServiceBackend, {n: number}>()

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The next endpoint for `backend`, skipping ejected ones and `exclude` (an endpoint that just failed). */
  pick(backend: ServiceBackend, endpoints: ReadonlyArray<UpstreamEndpoint>, exclude?: UpstreamEndpoint): UpstreamEndpoint | undefined {
    const len = endpoints.length
    if (len === 0) return undefined
    if (len === 1) return exclude === endpoints[0] ? undefined : endpoints[0]
    let cursor = this.cursors.get(backend)
    if (!cursor) {
      cursor = {n: 0}
      this.cursors.set(backend, cursor)
    }
    const start = cursor.n++ % len
    if (cursor.n >= 0x3fffffff) cursor.n = 0
    if (this.ejections.size === 0 && exclude === undefined) return endpoints[start]
    const now = this.now()
    let fallback: UpstreamEndpoint | undefined
    let fallbackUntil = Infinity
    for (let i = 0; i < len; i++) {
      const ep = endpoints[(start + i) % len]!
      if (ep === exclude) continue
      const e = this.ejections.get(ep.key)
      if (e === undefined || e.until <= now) return ep
      if (e.until < fallbackUntil) {
        fallback = ep
        fallbackUntil = e.until
      }
    }
    return fallback
  }

  /**
   * Records a connection failure; returns the remaining ejection in ms.
   * Failures while already ejected (concurrent requests that were on their
   * way) do not lengthen the ejection.
   */
  fail(key: string): number {
    const now = this.now()
    const e = this.ejections.get(key) ?? {failures: 0, until: 0}
    if (e.until > now) return e.until - now
    e.failures++
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(e.failures - 1, 30))
    e.until = now + ms
    this.ejections.set(key, e)
    return ms
  }

  /** Records a response from the endpoint: it is healthy again. */
  succeed(key: string): void {
    if (this.ejections.size !== 0) this.ejections.delete(key)
  }

  /**
   * Forgets the endpoints whose ejection ended more than `max` ago with no
   * failure since: endpoints that went away (a deleted Pod's address fails
   * and is never answered by it again) or that nobody has tried for that
   * long. An endpoint still in use is tried, and either answers (its record
   * goes) or fails again (its record is renewed), well within that time.
   * Keeps the records bounded by the endpoints failing lately instead of
   * every endpoint that ever failed; nginx, likewise, forgets an upstream
   * server's failures after `fail_timeout` without one.
   */
  prune(): void {
    if (this.ejections.size === 0) return
    const now = this.now()
    for (const [key, e] of this.ejections) if (e.until + this.maxMs <= now) this.ejections.delete(key)
  }

  /** Endpoints with a health record (ejected now, or lately). */
  get size(): number {
    return this.ejections.size
  }

  isEjected(key: string): boolean {
    const e = this.ejections.get(key)
    return e !== undefined && e.until > this.now()
  }
}
