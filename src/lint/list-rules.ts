import {ruleDocUrl} from './docs.js'
import type {RuleInfo} from './types.js'

/** `lint --list-rules`: a table (id, severity, fixable, what it reports) or JSON. */
export function renderRuleList(rules: readonly RuleInfo[], format: 'text' | 'json'): string {
  if (format === 'json') {
    const list = rules.map((r) => ({id: r.id, severity: r.severity, origin: r.origin, fixable: r.fixable === true, description: r.description, docs: ruleDocUrl(r.id)}))
    return `${JSON.stringify(list, null, 2)}\n`
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length), 'RULE'.length)
  const lines = [`${'RULE'.padEnd(idWidth)}  SEVERITY  FIXABLE  DESCRIPTION`]
  for (const r of rules) lines.push(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${(r.fixable ? 'yes' : '').padEnd(7)}  ${r.description}`)
  return `${lines.join('\n')}\n`
}
