import type {Diagnostic} from '../model/diagnostics.js'

/** `file:line:col: severity: message [rule]` and an indented hint, for logs. */
export function diagnosticLines(d: Diagnostic): string[] {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''
  const lines = [`${where}${d.severity}: ${d.message} [${d.rule}]`]
  if (d.hint) lines.push(`  hint: ${d.hint}`)
  return lines
}

export function diagnosticText(d: Diagnostic): string {
  return diagnosticLines(d).join('\n')
}
