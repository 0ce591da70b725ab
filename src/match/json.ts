/**
 * `match -o json`: exactly
 *   {"matched": true, "route": {"ingress": "NS/NAME", "host": "...", "path": "...", "pathType": "...", "defaultBackend": false}, "backend": {"service": {"name": "...", "port": {"number": 80}}}, "request": {"target": "/a/../b?q", "path": "/b"}}
 * or {"matched": false, "status": 404, "request": {...}}, keys in this order, indented by two
 * spaces as every other -o json output is.
 * "request" holds the target as sent (path and query, forwarded unchanged) and
 * the path the route is chosen on (nginx's normalisation); when nginx would
 * refuse the path, "status" is 400 and "request" holds "rejected" (why)
 * instead of "path".
 * A match then has "profile" ({"name": "ingress-nginx"|"spec", "reason"}: the
 * controller whose behaviour the route follows) and, on an ingress-nginx
 * host, "location" (the nginx location that served).
 * "controllerConfig" ({"configMap": "NS/NAME" or null, "source": "file:line:col"}) follows when an
 * ingress-nginx controller ConfigMap was found or a route follows ingress-nginx.
 * Then "action": what the request becomes — {"type": "proxy", "upstreamPath", "upstreamHost"},
 * {"type": "redirect", "status", "location"} or {"type": "respond", "status"}.
 * With --explain, "candidates" (the routes that lost, and why) and "warnings"
 * (the compiler's warnings about the winning Ingress) are added last, and
 * the action gets "annotations": the annotations (and ConfigMap keys) that acted.
 */
import {fromSubject} from '../compiler/nginx/pcre.js'
import type {LocationMatch} from '../model/locations.js'
import type {Backend, Candidate, Route} from '../model/routes.js'
import type {Outcome} from '../actions/types.js'
import type {MatchOutcome} from './run.js'

type Json = string | number | boolean | null | Json[] | {[k: string]: Json}

export function renderJson(o: MatchOutcome, options: {explain?: boolean} = {}): string {
  const e = o.explanation
  const n = o.normalized
  const out: {[k: string]: Json} =
    e.matched && e.route ? {matched: true, route: routeJson(e.route), backend: backendJson(e.route.backend)} : {matched: false, status: n.rejected !== undefined ? 400 : 404}
  out.request = n.rejected !== undefined ? {target: o.request.path, rejected: n.rejected} : {target: o.request.path, path: n.path}
  if (e.matched && e.route) out.profile = profileJson(e.route)
  if (e.location) out.location = locationJson(e.location)
  if (o.controllerConfig) {
    const c = o.controllerConfig
    out.controllerConfig = {configMap: c.configMap, ...(c.source ? {source: c.source} : {})}
  }
  out.action = actionJson(o.action, options.explain === true, n.rejected !== undefined ? 400 : 404)
  if (options.explain) {
    out.candidates = e.candidates.map(candidateJson)
    out.warnings = o.warnings.map((d) => ({rule: d.rule, message: d.message, ...(d.location ? {location: `${d.location.file}:${d.location.line}:${d.location.col}`} : {})}))
  }
  return `${JSON.stringify(out, null, 2)}\n`
}

export function actionJson(a: Outcome | undefined, explain: boolean, unmatched = 404): {[k: string]: Json} {
  if (a === undefined) return {type: 'respond', status: unmatched}
  const out: {[k: string]: Json} =
    a.type === 'proxy'
      ? {type: 'proxy', upstreamPath: a.upstreamPath, upstreamHost: a.upstreamHost ?? ''}
      : a.type === 'redirect'
        ? {type: 'redirect', status: a.status, location: a.location}
        : {type: 'respond', status: a.status}
  if (explain) out.annotations = [...a.acted]
  return out
}

function routeJson(r: Route): {[k: string]: Json} {
  return {ingress: `${r.ingress.namespace}/${r.ingress.name}`, host: r.host, path: r.path, pathType: r.pathType, defaultBackend: r.defaultBackend}
}

function profileJson(r: Route): {[k: string]: Json} {
  const profile = r.profile ?? SPEC_PROFILE
  return {name: profile.name, reason: profile.reason}
}

const SPEC_PROFILE = {name: 'spec', reason: 'default'} as const

/** The nginx location that served (ingress-nginx hosts): `{"modifier", "path", "uri", "regex"?, "captures"?, "slashRedirect"?}`. */
export function locationJson(l: LocationMatch): {[k: string]: Json} {
  return {
    modifier: l.modifier,
    path: l.path,
    uri: subjectText(l.uri),
    ...(l.regex ? {regex: l.regex.source} : {}),
    ...(l.captures ? {captures: l.captures.map((c) => (c === undefined ? null : subjectText(c)))} : {}),
    ...(l.slashRedirect ? {slashRedirect: true} : {}),
  }
}

/** A subject string (bytes, see pcre.ts) as text: UTF-8 when it decodes as such. */
function subjectText(s: string): string {
  return fromSubject(s).toString('utf8')
}

export function backendJson(b: Backend): {[k: string]: Json} {
  if (b.kind === 'resource') {
    return {resource: {...(b.apiGroup ? {apiGroup: b.apiGroup} : {}), kind: b.resourceKind, name: b.name}}
  }
  const port: {[k: string]: Json} = b.port.number !== undefined ? {number: b.port.number} : {name: b.port.name ?? ''}
  return {service: {name: b.name, port}}
}

function candidateJson(c: Candidate): {[k: string]: Json} {
  return {...routeJson(c.route), reason: c.reason, detail: c.detail}
}
