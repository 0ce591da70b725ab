import type {Diagnostic, ObjectRef} from '../../model/diagnostics.js'
import type {Route} from '../../model/routes.js'

function refKey(o: ObjectRef): string {
  return `${o.kind}/${o.namespace}/${o.name}`
}

function fieldBelongs(field: string | undefined, route: Route): boolean {
  // Ingress-wide findings (annotations, class, tls) concern every route of the Ingress.
  if (!field || !field.startsWith('spec.rules[')) {
    if (field?.startsWith('spec.defaultBackend') || field?.startsWith('spec.backend')) return route.defaultBackend
    return true
  }
  if (route.defaultBackend) return false
  const rule = `spec.rules[${route.ruleIndex}]`
  if (!field.startsWith(rule)) return false
  const rest = field.slice(rule.length)
  if (rest === '' || rest === '.http' || rest.startsWith('.host')) return true
  const path = `.http.paths[${route.pathIndex}]`
  return rest === path || rest.startsWith(`${path}.`)
}

function sameLocation(a: {file: string; line: number} | undefined, b: {file: string; line: number} | undefined): boolean {
  return !!a && !!b && a.file === b.file && a.line === b.line
}

/**
 * Which diagnostics concern a route: findings on its Ingress at its rule/path (or
 * Ingress-wide), and findings whose related places point at the route (the
 * other side of a conflict).
 */
export function diagnosticsByRoute(routes: ReadonlyArray<Route>, diagnostics: ReadonlyArray<Diagnostic>): Map<string, Diagnostic[]> {
  const byIngress = new Map<string, Diagnostic[]>()
  const byLocation = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) {
    if (d.object?.kind === 'Ingress') {
      const k = refKey(d.object)
      const list = byIngress.get(k) ?? []
      list.push(d)
      byIngress.set(k, list)
    }
    for (const r of d.related ?? []) {
      if (!r.location) continue
      const k = `${r.location.file}:${r.location.line}`
      const list = byLocation.get(k) ?? []
      list.push(d)
      byLocation.set(k, list)
    }
  }
  const out = new Map<string, Diagnostic[]>()
  if (byIngress.size === 0 && byLocation.size === 0) return out
  for (const route of routes) {
    const mine = byIngress.get(`Ingress/${route.ingress.namespace}/${route.ingress.name}`)
    const related = route.location && byLocation.size > 0 ? byLocation.get(`${route.location.file}:${route.location.line}`) : undefined
    if (!mine && !related) continue
    const found = new Set<Diagnostic>()
    for (const d of mine ?? []) {
      if (fieldBelongs(d.location?.field, route) || sameLocation(d.location, route.location)) found.add(d)
    }
    for (const d of related ?? []) found.add(d)
    if (found.size > 0) out.set(route.id, diagnostics.filter((d) => found.has(d)))
  }
  return out
}
