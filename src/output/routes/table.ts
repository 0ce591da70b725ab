import type {Diagnostic} from '../../model/diagnostics.js'
import {actionsLabel, backendLabel, knownSecrets, tlsLabel} from './labels.js'
import type {Printed, RoutesResult} from './types.js'

const HEADERS = ['HOST', 'PATH', 'PATHTYPE', 'BACKEND', 'TLS', 'INGRESS'] as const
const WIDE_HEADERS = ['PROTOCOL', 'CONTROLLER', 'SOURCE'] as const
const GAP = '   '

/** `3 diagnostics (1 error, 2 warnings)`. */
export function diagnosticsSummary(list: ReadonlyArray<Diagnostic>): string {
  const count = (s: string) => list.filter((d) => d.severity === s).length
  const parts = [`${count('error')} error${count('error') === 1 ? '' : 's'}`, `${count('warning')} warning${count('warning') === 1 ? '' : 's'}`]
  const info = count('info')
  if (info > 0) parts.push(`${info} info`)
  return `${list.length} diagnostic${list.length === 1 ? '' : 's'} (${parts.join(', ')})`
}

/**
 * Aligned columns, one route per line, in the table's order (host, path, pathType; default backend last).
 * When a route has actions (ingress-nginx annotations), an ACTIONS column names them.
 */
export function formatTable(r: RoutesResult): Printed {
  return columns(r, false)
}

/**
 * `-o wide`, as kubectl's: the table's columns, then the backend protocol, the
 * controller profile the route follows, and where the path is written (file:line).
 */
export function formatWide(r: RoutesResult): Printed {
  return columns(r, true)
}

function columns(r: RoutesResult, wide: boolean): Printed {
  const secrets = knownSecrets(r.snapshot)
  const withActions = r.table.routes.some((route) => route.actions !== undefined)
  // The PROFILE column appears when a route follows ingress-nginx (every route follows the spec otherwise); -o wide always has it.
  const profiles = r.table.routes.some((route) => route.profile?.name === 'ingress-nginx')
  const headers: string[] = wide ? [...HEADERS, ...WIDE_HEADERS] : profiles ? [...HEADERS, 'PROFILE'] : [...HEADERS]
  if (withActions) headers.push('ACTIONS')
  const rows: string[][] = [
    headers,
    ...r.table.routes.map((route) => {
      const row = [
        route.host,
        route.path,
        route.defaultBackend ? 'default' : route.pathType,
        backendLabel(route.backend),
        tlsLabel(route, secrets),
        `${route.ingress.namespace}/${route.ingress.name}`,
      ]
      if (wide) {
        row.push(
          route.backend.kind === 'service' ? route.backend.protocol : '-',
          route.profile?.name ?? 'spec',
          route.location ? `${route.location.file}:${route.location.line}` : '-',
        )
      } else if (profiles) {
        row.push(route.profile?.name ?? 'spec')
      }
      if (withActions) row.push(actionsLabel(route))
      return row
    }),
  ]
  const widths = headers.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(GAP))
  const all = [...r.loadDiagnostics, ...r.table.diagnostics]
  const hint = all.length > 0 ? '; -o json lists them' : ''
  return {stdout: `${lines.join('\n')}\n`, stderr: `${r.table.routes.length} route${r.table.routes.length === 1 ? '' : 's'}, ${diagnosticsSummary(all)}${hint}\n`}
}

/**
 * `-o name`, as kubectl's: one route per line by its stable id (`HOST|PATH|PATHTYPE`,
 * `*|default` for the default backend), the id the admin API's /routes and the
 * access log use; nothing else on stdout, for scripts.
 */
export function formatName(r: RoutesResult): Printed {
  return {stdout: r.table.routes.map((route) => `${route.id}\n`).join('')}
}
