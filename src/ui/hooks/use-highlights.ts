import {useEffect, useMemo, useReducer, useRef} from 'react'
import {changedRowIds, type RouteRow} from '../model/route-rows.js'

/** How long a changed row stays highlighted. */
export const HIGHLIGHT_MS = 2000

/**
 * Ids of rows that changed in recent table updates. The rows are compared in the
 * same render that shows the new table (no frame without the highlight); one timer
 * per update clears its batch. Nothing re-renders while nothing changes.
 */
export function useHighlights(rows: ReadonlyArray<RouteRow>, durationMs = HIGHLIGHT_MS): ReadonlySet<string> {
  const previous = useRef<ReadonlyArray<RouteRow> | undefined>(undefined)
  const batches = useRef(new Map<number, ReadonlySet<string>>())
  const counter = useRef(0)
  const [expired, expire] = useReducer((n: number) => n + 1, 0)
  const timers = useRef(new Set<NodeJS.Timeout>())

  const batch = useMemo(() => {
    const before = previous.current
    previous.current = rows
    if (!before || before === rows) return undefined
    const changed = changedRowIds(before, rows)
    if (changed.length === 0) return undefined
    const id = ++counter.current
    batches.current.set(id, new Set(changed))
    return id
  }, [rows])

  useEffect(() => {
    if (batch === undefined) return
    const timer = setTimeout(() => {
      timers.current.delete(timer)
      batches.current.delete(batch)
      expire()
    }, durationMs)
    timers.current.add(timer)
  }, [batch, durationMs])

  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const t of pending) clearTimeout(t)
      pending.clear()
    }
  }, [])

  return useMemo(() => {
    const all = new Set<string>()
    for (const ids of batches.current.values()) for (const id of ids) all.add(id)
    return all
  }, [batch, expired])
}
