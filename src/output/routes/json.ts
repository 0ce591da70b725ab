import {routesData} from './data.js'
import type {Printed, RoutesResult} from './types.js'

export function formatJson(r: RoutesResult): Printed {
  return {stdout: `${JSON.stringify(routesData(r), null, 2)}\n`}
}
