import {Text} from 'ink'
import {memo} from 'react'
import type {RouteStats} from '../attach/route-stats.js'
import {formatCells, readyLabel, typeLabel, type Column, type ColumnKey} from '../model/columns.js'
import type {RouteRow} from '../model/route-rows.js'
import {clip} from './format.js'

export interface RouteLineProps {
  readonly row: RouteRow
  readonly columns: ReadonlyArray<Column>
  readonly width: number
  readonly selected: boolean
  /** Changed in a recent update. */
  readonly highlighted: boolean
  /** Hosts are written once per group; the first visible row of a group repeats it. */
  readonly showHost: boolean
  readonly stats?: RouteStats
}

export function statCell(key: ColumnKey, s: RouteStats | undefined): string {
  if (!s) return '-'
  if (key === 'rps') return s.rps >= 100 ? s.rps.toFixed(0) : s.rps.toFixed(1)
  if (key === 'err') return s.errorRate === undefined ? '-' : `${(s.errorRate * 100).toFixed(1)}%`
  if (s.p99 === undefined) return '-'
  return s.p99 >= 1 ? `${s.p99.toFixed(2)}s` : `${(s.p99 * 1000).toFixed(1)}ms`
}

export function rowCells(row: RouteRow, showHost: boolean, stats?: RouteStats) {
  return (key: ColumnKey): string => {
    switch (key) {
      case 'host':
        return showHost ? row.host : ''
      case 'path':
        return row.path
      case 'type':
        return typeLabel(row.pathType)
      case 'backend':
        return row.backend
      case 'ready':
        return readyLabel(row)
      case 'tls':
        return row.tls
      case 'ingress':
        return row.ingress
      default:
        return statCell(key, stats)
    }
  }
}

/** One route as one line of text: cursor `>`, diagnostics `!`, changed `+`, then the columns. */
function RouteLineView(p: RouteLineProps) {
  const mark = p.row.severity === 'error' || p.row.severity === 'warning' ? '!' : p.row.severity === 'info' ? 'i' : ' '
  const markColor = p.row.severity === 'error' ? 'red' : p.row.severity === 'warning' ? 'yellow' : 'blue'
  const text = clip(`${p.highlighted ? '+' : ' '}${formatCells(p.columns, rowCells(p.row, p.showHost, p.stats))}`, Math.max(0, p.width - 2))
  return (
    <Text wrap="truncate">
      <Text color="cyan" bold>
        {p.selected ? '>' : ' '}
      </Text>
      <Text color={markColor} bold>
        {mark}
      </Text>
      <Text inverse={p.selected} color={p.highlighted ? 'green' : undefined} bold={p.highlighted}>
        {text}
      </Text>
    </Text>
  )
}

export const RouteLine = memo(RouteLineView)
