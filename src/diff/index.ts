import type {RouteTable} from '../model/routes.js'
import {effectiveChanges} from './effective.js'
import {pairRoutes} from './route-changes.js'
import type {DiffReport} from './types.js'

export type {ChangedField, DiffReport, DiffSummary, EffectiveChange, FieldChange, RouteChange, RouteView} from './types.js'

/** Pure: what changes between two compiled tables, route by route and request by request. */
export function diffTables(before: RouteTable, after: RouteTable, labels: {old: string; new: string} = {old: 'old', new: 'new'}): DiffReport {
  const pairing = pairRoutes(before.routes, after.routes)
  const effective = effectiveChanges(before, after, pairing)
  const count = (c: string): number => pairing.changes.filter((x) => x.change === c).length
  const summary = {added: count('added'), removed: count('removed'), changed: count('changed'), effective: effective.length}
  return {
    oldLabel: labels.old,
    newLabel: labels.new,
    routes: pairing.changes,
    effective,
    summary,
    changed: pairing.changes.length + effective.length > 0,
  }
}
