import {useEffect, useRef, useState} from 'react'
import {changedRowIds, type RouteRow} from '../model/route-rows.js'

/** How long a changed row stays highlighted. */
export const HIGHLIGHT_MS = 2000

/**
 * Ids of rows that changed in recent table updates. One timer per batch of
 * changes clears them; nothing re-renders while nothing changes.
 */
export function useHighlights(rows: ReadonlyArray<RouteRow>, durationMs = HIGHLIGHT_MS): ReadonlySet<string> {
  const previous = useRef<ReadonlyArray<RouteRow> | undefined>(undefined)
  const [active, setActive] = useState<ReadonlySet<string>>(() => new Set())
  const timers = useRef(new Set<NodeJS.Timeout>())
  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const t of pending) clearTimeout(t)
      pending.clear()
    }
  }, [])
  useEffect(() => {
    const before = previous.current
    previous.current = rows
    if (!before || before === rows) return
    const changed = changedRowIds(before, rows)
    if (changed.length === 0) return
    setActive((cur) => new Set([...cur, ...changed]))
    const timer = setTimeout(() => {
      timers.current.delete(timer)
      setActive((cur) => {
        const next = new Set(cur)
        for (const id of changed) next.delete(id)
        return next
      })
    }, durationMs)
    timers.current.add(timer)
  }, [rows, durationMs])
  return active
}
