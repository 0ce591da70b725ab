import type {Diagnostic} from '../../model/diagnostics.js'
import type {Line} from './lines.js'

const COLOR = {error: 'red', warning: 'yellow', info: 'blue'} as const

export function where(d: Diagnostic): string {
  return d.location ? `${d.location.file}:${d.location.line}:${d.location.col}` : d.object ? `${d.object.kind} ${d.object.namespace}/${d.object.name}` : ''
}

/** A diagnostic as lines: `severity rule file:line:col`, the message, the hint. */
export function diagnosticLines(d: Diagnostic, indent = '  '): Line[] {
  const out: Line[] = [{text: `${indent}${d.severity} ${d.rule}  ${where(d)}`, color: COLOR[d.severity]}]
  out.push({text: `${indent}  ${d.message}`})
  if (d.hint) out.push({text: `${indent}  hint: ${d.hint}`, dim: true})
  for (const r of d.related ?? []) {
    const at = r.location ? ` (${r.location.file}:${r.location.line}:${r.location.col})` : ''
    out.push({text: `${indent}  related: ${r.message}${at}`, dim: true})
  }
  return out
}
