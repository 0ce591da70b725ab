import type {Diagnostic} from '../../model/diagnostics.js'
import type {Route} from '../../model/routes.js'
import type {LintRule} from '../types.js'

/**
 * A path that can never serve a request because another route wins every
 * request it matches.
 *
 * "Fully shadowed", precisely: route R is fully shadowed when, for every
 * request R matches, the compiled table picks another route. The table's own
 * lookup decides, with one probe request per route, which is exact:
 * - Exact R (path p) matches one request path, p: probe it.
 * - Prefix R (ImplementationSpecific is matched as Prefix), normalized path q
 *   (trailing slash ignored), matches q and everything under q/. Probe
 *   q/<fresh segment>: only Prefix routes whose normalized path is an
 *   element-wise prefix of q match it, and the longest wins, so a winner W != R
 *   has the same normalized path q. W then matches every request R matches and
 *   wins the same equal-length tie each time (the tie-break depends on the
 *   routes, not the request): R is never served. If R wins the probe it is
 *   served at least there, so it is not fully shadowed.
 * The probe host is R's own host (`*.parent` → a fresh label under parent; a
 * rule without host → a host no rule names), so host precedence is the table's.
 *
 * Typical causes: the same path twice in one Ingress, `Prefix /foo` next to
 * `Prefix /foo/`, `ImplementationSpecific /foo` next to `Prefix /foo`.
 * Identical host + path + pathType claimed by two Ingresses is the compiler's
 * `duplicate-route` and is not repeated here.
 */
const PROBE_LABEL = 'ingressctl-shadow-probe'

export function probeHost(host: string): string {
  if (host === '*' || host === '') return `${PROBE_LABEL}.invalid`
  if (host.startsWith('*.')) return `${PROBE_LABEL}${host.slice(1)}`
  return host
}

export function probePath(r: Route): string {
  if (r.matchKind === 'Exact') return r.path
  const q = r.path.replace(/\/+$/, '')
  return `${q}/${PROBE_LABEL}`
}

function sameRoute(a: Route, b: Route): boolean {
  return (
    a.ingress.namespace === b.ingress.namespace &&
    a.ingress.name === b.ingress.name &&
    a.ruleIndex === b.ruleIndex &&
    a.pathIndex === b.pathIndex &&
    a.defaultBackend === b.defaultBackend
  )
}

function describe(r: Route): string {
  const where = r.location?.field ?? `spec.rules[${r.ruleIndex}].http.paths[${r.pathIndex}]`
  return `Ingress ${r.ingress.namespace}/${r.ingress.name} ${where} (${r.pathType} ${r.path})`
}

function why(r: Route, w: Route): string {
  if (r.matchKind === 'Exact') return `both are Exact ${r.path}`
  if (r.pathType !== w.pathType) return `${r.pathType} ${r.path} and ${w.pathType} ${w.path} both match as Prefix ${r.path.replace(/\/+$/, '') || '/'}`
  if (r.path !== w.path) return `a trailing slash is ignored, so ${r.path} and ${w.path} match the same requests`
  return `both are ${r.pathType} ${r.path}`
}

const rule: LintRule = {
  id: 'path-shadowed',
  severity: 'warning',
  origin: 'lint',
  description: 'A path can never be reached: another route wins every request it matches (duplicated, or Prefix/ImplementationSpecific with the same normalized path)',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const r of ctx.table.routes) {
      if (r.defaultBackend || r.backend === undefined) continue
      const winner = ctx.table.lookup(probeHost(r.host), probePath(r)).route
      if (!winner || sameRoute(winner, r) || winner.defaultBackend) continue
      const crossIngress = winner.ingress.namespace !== r.ingress.namespace || winner.ingress.name !== r.ingress.name
      // The compiler reports identical host + path + pathType across Ingresses (duplicate-route).
      if (crossIngress && winner.host === r.host && winner.path === r.path && winner.pathType === r.pathType) continue
      out.push({
        rule: rule.id,
        severity: rule.severity,
        message: `Ingress ${r.ingress.namespace}/${r.ingress.name}: ${r.location?.field ?? `spec.rules[${r.ruleIndex}].http.paths[${r.pathIndex}]`} (${r.pathType} ${r.path}) on host ${r.host} can never be reached: ${describe(winner)} serves every request it matches (${why(r, winner)})`,
        object: r.ingress,
        ...(r.location ? {location: r.location} : {}),
        hint: crossIngress
          ? `Remove one of the two paths, or give them different paths; the winner is the one the table picks on equal length (see ingressctl match).`
          : `Remove the unreachable path from the Ingress, or change it; only ${winner.pathType} ${winner.path} is ever used.`,
        related: [{message: `wins: ${describe(winner)}`, object: winner.ingress, ...(winner.location ? {location: winner.location} : {})}],
      })
    }
    return out
  },
}

export default rule
