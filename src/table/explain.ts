/**
 * explain(): the same decision as lookup(), spelled out — the decision steps in
 * order and the routes that were considered and lost, with why. Not on the hot
 * path: it walks the host groups' routes.
 */
import type {Candidate, Explanation, LossReason, Route} from '../model/routes.js'
import type {HostGroup, HostIndex} from './host-groups.js'
import {ANY_HOST, hostMatches, normalizeHost} from './host.js'
import {explainNginx} from './nginx-explain.js'
import {pathMatches, requestPath, ruleLength} from './path.js'

export interface ExplainContext {
  readonly index: HostIndex
  readonly defaultRoute?: Route
  /** Default backends that lost to defaultRoute. */
  readonly defaultLosers: ReadonlyArray<Route>
}

/** At most this many host-mismatch candidates (routes of other hosts whose path matches). */
const MAX_HOST_MISMATCH = 20

const REASON_ORDER: Record<LossReason, number> = {
  'conflict-loser': 0,
  'prefix-loses-to-exact': 1,
  'earlier-regex': 1,
  'regex-over-prefix': 2,
  'shorter-path': 2,
  'less-specific-host': 3,
  'path-mismatch': 4,
  'host-mismatch': 5,
}

export function describeRoute(r: Route): string {
  if (r.defaultBackend) return `defaultBackend of Ingress ${ingressName(r)}`
  return `${r.pathType} ${r.path} (host ${r.host}, Ingress ${ingressName(r)})`
}

export function ingressName(r: Route): string {
  return `${r.ingress.namespace}/${r.ingress.name}`
}

function groupLabel(g: HostGroup): string {
  return g.host === ANY_HOST ? 'rules without host (*)' : g.host.startsWith('*.') ? `wildcard host ${g.host}` : `host ${g.host}`
}

export function explain(ctx: ExplainContext, rawHost: string, rawPath: string): Explanation {
  const host = normalizeHost(rawHost)
  const path = requestPath(rawPath)
  const steps: string[] = []
  const candidates: Candidate[] = []
  steps.push(
    `request host ${JSON.stringify(host)}${host !== rawHost ? ` (from ${JSON.stringify(rawHost)}: port, case and trailing dot ignored)` : ''}, path ${JSON.stringify(path)}${path !== rawPath ? ` (from ${JSON.stringify(rawPath)}: query and fragment ignored)` : ''}`,
  )

  const groups = ctx.index.matching(host)
  const group = groups[0]
  let winner: Route | undefined
  let location: Explanation['location']
  if (group?.nginx) {
    steps.push(`host-first selection: ${groupLabel(group)}, an ingress-nginx server (${group.nginx.server.locations.length} location${group.nginx.server.locations.length === 1 ? '' : 's'}); paths are matched within this host only`)
    const n = explainNginx(group.nginx, path)
    for (const s of n.steps) steps.push(s)
    for (const c of n.candidates) candidates.push(c)
    winner = n.route
    location = n.location
    for (const r of group.duplicates) {
      const w = group.routes.find((x) => x.path === r.path && (x.pathType === 'Exact') === (r.pathType === 'Exact'))
      const by = w ? `${describeRoute(w)}, which ingress-nginx uses (${sameIngress(r, w) ? 'written first' : 'first in the controller\'s order of Ingresses'})` : 'an earlier route'
      candidates.push({route: r, reason: 'conflict-loser', detail: `${describeRoute(r)} duplicates ${by}: same host, path and type`})
    }
    if (n.invalid) {
      candidates.sort((a, b) => REASON_ORDER[a.reason] - REASON_ORDER[b.reason])
      return {matched: false, host, path, candidates, steps}
    }
    if (!winner && n.location && ctx.defaultRoute) steps.push(`the server's own / location serves the default backend`)
  } else if (!group) {
    steps.push(`no rule matches host ${JSON.stringify(host)} (no exact host, no *.parent wildcard, no rule without host)`)
  } else {
    steps.push(`host-first selection: ${groupLabel(group)} (${group.routes.length} route${group.routes.length === 1 ? '' : 's'}); paths are matched within this host only`)
    winner = group.match(path)
    if (winner) {
      const how = winner.matchKind === 'Exact' ? 'exact path' : `longest matching prefix (length ${ruleLength(winner.path)})`
      steps.push(`${how}: ${describeRoute(winner)}`)
    } else {
      steps.push(`no path of ${groupLabel(group)} matches ${JSON.stringify(path)}`)
    }
    for (const r of group.routes) if (r !== winner) candidates.push(judgeInGroup(r, winner, path))
    for (const r of group.duplicates) {
      const w = group.routes.find((x) => x.id === r.id)
      const by = w ? `${describeRoute(w)}, which wins (${sameIngress(r, w) ? 'written first' : 'older Ingress'})` : 'an older route'
      candidates.push({route: r, reason: 'conflict-loser', detail: `${describeRoute(r)} duplicates ${by}: same host, path and pathType`})
    }
    for (const g of groups.slice(1)) {
      for (const r of g.routes) {
        const would = pathMatches(r.matchKind, r.path, path)
        candidates.push({
          route: r,
          reason: 'less-specific-host',
          detail: `${describeRoute(r)}: ${groupLabel(group)} is more specific than ${r.host} and has rules, so ${r.host} is not consulted${would ? ' (its path would match)' : ''}`,
        })
      }
    }
  }

  if (!winner) {
    if (ctx.defaultRoute) {
      winner = ctx.defaultRoute
      steps.push(`no rule matched: the default backend serves the request (${describeRoute(winner)})`)
      for (const r of ctx.defaultLosers) {
        candidates.push({route: r, reason: 'conflict-loser', detail: `${describeRoute(r)} lost to the older ${describeRoute(winner)}`})
      }
    } else {
      steps.push('no rule matched and no Ingress has a defaultBackend: 404')
    }
    addHostMismatches(ctx, host, path, groups, candidates)
  }

  candidates.sort((a, b) => REASON_ORDER[a.reason] - REASON_ORDER[b.reason])
  return {matched: winner !== undefined, ...(winner ? {route: winner} : {}), host, path, ...(location ? {location} : {}), candidates, steps}
}

function judgeInGroup(r: Route, winner: Route | undefined, path: string): Candidate {
  if (!pathMatches(r.matchKind, r.path, path)) {
    const detail =
      r.matchKind === 'Exact'
        ? `${describeRoute(r)}: Exact requires the whole path to equal ${JSON.stringify(r.path)}`
        : `${describeRoute(r)}: ${JSON.stringify(r.path)} is not an element-wise prefix of ${JSON.stringify(path)}`
    return {route: r, reason: 'path-mismatch', detail}
  }
  // It matches, so a winner exists (group.match returns a route whenever any route matches).
  const w = winner!
  const lr = ruleLength(r.path)
  const lw = ruleLength(w.path)
  if (lr < lw) {
    return {route: r, reason: 'shorter-path', detail: `${describeRoute(r)} matches, but ${JSON.stringify(w.path)} is longer (${lw} > ${lr} characters) and the longest path wins`}
  }
  if (w.matchKind === 'Exact' && r.matchKind === 'Prefix') {
    return {route: r, reason: 'prefix-loses-to-exact', detail: `Exact ${w.path} wins over ${r.pathType} ${r.path} at equal length`}
  }
  return {
    route: r,
    reason: 'conflict-loser',
    detail: `${describeRoute(r)} selects the same requests as ${describeRoute(w)}; ${explainTie(r, w)}`,
  }
}

function sameIngress(a: Route, b: Route): boolean {
  return a.ingress.namespace === b.ingress.namespace && a.ingress.name === b.ingress.name
}

function explainTie(loser: Route, winner: Route): string {
  if (loser.pathType !== winner.pathType) return `${winner.pathType} is preferred over ${loser.pathType} for the same path`
  if (!sameIngress(loser, winner)) {
    return `Ingress ${ingressName(winner)} is older (creationTimestamp, then namespace/name)`
  }
  return 'the path written first in the Ingress is used'
}

function addHostMismatches(ctx: ExplainContext, host: string, path: string, matched: HostGroup[], out: Candidate[]): void {
  let n = 0
  for (const g of ctx.index.all()) {
    if (matched.includes(g) || hostMatches(g.host, host)) continue
    for (const r of g.routes) {
      if (n >= MAX_HOST_MISMATCH) return
      if (!pathMatches(r.matchKind, r.path, path)) continue
      out.push({route: r, reason: 'host-mismatch', detail: `${describeRoute(r)}: its path matches, but ${hostMismatch(r.host, host)}`})
      n++
    }
  }
}

function hostMismatch(pattern: string, host: string): string {
  if (pattern.startsWith('*.')) {
    const parent = pattern.slice(1) // `.foo.com`
    if (host === pattern.slice(2)) return `${pattern} does not match ${JSON.stringify(host)} itself: a wildcard needs exactly one label before ${pattern.slice(2)}`
    if (host.endsWith(parent)) return `${pattern} covers exactly one DNS label, and ${JSON.stringify(host)} has more than one before ${pattern.slice(2)}`
  }
  return `host ${pattern} does not match ${JSON.stringify(host)}`
}
