import {Box, Text} from 'ink'
import type {RouteStats} from '../attach/route-stats.js'
import type {Column} from '../model/columns.js'
import type {RouteRow} from '../model/route-rows.js'
import {RouteLine} from './route-line.js'

export interface RouteListProps {
  readonly rows: ReadonlyArray<RouteRow>
  readonly columns: ReadonlyArray<Column>
  /** Index of the first visible row. */
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

/** Virtualized: renders only the `height` rows from `top`, never the whole table. */
export function RouteList(p: RouteListProps) {
  if (p.rows.length === 0) {
    return (
      <Box height={p.height}>
        <Text dimColor>{p.emptyText}</Text>
      </Box>
    )
  }
  const visible = p.rows.slice(p.top, p.top + p.height)
  return (
    <Box flexDirection="column" height={p.height}>
      {visible.map((row, i) => {
        const index = p.top + i
        const showHost = i === 0 || p.rows[index - 1]!.host !== row.host
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
