import type {LiveState} from '../live/live-table.js'

export interface Readiness {
  readonly ready: boolean
  readonly reason: string
}

/** Ready when a table is loaded, the source is live and the listeners are up. */
export function readiness(state: LiveState, listening: boolean): Readiness {
  if (!listening) return {ready: false, reason: 'not listening yet'}
  if (!state.loaded) return {ready: false, reason: 'no route table loaded yet'}
  if (state.source.status !== 'live') {
    const since = new Date(state.source.since).toISOString()
    return {ready: false, reason: `source is ${state.source.status} since ${since}${state.source.reason ? `: ${state.source.reason}` : ''}`}
  }
  return {ready: true, reason: 'ok'}
}
