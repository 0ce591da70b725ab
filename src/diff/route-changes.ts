import type {Route} from '../model/routes.js'
import {actionText} from '../actions/describe.js'
import {backendKey, backendText, ingressText, routeView, tlsText} from './route-view.js'
import type {ChangedField, FieldChange, RouteChange} from './types.js'

/** Prefix and ImplementationSpecific ignore a trailing slash (`/foo` and `/foo/` select the same requests). */
function pathKey(r: Route): string {
  return r.matchKind === 'Prefix' && r.path.length > 1 ? r.path.replace(/\/+$/, '') || '/' : r.path
}

/** Route identity for diffing: host + path. A pathType change is a change of the route, not an add and a remove. */
export function routeIdentity(r: Route): string {
  return r.defaultBackend ? '\u0000default' : `${r.host}\u0000${pathKey(r)}`
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

function actionsText(r: Route): string | undefined {
  return r.actions ? r.actions.map(actionText).join('; ') : undefined
}

/** The differences between two versions of one route, in a fixed order. */
export function fieldChanges(a: Route, b: Route): FieldChange[] {
  const out: FieldChange[] = []
  const add = (field: ChangedField, before: string | undefined, after: string | undefined): void => {
    if (before !== after) out.push({field, before: before ?? null, after: after ?? null})
  }
  // `/foo` → `/foo/` is the same Prefix route; for Exact the path is the identity.
  if (pathKey(a) !== pathKey(b) || (a.matchKind === 'Exact' && b.matchKind === 'Exact' && a.path !== b.path)) add('path', a.path, b.path)
  add('pathType', a.pathType, b.pathType)
  const sameService = a.backend.kind === 'service' && b.backend.kind === 'service' && a.backend.namespace === b.backend.namespace && a.backend.name === b.backend.name
  if (backendKey(a.backend) !== backendKey(b.backend)) {
    if (sameService) {
      const port = (r: Route): string => {
        const be = r.backend
        if (be.kind !== 'service') return ''
        const written = be.port.number !== undefined ? String(be.port.number) : (be.port.name ?? '?')
        return be.port.name !== undefined && be.servicePort ? `${written} (${be.servicePort.port})` : written
      }
      add('port', port(a), port(b))
    } else {
      add('backend', backendText(a.backend, a.ingress.namespace), backendText(b.backend, b.ingress.namespace))
    }
  }
  add('tls', tlsText(a), tlsText(b))
  add('ingress', ingressText(a), ingressText(b))
  add('protocol', a.backend.kind === 'service' ? a.backend.protocol : undefined, b.backend.kind === 'service' ? b.backend.protocol : undefined)
  const annA = stableJson(a.annotations)
  const annB = stableJson(b.annotations)
  if (annA !== annB) add('annotations', annA, annB)
  add('actions', actionsText(a), actionsText(b))
  return out
}

export interface RoutePairing {
  readonly changes: RouteChange[]
  /** Old route → its counterpart in the new table (unchanged or changed), for the effective-change check. */
  readonly counterpart: Map<Route, {route: Route; fields: ReadonlyArray<FieldChange>}>
}

function group(routes: readonly Route[]): Map<string, Route[]> {
  const m = new Map<string, Route[]>()
  for (const r of routes) {
    const k = routeIdentity(r)
    const list = m.get(k)
    if (list) list.push(r)
    else m.set(k, [r])
  }
  return m
}

/**
 * Pairs the routes of two tables by identity (host + path; the default backend
 * on its own). Within one identity, routes pair by the same path as written and
 * pathType first, then the same pathType, then whatever is left (a pathType
 * change); the rest are added or removed.
 */
export function pairRoutes(oldRoutes: readonly Route[], newRoutes: readonly Route[]): RoutePairing {
  const changes: RouteChange[] = []
  const counterpart = new Map<Route, {route: Route; fields: ReadonlyArray<FieldChange>}>()
  const before = group(oldRoutes)
  const after = group(newRoutes)
  const keys = new Set([...before.keys(), ...after.keys()])
  for (const k of keys) {
    const olds = [...(before.get(k) ?? [])]
    const news = [...(after.get(k) ?? [])]
    const pair = (o: Route, n: Route): void => {
      olds.splice(olds.indexOf(o), 1)
      news.splice(news.indexOf(n), 1)
      const fields = fieldChanges(o, n)
      counterpart.set(o, {route: n, fields})
      if (fields.length > 0) changes.push({change: 'changed', before: routeView(o), after: routeView(n), fields})
    }
    const passes: Array<(o: Route, n: Route) => boolean> = [
      (o, n) => o.path === n.path && o.pathType === n.pathType,
      (o, n) => o.pathType === n.pathType,
      () => true,
    ]
    for (const same of passes) {
      for (const o of [...olds]) {
        const n = news.find((x) => same(o, x))
        if (n) pair(o, n)
      }
    }
    for (const o of olds) changes.push({change: 'removed', route: routeView(o)})
    for (const n of news) changes.push({change: 'added', route: routeView(n)})
  }
  changes.sort(compareChanges)
  return {changes, counterpart}
}

function viewOf(c: RouteChange): {host: string; path: string; pathType: string; defaultBackend: boolean} {
  return c.change === 'changed' ? c.after : c.route
}

const ORDER: Record<RouteChange['change'], number> = {removed: 0, changed: 1, added: 2}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Host, path, pathType; the default backend last; removed before changed before added at one place. */
export function compareChanges(a: RouteChange, b: RouteChange): number {
  const x = viewOf(a)
  const y = viewOf(b)
  if (x.defaultBackend !== y.defaultBackend) return x.defaultBackend ? 1 : -1
  return cmp(x.host, y.host) || cmp(x.path, y.path) || cmp(x.pathType, y.pathType) || ORDER[a.change] - ORDER[b.change]
}
