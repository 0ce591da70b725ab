import {stringify} from 'yaml'
import {routesData} from './data.js'
import type {Printed, RoutesResult} from './types.js'

export function formatYaml(r: RoutesResult): Printed {
  // Plain data (no anchors/aliases even when objects repeat), long strings kept on one line.
  return {stdout: stringify(routesData(r), {aliasDuplicateObjects: false, lineWidth: 0})}
}
