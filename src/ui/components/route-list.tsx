import {Box, Text} from 'ink'
import type {RouteStats} from '../attach/route-stats.js'
import type {Column} from '../model/columns.js'
import type {RouteRow} from '../model/route-rows.js'
import {RouteLine} from './route-line.js'

export interface RouteListProps {
  /** The visible rows only (the caller slices the table: nothing else reaches the renderer). */
  readonly rows: ReadonlyArray<RouteRow>
  /** Total rows in the (filtered) table, to tell an empty table from an empty window. */
  readonly total: number
  readonly columns: ReadonlyArray<Column>
  /** Index of the first visible row in the table. */
  readonly top: number
  readonly height: number
  readonly width: number
  readonly selected: number
  readonly highlighted: ReadonlySet<string>
  readonly stats?: ReadonlyMap<string, RouteStats>
  readonly emptyText: string
}

/** First visible row index keeping `selected` in view, given the previous top. */
export function scrollTop(previousTop: number, selected: number, height: number, length: number): number {
  let top = previousTop
  if (selected < top) top = selected
  if (selected >= top + height) top = selected - height + 1
  return Math.max(0, Math.min(top, Math.max(0, length - height)))
}

/** Virtualized: renders only the visible rows (at most `height`), never the whole table. */
export function RouteList(p: RouteListProps) {
  if (p.total === 0) {
    return (
      <Box height={p.height}>
        <Text dimColor>{p.emptyText}</Text>
      </Box>
    )
  }
  const visible = p.rows.slice(0, p.height)
  return (
    <Box flexDirection="column" height={p.height}>
      {visible.map((row, i) => {
        const index = p.top + i
        const showHost = i === 0 || visible[i - 1]!.host !== row.host
        return (
          <RouteLine
            key={row.id}
            row={row}
            columns={p.columns}
            width={p.width}
            selected={index === p.selected}
            highlighted={p.highlighted.has(row.id)}
            showHost={showHost}
            stats={p.stats?.get(row.id)}
          />
        )
      })}
    </Box>
  )
}
