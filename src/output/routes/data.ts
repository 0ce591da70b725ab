import {sortDiagnostics} from '../../model/diagnostics.js'
import {tableData, type TableData} from '../route-data.js'
import type {RoutesResult} from './types.js'

/** The shared table data, with load-time findings merged into the (sorted) diagnostics. */
export function routesData(r: RoutesResult): TableData {
  const data = tableData(r.table)
  return {...data, diagnostics: sortDiagnostics([...r.loadDiagnostics, ...data.diagnostics])}
}
