/**
 * What a matched request becomes, for `match`, `routes` and `diff`: the
 * route's actions run by the evaluator the gateway uses, or the plain proxy
 * outcome (path and Host unchanged) for routes without actions.
 */
import type {Route} from '../model/routes.js'
import {evaluate} from './evaluate.js'
import type {ActionListener, Outcome} from './types.js'

export interface OutcomeRequest {
  readonly scheme?: 'http' | 'https'
  /** Host as the client sends it (port allowed; '' when none). */
  readonly host: string
  /** Path and query, as sent. */
  readonly target: string
  /** The normalised path nginx matches (`$uri`); default: the target's path. */
  readonly path?: string
  readonly method?: string
  /** The body's declared size (Content-Length), for proxy-body-size. */
  readonly contentLength?: number
  /** The client's address, for access lists (unchecked when absent). */
  readonly clientIp?: string
  /** Request fields besides Host (the access list's real-ip header is read from them). */
  readonly fields?: ReadonlyArray<readonly [string, string]>
}

export function requestOutcome(route: Route, req: OutcomeRequest, listener?: ActionListener): Outcome {
  const scheme = req.scheme ?? 'http'
  if (route.actions === undefined) {
    return {type: 'proxy', upstreamPath: req.target, upstreamHost: req.host, headers: [], response: [], acted: []}
  }
  const access = route.actions.find((a) => a.type === 'access')
  const realIp = access?.type === 'access' ? access.realIp : undefined
  const forwarded = realIp ? (req.fields ?? []).filter(([n]) => n.toLowerCase() === realIp.header.toLowerCase()).map(([, v]) => v) : []
  const o = evaluate(
    route.actions,
    {
      method: req.method ?? 'GET',
      scheme,
      host: req.host,
      target: req.target,
      ...(req.path !== undefined ? {path: req.path} : {}),
      ...(req.clientIp !== undefined ? {clientIp: req.clientIp} : {}),
      ...(forwarded.length > 0 ? {forwardedFor: forwarded.join(', ')} : {}),
      ...(req.contentLength !== undefined ? {contentLength: req.contentLength} : {}),
    },
    listener,
  )
  return o.type === 'proxy' && o.upstreamHost === undefined ? {...o, upstreamHost: req.host} : o
}

/** One line: `proxied as /new?x=1 (Host b.internal)`, `redirected 308 to https://…`, `answered 503`; the Host only when it is not the client's. */
export function outcomeText(o: Outcome, clientHost?: string): string {
  if (o.type === 'redirect') return `redirected ${o.status} to ${o.location}`
  if (o.type === 'respond') return `answered ${o.status} by the gateway`
  return `proxied as ${o.upstreamPath}${o.upstreamHost && o.upstreamHost !== clientHost ? ` (Host ${o.upstreamHost})` : ''}`
}

/**
 * nginx's answer for `/foo` when the location `/foo/` (and no `= /foo`) serves it:
 * 301 to the location's name, query kept, absolute with the request's host and
 * no port (ingress-nginx sets port_in_redirect off). Used by serve and match.
 */
export function slashRedirectLocation(scheme: 'http' | 'https', host: string, name: string, target: string): string {
  const q = target.indexOf('?')
  return `${scheme}://${host}${escapeUri(name)}${q === -1 ? '' : target.slice(q)}`
}

/** The slash redirect as an outcome, for match. */
export function slashRedirectOutcome(scheme: 'http' | 'https', host: string, name: string, target: string): Outcome {
  return {type: 'redirect', status: 301, location: slashRedirectLocation(scheme, host, name, target), response: [], acted: []}
}

/** nginx's ngx_escape_uri (NGX_ESCAPE_URI) over a location name's UTF-8 bytes: space, `#`, `%`, `?`, controls and non-ASCII are %-escaped. */
function escapeUri(s: string): string {
  let out = ''
  for (const b of Buffer.from(s, 'utf8')) out += b <= 0x20 || b >= 0x7f || b === 0x23 || b === 0x25 || b === 0x3f ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)
  return out
}
