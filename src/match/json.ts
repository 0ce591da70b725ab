/**
 * `match -o json`: exactly
 *   {"matched": true, "route": {"ingress": "NS/NAME", "host": "...", "path": "...", "pathType": "...", "defaultBackend": false}, "backend": {"service": {"name": "...", "port": {"number": 80}}}}
 * or {"matched": false, "status": 404}, on one line, keys in this order.
 * "controllerConfig" ({"configMap": "NS/NAME" or null, "source": "file:line:col"}) follows when an
 * ingress-nginx controller ConfigMap was found or a route follows ingress-nginx.
 * With --explain, "candidates" (the routes that lost, and why) and "warnings"
 * (the compiler's warnings about the winning Ingress) are added last.
 */
import type {Backend, Candidate, Route} from '../model/routes.js'
import type {MatchOutcome} from './run.js'

type Json = string | number | boolean | null | Json[] | {[k: string]: Json}

export function renderJson(o: MatchOutcome, options: {explain?: boolean} = {}): string {
  const e = o.explanation
  const out: {[k: string]: Json} = e.matched && e.route ? {matched: true, route: routeJson(e.route), backend: backendJson(e.route.backend)} : {matched: false, status: 404}
  if (o.controllerConfig) {
    const c = o.controllerConfig
    out.controllerConfig = {configMap: c.configMap, ...(c.source ? {source: c.source} : {})}
  }
  if (options.explain) {
    out.candidates = e.candidates.map(candidateJson)
    out.warnings = o.warnings.map((d) => ({rule: d.rule, message: d.message, ...(d.location ? {location: `${d.location.file}:${d.location.line}:${d.location.col}`} : {})}))
  }
  return `${stringify(out)}\n`
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
