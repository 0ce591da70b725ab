/**
 * `match -o json`: exactly
 *   {"matched": true, "route": {"ingress": "NS/NAME", "host": "...", "path": "...", "pathType": "...", "defaultBackend": false}, "backend": {"service": {"name": "...", "port": {"number": 80}}}, "request": {"target": "/a/../b?q", "path": "/b"}}
 * or {"matched": false, "status": 404, "request": {...}}, keys in this order, indented by two
 * spaces as every other -o json output is.
 * "request" holds the target as sent (path and query, forwarded unchanged) and
 * the path the route is chosen on (nginx's normalisation); when nginx would
 * refuse the path, "status" is 400 and "request" holds "rejected" (why)
 * instead of "path".
 * With --explain, "candidates" (the routes that lost, and why) and "warnings"
 * (the compiler's warnings about the winning Ingress) are added last.
 */
import type {Backend, Candidate, Route} from '../model/routes.js'
import type {MatchOutcome} from './run.js'

type Json = string | number | boolean | null | Json[] | {[k: string]: Json}

export function renderJson(o: MatchOutcome, options: {explain?: boolean} = {}): string {
  const e = o.explanation
  const n = o.normalized
  const out: {[k: string]: Json} =
    e.matched && e.route ? {matched: true, route: routeJson(e.route), backend: backendJson(e.route.backend)} : {matched: false, status: n.rejected !== undefined ? 400 : 404}
  out.request = n.rejected !== undefined ? {target: o.request.path, rejected: n.rejected} : {target: o.request.path, path: n.path}
  if (options.explain) {
    out.candidates = e.candidates.map(candidateJson)
    out.warnings = o.warnings.map((d) => ({rule: d.rule, message: d.message, ...(d.location ? {location: `${d.location.file}:${d.location.line}:${d.location.col}`} : {})}))
  }
  return `${JSON.stringify(out, null, 2)}\n`
}

function routeJson(r: Route): {[k: string]: Json} {
  return {ingress: `${r.ingress.namespace}/${r.ingress.name}`, host: r.host, path: r.path, pathType: r.pathType, defaultBackend: r.defaultBackend}
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
