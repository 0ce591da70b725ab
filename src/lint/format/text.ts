import type {Diagnostic, Severity} from '../../model/diagnostics.js'
import type {LintReport} from '../index.js'
import {ruleDocUrl} from '../docs.js'
import type {FormatOptions, LintFormat} from './types.js'

const NO_FILE = '(no file)'

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s
}

const SEVERITY_COLOR: Record<Severity, string> = {error: '31', warning: '33', info: '36'}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Grouped by file (sorted), one line per diagnostic with its hint and related places under it, then a summary line. */
export const text: LintFormat = {
  name: 'text',
  render(report: LintReport, o: FormatOptions): string {
    const groups = new Map<string, Diagnostic[]>()
    for (const d of report.diagnostics) {
      const f = d.location?.file ?? NO_FILE
      const list = groups.get(f) ?? []
      list.push(d)
      groups.set(f, list)
    }
    const lines: string[] = []
    for (const [file, list] of groups) {
      lines.push(paint(o.color, '4', file))
      const width = Math.max(...list.map((d) => (d.location ? `${d.location.line}:${d.location.col}` : '').length))
      for (const d of list) {
        const pos = (d.location ? `${d.location.line}:${d.location.col}` : '').padEnd(width)
        const sev = paint(o.color, SEVERITY_COLOR[d.severity], d.severity.padEnd(7))
        lines.push(`  ${pos}  ${sev}  ${d.message}  ${paint(o.color, '2', `[${d.rule}]`)}`)
        const indent = ' '.repeat(2 + width + 2 + 7 + 2)
        if (d.hint) lines.push(`${indent}${paint(o.color, '2', 'hint:')} ${d.hint}`)
        for (const r of d.related ?? []) {
          const where = r.location ? `${r.location.file}:${r.location.line}:${r.location.col}: ` : ''
          lines.push(`${indent}${paint(o.color, '2', 'see:')} ${where}${r.message}`)
        }
      }
      lines.push('')
    }
    const rules = [...new Set(report.diagnostics.map((d) => d.rule))].sort()
    if (rules.length) {
      lines.push(paint(o.color, '2', 'rule documentation:'))
      for (const id of rules) lines.push(paint(o.color, '2', `  ${id}: ${ruleDocUrl(id)}`))
      lines.push('')
    }
    const {error, warning, info} = report.counts
    const total = error + warning + info
    if (total === 0) lines.push(paint(o.color, '32', '✔ no problems'))
    else {
      const summary = `${total === 1 ? '1 problem' : `${total} problems`} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info)`
      lines.push(paint(o.color, error > 0 ? '31;1' : warning > 0 ? '33;1' : '36', `${error > 0 || warning > 0 ? '✖' : 'ℹ'} ${summary}`))
    }
    if (report.maxWarnings !== undefined && warning > report.maxWarnings) {
      lines.push(paint(o.color, '31', `${plural(warning, 'warning')}: more than --max-warnings ${report.maxWarnings}`))
    }
    return `${lines.join('\n')}\n`
  },
}
