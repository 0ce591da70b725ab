/**
 * `match -o json`: exactly
 *   {"matched": true, "route": {"ingress": "NS/NAME", "host": "...", "path": "...", "pathType": "...", "defaultBackend": false}, "backend": {"service": {"name": "...", "port": {"number": 80}}}}
 * or {"matched": false, "status": 404}, on one line, keys in this order, then
 * "action": what the request becomes — {"type": "proxy", "upstreamPath", "upstreamHost"},
 * {"type": "redirect", "status", "location"} or {"type": "respond", "status"}.
 * With --explain, "candidates" (the routes that lost, and why) and "warnings"
 * (the compiler's warnings about the winning Ingress) are added last, and
 * the action gets "annotations": the annotations (and ConfigMap keys) that acted.
 */
import type {Backend, Candidate, Route} from '../model/routes.js'
import type {Outcome} from '../actions/types.js'
import type {MatchOutcome} from './run.js'

type Json = string | number | boolean | null | Json[] | {[k: string]: Json}

export function renderJson(o: MatchOutcome, options: {explain?: boolean} = {}): string {
  const e = o.explanation
  const out: {[k: string]: Json} = e.matched && e.route ? {matched: true, route: routeJson(e.route), backend: backendJson(e.route.backend)} : {matched: false, status: 404}
  out.action = actionJson(o.action, options.explain === true)
  if (options.explain) {
    out.candidates = e.candidates.map(candidateJson)
    out.warnings = o.warnings.map((d) => ({rule: d.rule, message: d.message, ...(d.location ? {location: `${d.location.file}:${d.location.line}:${d.location.col}`} : {})}))
  }
  return `${stringify(out)}\n`
}

export function actionJson(a: Outcome | undefined, explain: boolean): {[k: string]: Json} {
  if (a === undefined) return {type: 'respond', status: 404}
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

/** JSON with `, ` and `: ` separators on one line, the form the documentation shows. */
function stringify(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stringify).join(', ')}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${stringify(x)}`)
      .join(', ')}}`
  }
  return JSON.stringify(v)
}
