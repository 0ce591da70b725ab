import {IngressctlError} from '../errors.js'
import type {LiveTable} from '../live/live-table.js'
import type {UiFeed, FeedView} from './feed.js'

/**
 * The UI's view of a started LiveTable: its current (last good) table, the
 * snapshot it came from, the source's connection state, and the latest
 * rejected reload as a notice. One new view object per change.
 */
export function feedFromLiveTable(live: LiveTable): UiFeed {
  const build = (): FeedView => {
    const table = live.current
    const st = live.state
    if (!table) {
      const why = st.lastError ? st.lastError.diagnostics.map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''}${d.message}`).join('; ') : ''
      throw new IngressctlError('E_NO_TABLE', `no route table could be built from the input${why ? `: ${why}` : ''}`, {hint: 'fix the input, then run the command again'})
    }
    return {
      table,
      ...(live.snapshot ? {snapshot: live.snapshot} : {}),
      loadDiagnostics: st.lastError ? st.lastError.diagnostics : st.loadDiagnostics,
      state: st.source,
      changedAt: st.lastChange ?? st.source.since,
      ...(st.lastError ? {notice: st.lastError.message} : {}),
    }
  }
  let view = build()
  const listeners = new Set<() => void>()
  const refresh = () => {
    if (!live.current) return
    view = build()
    for (const l of [...listeners]) l()
  }
  // Follow the table from now on, subscribers or not, so get() is never behind.
  live.on('state', refresh)
  return {
    label: live.source.label,
    get: () => view,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
