import {Box, Text} from 'ink'
import {useMemo} from 'react'
import type {RouteTable} from '../../model/routes.js'
import type {Snapshot} from '../../model/snapshot.js'
import {routeLocations} from '../../output/route-data.js'
import {typeLabel} from '../model/columns.js'
import type {RouteRow} from '../model/route-rows.js'
import {shadowReport} from '../model/shadowing.js'
import {actionText} from '../../actions/describe.js'
import {diagnosticLines} from './diagnostic-lines.js'
import {clip} from './format.js'
import {Lines, type Line} from './lines.js'

export interface DetailPaneProps {
  readonly row: RouteRow
  readonly table: RouteTable
  readonly snapshot?: Snapshot
  readonly height: number
  readonly width: number
}

function describeRoute(r: {host: string; path: string; pathType: string; defaultBackend: boolean; ingress: {namespace: string; name: string}}): string {
  if (r.defaultBackend) return `default backend of ${r.ingress.namespace}/${r.ingress.name}`
  return `${r.host} ${r.path} (${r.pathType}) of ${r.ingress.namespace}/${r.ingress.name}`
}

/** Everything about one route: source location, backend and endpoints, TLS, diagnostics, shadowing. */
export function detailLines(row: RouteRow, table: RouteTable, snapshot?: Snapshot): Line[] {
  const r = row.route
  const out: Line[] = []
  out.push({text: `${r.defaultBackend ? 'default backend' : `${r.host}${r.path}`}  ${typeLabel(row.pathType)}  ← Ingress ${row.ingress}`, bold: true})
  const loc = r.location
  out.push({text: `source     ${loc ? `${loc.file}:${loc.line}:${loc.col}${loc.field ? `  (${loc.field})` : ''}` : 'unknown'}`})
  out.push({text: `profile    ${r.profile?.name ?? 'spec'} (${r.profile?.reason ?? 'default'})`})
  const nginx = routeLocations(table).get(r)
  if (nginx) out.push({text: `locations  ${nginx.map((l) => `location ${l}`).join('; ')}`})
  const b = r.backend
  if (b.kind === 'service') {
    const sp = b.servicePort ? ` → Service port ${b.servicePort.port}${b.servicePort.targetPort !== undefined ? ` (targetPort ${b.servicePort.targetPort})` : ''}` : ''
    const ext = b.externalName ? `  ExternalName ${b.externalName}` : ''
    out.push({text: `backend    Service ${b.namespace}/${b.name} port ${b.port.number ?? b.port.name}${sp}  ${b.protocol}${ext}`})
  } else {
    out.push({text: `backend    resource ${b.apiGroup ? `${b.apiGroup}/` : ''}${b.resourceKind} ${b.namespace}/${b.name} (not proxied)`})
  }
  if (b.kind === 'resource') {
    out.push({text: 'endpoints  none (a resource backend has no Service endpoints)', dim: true})
  } else if (b.serviceType === 'ExternalName') {
    out.push({text: `endpoints  none (ExternalName Service: traffic goes to ${b.externalName ?? 'its external name'})`, dim: true})
  } else if (row.endpoints) {
    const none = row.endpoints.total === 0 ? '  (no EndpointSlice lists an endpoint for this Service port)' : ''
    out.push({text: `endpoints  ${row.endpoints.ready}/${row.endpoints.total} ready${none}`, color: row.endpoints.ready === 0 ? 'yellow' : undefined})
    for (const e of row.endpoints.endpoints.slice(0, 8)) {
      const state = e.terminating ? 'terminating' : e.ready ? 'ready' : 'not ready'
      out.push({text: `  ${e.address}${e.ports.length > 0 ? `:${e.ports.join(',')}` : ''}  ${state}${e.target ? `  ${e.target}` : ''}`, color: e.ready ? undefined : 'yellow'})
    }
    if (row.endpoints.endpoints.length > 8) out.push({text: `  … ${row.endpoints.endpoints.length - 8} more`, dim: true})
  } else {
    out.push({text: `endpoints  unknown (no EndpointSlices in ${snapshot ? 'the input' : 'this view'})`, dim: true})
  }
  if (r.tls) {
    const secret = r.tls.secretName ? `Secret ${r.tls.secretNamespace}/${r.tls.secretName}` : 'no secretName'
    const note = row.tls === 'self-signed' ? '  (not in the input: a self-signed certificate is used)' : ''
    out.push({text: `tls        ${secret} for ${r.tls.host}${note}`})
  } else {
    out.push({text: 'tls        none (plain HTTP)', dim: true})
  }
  if (r.actions) {
    out.push({text: `actions    ${r.actions.length}`, bold: true})
    for (const a of r.actions) out.push({text: `  ${actionText(a)}  (${a.by.join(', ')})`})
  }
  const shadow = shadowReport(table, r)
  const at = r.defaultBackend
    ? `requests no rule matches (tested as ${shadow.host}${shadow.path})`
    : r.host === '*'
      ? `${shadow.path} on any host (tested as ${shadow.host})`
      : `${shadow.host}${shadow.path}`
  if (shadow.shadowedBy) {
    out.push({text: `shadowed   at ${at} by ${describeRoute(shadow.shadowedBy)}`, color: 'yellow'})
    if (shadow.lossDetail) out.push({text: `           ${shadow.lossDetail}`, dim: true})
  } else if (!shadow.explanation.matched) {
    out.push({text: `shadowed   ${at} matches no route`, color: 'yellow'})
  } else {
    out.push({text: `shadowing  serves ${at}${shadow.winsOver.length === 0 ? '; shadows no other route there' : ''}`})
  }
  for (const c of shadow.winsOver) out.push({text: `  wins over ${describeRoute(c.route)}: ${c.detail}`})
  if (row.diagnostics.length === 0) out.push({text: 'diagnostics none', dim: true})
  else {
    out.push({text: `diagnostics ${row.diagnostics.length}`, bold: true})
    for (const d of row.diagnostics) out.push(...diagnosticLines(d))
  }
  return out
}

export function DetailPane(p: DetailPaneProps) {
  const lines = useMemo(() => detailLines(p.row, p.table, p.snapshot), [p.row, p.table, p.snapshot])
  return (
    <Box flexDirection="column" height={p.height}>
      <Text dimColor wrap="truncate">
        {clip('─'.repeat(p.width), p.width)}
      </Text>
      <Lines lines={lines} height={Math.max(0, p.height - 1)} width={p.width} />
    </Box>
  )
}
