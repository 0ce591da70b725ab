import type {Diagnostic} from '../../../src/model/diagnostics.js'
import type {Route, RouteTable} from '../../../src/model/routes.js'
import {createFeed, type MutableFeed} from '../../../src/ui/feed.js'

/**
 * Route table data written by hand, for components that only list routes
 * (navigation, filtering, virtualization, highlighting). lookup/explain are not
 * available: tests of the detail pane and URL tester use compile().
 */
export function handTable(routes: Route[], diagnostics: Diagnostic[] = []): RouteTable {
  const unavailable = (): never => {
    throw new Error('hand-built table: use compile() for lookups')
  }
  return {
    routes,
    tls: [],
    diagnostics,
    hosts: [...new Set(routes.filter((r) => !r.defaultBackend).map((r) => r.host))].sort(),
    lookup: unavailable,
    explain: unavailable,
    tlsFor: () => undefined,
  }
}

export function route(host: string, path: string, service: string, opts: {ingress?: string; namespace?: string; port?: number; line?: number; ruleIndex?: number; pathIndex?: number} = {}): Route {
  const namespace = opts.namespace ?? 'shop'
  return {
    id: `${host}|${path}|Prefix`,
    host,
    path,
    pathType: 'Prefix',
    matchKind: 'Prefix',
    backend: {kind: 'service', namespace, name: service, port: {number: opts.port ?? 80}, protocol: 'http'},
    ingress: {kind: 'Ingress', namespace, name: opts.ingress ?? 'web'},
    ruleIndex: opts.ruleIndex ?? 0,
    pathIndex: opts.pathIndex ?? 0,
    defaultBackend: false,
    location: {file: 'shop.yaml', line: opts.line ?? 10, col: 15},
    annotations: {},
  }
}

/** `count` routes over count/5 hosts, sorted like a compiled table (host, then path). */
export function manyRoutes(count: number): Route[] {
  const out: Route[] = []
  for (let i = 0; i < count; i++) {
    const h = Math.floor(i / 5)
    out.push(route(`h${String(h).padStart(5, '0')}.example.com`, `/p${i % 5}`, `svc-${String(i).padStart(5, '0')}`, {ingress: `ing-${h}`, line: 10 + (i % 5) * 6, pathIndex: i % 5}))
  }
  return out
}

export function feedOf(table: RouteTable, label = 'files: test'): MutableFeed {
  return createFeed(label, {table, loadDiagnostics: [], state: {status: 'live', since: Date.UTC(2026, 0, 1, 12, 0, 0)}, changedAt: Date.UTC(2026, 0, 1, 12, 0, 0)})
}
