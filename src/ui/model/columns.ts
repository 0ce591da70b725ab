import type {RouteRow} from './route-rows.js'

export type ColumnKey = 'host' | 'path' | 'type' | 'backend' | 'ready' | 'tls' | 'ingress' | 'rps' | 'err' | 'p99'

export interface Column {
  readonly key: ColumnKey
  readonly title: string
  readonly width: number
}

const TITLES: Record<ColumnKey, string> = {
  host: 'HOST',
  path: 'PATH',
  type: 'TYPE',
  backend: 'BACKEND',
  ready: 'READY',
  tls: 'TLS',
  ingress: 'INGRESS',
  rps: 'REQ/S',
  err: 'ERR%',
  p99: 'P99',
}

/** Columns that shrink when the terminal is narrow, widest first; the others keep their width. */
const FLEXIBLE: ReadonlyArray<ColumnKey> = ['host', 'path', 'backend', 'ingress', 'tls']
const MIN_WIDTH = 6
const MAX_WIDTH = 40

export function typeLabel(pathType: string): string {
  return pathType === 'ImplementationSpecific' ? 'ImplSpec' : pathType
}

export function readyLabel(row: RouteRow): string {
  return row.endpoints ? `${row.endpoints.ready}/${row.endpoints.total}` : '-'
}

/**
 * Column widths for a whole table (not just the visible rows, so columns don't
 * jump while scrolling), fitted to the terminal width. The first three characters
 * of a line hold the markers (cursor, diagnostics, changed).
 */
export function layoutColumns(rows: ReadonlyArray<RouteRow>, width: number, withStats: boolean): Column[] {
  const keys: ColumnKey[] = ['host', 'path', 'type', 'backend', 'ready', 'tls', 'ingress']
  if (withStats) keys.push('rps', 'err', 'p99')
  const w: Record<ColumnKey, number> = {host: 4, path: 4, type: 4, backend: 7, ready: 5, tls: 3, ingress: 7, rps: 6, err: 5, p99: 7}
  for (const r of rows) {
    if (r.host.length > w.host) w.host = r.host.length
    if (r.path.length > w.path) w.path = r.path.length
    const t = typeLabel(r.pathType).length
    if (t > w.type) w.type = t
    if (r.backend.length > w.backend) w.backend = r.backend.length
    const rd = readyLabel(r).length
    if (rd > w.ready) w.ready = rd
    if (r.tls.length > w.tls) w.tls = r.tls.length
    if (r.ingress.length > w.ingress) w.ingress = r.ingress.length
  }
  for (const k of FLEXIBLE) w[k] = Math.min(w[k], MAX_WIDTH)
  const total = () => 3 + keys.reduce((s, k) => s + w[k] + 1, 0)
  while (total() > width) {
    const widest = FLEXIBLE.filter((k) => w[k] > MIN_WIDTH).sort((a, b) => w[b] - w[a])[0]
    if (!widest) break
    w[widest] -= 1
  }
  return keys.map((key) => ({key, title: TITLES[key], width: w[key]}))
}

/** Pads or cuts `text` to exactly `width` characters (an ellipsis marks a cut). */
export function fit(text: string, width: number): string {
  if (width <= 0) return ''
  if (text.length <= width) return text + ' '.repeat(width - text.length)
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`
}

export function formatCells(columns: ReadonlyArray<Column>, cell: (key: ColumnKey) => string): string {
  return columns.map((c) => fit(cell(c.key), c.width)).join(' ')
}
