import type {Diagnostic, DiagnosticLocation, Severity} from '../../model/diagnostics.js'
import {pathToFileURL} from 'node:url'
import {ruleDocUrl} from '../docs.js'
import {ALL_RULES} from '../registry.js'
import type {LintReport} from '../index.js'
import type {RuleInfo} from '../types.js'
import type {FormatOptions, LintFormat} from './types.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {error: 'error', warning: 'warning', info: 'note'}

export const SARIF_SCHEMA_URI = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json'

/** The base id relative artifact URIs refer to (run.originalUriBaseIds), as GitHub code scanning expects. */
export const SRCROOT = '%SRCROOT%'

/** A file name as a SARIF artifact URI (a relative reference for relative paths). */
export function artifactUri(file: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return encodeURI(file)
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return pathToFileURL(file).href
  return encodeURI(file.replace(/\\/g, '/'))
}

/** An artifact location: relative files against SRCROOT, absolute ones and other URIs as they are. */
function artifactLocation(file: string): Record<string, unknown> {
  const uri = artifactUri(file)
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) || file.startsWith('<') ? {uri} : {uri, uriBaseId: SRCROOT}
}

function physical(loc: DiagnosticLocation): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(loc.file),
      region: {startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.col)},
    },
  }
}

function descriptor(r: RuleInfo): Record<string, unknown> {
  return {
    id: r.id,
    shortDescription: {text: r.description},
    helpUri: ruleDocUrl(r.id),
    defaultConfiguration: {level: LEVEL[r.severity]},
    properties: {origin: r.origin},
  }
}

function result(d: Diagnostic, ruleIndex: number): Record<string, unknown> {
  const text = d.hint ? `${d.message}. Hint: ${d.hint}` : d.message
  const out: Record<string, unknown> = {ruleId: d.rule, ruleIndex, level: LEVEL[d.severity], message: {text}}
  if (d.location) out.locations = [physical(d.location)]
  const related = (d.related ?? []).filter((r) => r.location)
  if (related.length) {
    out.relatedLocations = related.map((r, i) => ({id: i, ...physical(r.location!), message: {text: r.message}}))
  }
  return out
}

/** SARIF 2.1.0: one run, tool.driver.rules = every rule lint knows (plus any other id reported), one result per diagnostic. */
export const sarif: LintFormat = {
  name: 'sarif',
  render(report: LintReport, o: FormatOptions): string {
    const rules: RuleInfo[] = [...ALL_RULES]
    const index = new Map(rules.map((r, i) => [r.id, i]))
    for (const d of report.diagnostics) {
      if (!index.has(d.rule)) {
        index.set(d.rule, rules.length)
        rules.push({id: d.rule, severity: d.severity, origin: 'lint', description: d.rule})
      }
    }
    const log = {
      $schema: SARIF_SCHEMA_URI,
      version: '2.1.0',
      runs: [
        {
          tool: {driver: {name: 'ingressctl', version: o.version, semanticVersion: o.version, rules: rules.map(descriptor)}},
          ...(o.root ? {originalUriBaseIds: {[SRCROOT]: {uri: pathToFileURL(o.root.endsWith('/') ? o.root : `${o.root}/`).href}}} : {}),
          columnKind: 'unicodeCodePoints',
          results: report.diagnostics.map((d) => result(d, index.get(d.rule)!)),
        },
      ],
    }
    return `${JSON.stringify(log, null, 2)}\n`
  },
}
