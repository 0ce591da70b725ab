/**
 * Rules for the same host from several Ingresses merge into one table. When
 * two of them declare the same host, path and pathType, one must win: the
 * oldest Ingress (creationTimestamp, then namespace/name — ingress-nginx's
 * order), and within one Ingress the path written first. The losers are kept
 * aside for explain() and each gets a `duplicate-route` warning naming both.
 */
import type {Diagnostic} from '../model/diagnostics.js'
import type {RouteDraft} from './routes.js'
import {formatLocation} from './where.js'

export function compareDrafts(a: RouteDraft, b: RouteDraft): number {
  if (a.rank !== b.rank) return a.rank - b.rank
  if (a.route.ruleIndex !== b.route.ruleIndex) return a.route.ruleIndex - b.route.ruleIndex
  return a.route.pathIndex - b.route.pathIndex
}

export function resolveDuplicates(drafts: readonly RouteDraft[]): {winners: RouteDraft[]; losers: RouteDraft[]; diagnostics: Diagnostic[]} {
  const byId = new Map<string, RouteDraft[]>()
  for (const d of drafts) {
    const list = byId.get(d.route.id)
    if (list) list.push(d)
    else byId.set(d.route.id, [d])
  }
  const winners: RouteDraft[] = []
  const losers: RouteDraft[] = []
  const diagnostics: Diagnostic[] = []
  for (const list of byId.values()) {
    if (list.length > 1) list.sort(compareDrafts)
    const [w, ...rest] = list
    winners.push(w!)
    for (const l of rest) {
      losers.push(l)
      diagnostics.push(duplicateDiagnostic(l, w!))
    }
  }
  return {winners, losers, diagnostics}
}

function duplicateDiagnostic(loser: RouteDraft, winner: RouteDraft): Diagnostic {
  const l = loser.route
  const w = winner.route
  const lName = `${l.ingress.namespace}/${l.ingress.name}`
  const wName = `${w.ingress.namespace}/${w.ingress.name}`
  const what = `host ${l.host} path ${l.path} (${l.pathType})`
  const same = lName === wName
  const message = same
    ? `Ingress ${lName}: ${what} is declared twice; the first one (${formatLocation(w.location)}) is used and this one is ignored`
    : `Ingress ${lName}: ${what} is also declared by Ingress ${wName} (${formatLocation(w.location)}), which wins as the older Ingress; this one is ignored`
  return {
    rule: 'duplicate-route',
    severity: 'warning',
    message,
    object: l.ingress,
    ...(l.location ? {location: l.location} : {}),
    hint: same ? 'Remove the repeated path.' : `Keep ${what} in one Ingress only (or give the paths different hosts or paths).`,
    related: [{message: `Ingress ${wName} declares ${what} and wins`, object: w.ingress, ...(w.location ? {location: w.location} : {})}],
  }
}

/**
 * spec.defaultBackend handles requests that match no rule
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend).
 * Several Ingresses with one: the oldest is used; each other gets a warning.
 */
export function resolveDefaultBackend(drafts: readonly RouteDraft[]): {winner?: RouteDraft; losers: RouteDraft[]; diagnostics: Diagnostic[]} {
  if (drafts.length === 0) return {losers: [], diagnostics: []}
  const [winner, ...losers] = [...drafts].sort(compareDrafts)
  const w = winner!.route
  const wName = `${w.ingress.namespace}/${w.ingress.name}`
  const diagnostics: Diagnostic[] = losers.map((d) => {
    const l = d.route
    return {
      rule: 'multiple-default-backends',
      severity: 'warning',
      message: `Ingress ${l.ingress.namespace}/${l.ingress.name}: defaultBackend is ignored; Ingress ${wName} (${formatLocation(w.location)}) also has one and wins as the older Ingress`,
      object: l.ingress,
      ...(l.location ? {location: l.location} : {}),
      hint: 'Declare spec.defaultBackend in one Ingress only.',
      related: [{message: `Ingress ${wName} declares the defaultBackend in use`, object: w.ingress, ...(w.location ? {location: w.location} : {})}],
    }
  })
  return {winner, losers, diagnostics}
}
