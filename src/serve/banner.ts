import type {Resolution, UpstreamResolver} from '../model/upstreams.js'
import type {Route, RouteTable} from '../model/routes.js'

export interface ListenerInfo {
  /** `http`, `https`, `admin`. */
  readonly name: string
  readonly url: string
}

/** At most this many routes are listed; the rest are counted. */
const MAX_LISTED = 40

export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * The startup banner: what is listening and which routes are served where,
 * e.g. `  http   http://127.0.0.1:8080`. Printed even when the access log is
 * quiet; scripts and tests read the ports from these lines.
 */
export function bannerLines(o: {
  version: string
  sourceLabel: string
  upstreamMode: string
  listeners: readonly ListenerInfo[]
  table: RouteTable | undefined
  resolver: UpstreamResolver | undefined
  httpUrl?: string
}): string[] {
  const count = o.table?.routes.length ?? 0
  const lines = [`ingressctl ${o.version} serving ${count} route${count === 1 ? '' : 's'} from ${o.sourceLabel} (upstreams: ${o.upstreamMode})`]
  for (const l of o.listeners) lines.push(`  ${l.name.padEnd(6)} ${l.url}`)
  if (!o.table || count === 0) {
    lines.push('no routes yet: every request answers 404 until the manifests define some')
    return lines
  }
  lines.push('routes:')
  const routes = o.table.routes
  for (const r of routes.slice(0, MAX_LISTED)) lines.push(`  ${routeLine(r, o.resolver, o.httpUrl)}`)
  if (routes.length > MAX_LISTED) lines.push(`  ... and ${routes.length - MAX_LISTED} more (admin /routes lists them all)`)
  return lines
}

function routeLine(r: Route, resolver: UpstreamResolver | undefined, httpUrl: string | undefined): string {
  const where = r.defaultBackend ? '(default backend)' : `${r.host === '*' ? '*' : r.host}${r.path} (${r.pathType})`
  let to: string
  if (r.backend.kind === 'resource') {
    to = `resource ${r.backend.resourceKind} ${r.backend.namespace}/${r.backend.name} (not served: 503)`
  } else {
    const b = r.backend
    const port = b.port.number !== undefined ? String(b.port.number) : (b.port.name ?? '')
    to = `${b.namespace}/${b.name}:${port} ${describe(resolver?.resolve(b))}`
  }
  const url = httpUrl && !r.defaultBackend && r.host !== '*' && !r.host.startsWith('*.') ? `  curl -H 'Host: ${r.host}' ${httpUrl}${r.path}` : ''
  return `${where} -> ${to}${url}`
}

function describe(res: Resolution | undefined): string {
  if (!res) return ''
  if (res.kind === 'echo') return '=> echo'
  if (res.kind === 'unresolved') return `=> unresolved (503; ${res.hint})`
  const eps = res.endpoints.map((e) => e.key)
  const shown = eps.length > 3 ? `${eps.slice(0, 3).join(', ')} +${eps.length - 3}` : eps.join(', ')
  return `=> ${shown} [${res.source}]`
}

/**
 * The banner as one JSON object (--log-format json): what is listening and how
 * many routes, keys in a fixed order, e.g.
 * {"time":"…","level":"info","msg":"serving","version":"0.1.0","routes":4,"source":"files: k8s","upstreams":"files",
 *  "listeners":{"http":"http://127.0.0.1:8080","https":"https://127.0.0.1:8443","admin":"http://127.0.0.1:9901"}}.
 */
export function bannerJson(o: {version: string; sourceLabel: string; upstreamMode: string; listeners: readonly ListenerInfo[]; table: RouteTable | undefined; now?: number}): string {
  const listeners = Object.fromEntries(o.listeners.map((l) => [l.name, l.url.split(' ')[0]]))
  return JSON.stringify({
    time: new Date(o.now ?? Date.now()).toISOString(),
    level: 'info',
    msg: 'serving',
    version: o.version,
    routes: o.table?.routes.length ?? 0,
    source: o.sourceLabel,
    upstreams: o.upstreamMode,
    listeners,
  })
}
