import {compile, type CompileOptions} from '../../compiler/index.js'
import {readOnce, type SourceOptions} from '../../sources/open.js'
import {formatJson} from './json.js'
import {formatName, formatTable, formatWide} from './table.js'
import type {Printed, RoutesFormatter} from './types.js'
import {formatYaml} from './yaml.js'

export const ROUTES_FORMATS = ['table', 'wide', 'name', 'json', 'yaml'] as const
export type RoutesFormat = (typeof ROUTES_FORMATS)[number]

const FORMATTERS: Record<RoutesFormat, RoutesFormatter> = {table: formatTable, wide: formatWide, name: formatName, json: formatJson, yaml: formatYaml}

/** Reads the input once, compiles it, and formats the table (`routes -o`). */
export async function printRoutes(source: SourceOptions, format: RoutesFormat, options: CompileOptions = {}): Promise<Printed> {
  const update = await readOnce(source)
  const table = compile(update.snapshot, options)
  return FORMATTERS[format]({table, snapshot: update.snapshot, loadDiagnostics: update.diagnostics})
}
