/**
 * explain() for an ingress-nginx host: nginx's location selection
 * (./nginx-server.ts) spelled out, and why each other location lost.
 */
import type {LocationMatch, NginxLocation} from '../model/locations.js'
import type {Candidate, LossReason, Route} from '../model/routes.js'
import {fromSubject} from '../compiler/nginx/pcre.js'
import {NginxServerMatcher, nginxUri} from './nginx-server.js'

export interface NginxExplanation {
  readonly route?: Route
  readonly location?: LocationMatch
  readonly steps: string[]
  readonly candidates: Candidate[]
  /** nginx answers 400: the URI does not normalize. */
  readonly invalid: boolean
}

/** `location = /foo`, `location /foo/`, `location ~* "^/foo"` as nginx.conf shows it. */
export function locationLabel(loc: {readonly modifier: string; readonly path: string}): string {
  if (loc.modifier === '~' || loc.modifier === '~*') return `location ${loc.modifier} "${loc.path}"`
  return `location ${loc.modifier === '' ? '' : `${loc.modifier} `}${loc.path}`
}

function routeLabel(r: Route): string {
  return `${r.pathType} ${r.path} (host ${r.host}, Ingress ${r.ingress.namespace}/${r.ingress.name})`
}

function readable(uri: string): string {
  return fromSubject(uri).toString('latin1')
}

const ORDER: Record<LossReason, number> = {
  'conflict-loser': 0,
  'prefix-loses-to-exact': 1,
  'earlier-regex': 1,
  'regex-over-prefix': 2,
  'shorter-path': 2,
  'less-specific-host': 3,
  'path-mismatch': 4,
  'host-mismatch': 5,
}

export function explainNginx(m: NginxServerMatcher, path: string): NginxExplanation {
  const steps: string[] = []
  const server = m.server
  steps.push(
    server.regexMode
      ? `regex mode: every path of this host is a case-insensitive regex location ~* "^PATH", because Ingress ${server.regexBecause!.ingress.namespace}/${server.regexBecause!.ingress.name} sets ${server.regexBecause!.annotation}`
      : 'Exact paths are exact locations (=), Prefix and ImplementationSpecific paths a prefix location PATH/ plus an exact location = PATH',
  )
  const uri = nginxUri(path)
  if (uri === undefined) {
    steps.push(`nginx cannot normalize ${JSON.stringify(path)} (a ".." above the root or a bad %-escape): it answers 400`)
    return {steps, candidates: [], invalid: true}
  }
  steps.push(`nginx matches the normalized URI ${JSON.stringify(readable(uri))}${readable(uri) !== path ? ` (from ${JSON.stringify(path)}: %-escapes decoded, slashes merged, dot segments resolved)` : ''}`)
  const hit = m.select(uri)
  const winner = hit?.location
  if (!hit) steps.push('no location matches')
  else if (hit.match.slashRedirect) steps.push(`${locationLabel(hit.location)} is the URI plus "/": nginx answers 301 with Location ${readable(uri)}/ (no exact location for the URI itself)`)
  else if (hit.location.modifier === '=') steps.push(`exact match: ${locationLabel(hit.location)} is selected at once`)
  else if (hit.location.modifier === '~' || hit.location.modifier === '~*') {
    const prefix = m.longestPrefix(uri)
    if (prefix) steps.push(`longest matching prefix ${locationLabel(prefix)} is remembered, then regex locations are tried in order`)
    else steps.push('no prefix location matches; regex locations are tried in order')
    steps.push(`first matching regex: ${locationLabel(hit.location)}${hit.match.captures && hit.match.captures.length > 1 ? ` (captures ${hit.match.captures.slice(1).map((c, i) => `$${i + 1}=${c === undefined ? '(none)' : JSON.stringify(readable(c))}`).join(', ')})` : ''}`)
  } else steps.push(`no regex location matches: the longest matching prefix ${locationLabel(hit.location)} is selected`)
  if (hit && winner) {
    const r = winner.route
    steps.push(r ? `${locationLabel(winner)} serves ${routeLabel(r)}` : `${locationLabel(winner)} is the server's own / location: the default backend`)
  }

  const best = new Map<Route, Candidate>()
  const regexIndex = (loc: NginxLocation) => server.locations.filter((l) => l.modifier === '~' || l.modifier === '~*').indexOf(loc)
  for (const loc of server.locations) {
    const r = loc.route
    if (!r || loc === winner || r === winner?.route) continue
    const c = judge(m, loc, winner, hit?.match, uri, r, regexIndex)
    const prev = best.get(r)
    if (!prev || ORDER[c.reason] < ORDER[prev.reason]) best.set(r, c)
  }
  return {...(winner?.route ? {route: winner.route} : {}), ...(hit ? {location: hit.match} : {}), steps, candidates: [...best.values()], invalid: false}
}

function judge(
  m: NginxServerMatcher,
  loc: NginxLocation,
  winner: NginxLocation | undefined,
  match: LocationMatch | undefined,
  uri: string,
  r: Route,
  regexIndex: (l: NginxLocation) => number,
): Candidate {
  const label = `${routeLabel(r)} as ${locationLabel(loc)}`
  const matches = m.matches(loc, uri)
  if (matches === undefined) {
    return {route: r, reason: 'path-mismatch', detail: `${label}: its regex cannot be translated to JavaScript (${loc.regex && 'refused' in loc.regex ? loc.regex.refused : 'refused'}), so it is never selected here`}
  }
  if (!matches) {
    const why = loc.modifier === '=' ? `the URI is not exactly ${loc.path}` : loc.modifier === '' || loc.modifier === '^~' ? `${JSON.stringify(loc.path)} is not a prefix of the URI` : 'its regex does not match the URI'
    return {route: r, reason: 'path-mismatch', detail: `${label}: ${why}`}
  }
  const w = winner ? locationLabel(winner) : 'another location'
  if (match?.slashRedirect) return {route: r, reason: 'shorter-path', detail: `${label} matches, but nginx redirects to the URI with a trailing slash first (${w})`}
  if (winner?.modifier === '=') return {route: r, reason: 'prefix-loses-to-exact', detail: `${label} matches, but the exact ${w} is selected first`}
  const isRegex = loc.modifier === '~' || loc.modifier === '~*'
  const winnerRegex = winner !== undefined && (winner.modifier === '~' || winner.modifier === '~*')
  if (isRegex && winnerRegex) {
    return {route: r, reason: 'earlier-regex', detail: `${label} matches, but ${w} is written before it (${regexIndex(winner!) + 1} < ${regexIndex(loc) + 1}: longer paths first) and nginx takes the first matching regex`}
  }
  if (!isRegex && winnerRegex) return {route: r, reason: 'regex-over-prefix', detail: `${label} matches as a prefix, but the regex ${w} matches too and regex locations win over prefix locations`}
  return {route: r, reason: 'shorter-path', detail: `${label} matches, but ${w} is a longer prefix`}
}
