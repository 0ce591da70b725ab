import type {LiveTable} from '../live/live-table.js'
import {tableData, type TableData} from '../output/route-data.js'

export interface RoutesView extends Partial<TableData> {
  source: {
    label: string
    status: string
    since: string
    reason?: string
  }
  loaded: boolean
  generation: number
  lastChange: string | null
  lastError: {message: string; at: string; diagnostics: unknown[]} | null
}

/** What the admin API's /routes answers: the compiled table as plain data, plus the source state. */
export function routesView(live: LiveTable): RoutesView {
  const s = live.state
  const table = live.current
  return {
    source: {
      label: live.source.label,
      status: s.source.status,
      since: new Date(s.source.since).toISOString(),
      ...(s.source.reason ? {reason: s.source.reason} : {}),
    },
    loaded: s.loaded,
    generation: s.generation,
    lastChange: s.lastChange === undefined ? null : new Date(s.lastChange).toISOString(),
    lastError: s.lastError ? {message: s.lastError.message, at: new Date(s.lastError.at).toISOString(), diagnostics: [...s.lastError.diagnostics]} : null,
    ...(table ? tableData(table) : {}),
  }
}
