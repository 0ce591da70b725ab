import type {Route} from '../model/routes.js'

/** A sample request that a route (and the routes around it) would see. */
export interface Probe {
  readonly host: string
  readonly path: string
}

/** Host used for probes of host-less rules: `.invalid` never names a real host, so no host rule claims it. */
export const ANY_HOST = 'any-host.invalid'

/** `*.preview.example.com` → `x.preview.example.com`; `*` → ANY_HOST. */
export function sampleHost(host: string): string {
  if (host === '*') return ANY_HOST
  if (host.startsWith('*.')) return `x${host.slice(1)}`
  return host
}

/** The route's own path and a path below it (`/v1` → `/v1`, `/v1/x`; `/` → `/`, `/x`). */
export function probesFor(r: Route): Probe[] {
  if (r.defaultBackend) return []
  const host = sampleHost(r.host)
  const base = r.path.replace(/\/+$/, '')
  return [
    {host, path: r.path},
    {host, path: `${base}/x`},
  ]
}
