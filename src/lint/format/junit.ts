import type {Diagnostic} from '../../model/diagnostics.js'
import type {LintReport} from '../index.js'
import type {LintFormat} from './types.js'

const NO_FILE = '(no file)'

/** XML 1.0 text and attribute escaping; characters XML cannot hold are dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function where(d: Diagnostic): string {
  return d.location ? `${d.location.line}:${d.location.col}` : ''
}

function testcase(file: string, d: Diagnostic): string {
  const name = xmlEscape(`${d.rule}${d.location ? ` at ${where(d)}` : ''}`)
  const open = `    <testcase classname="${xmlEscape(file)}" name="${name}" file="${xmlEscape(file)}"${d.location ? ` line="${d.location.line}"` : ''} time="0">`
  const body = `${d.location ? `${file}:${where(d)}: ` : ''}${d.severity}: ${d.message} [${d.rule}]${d.hint ? `\nhint: ${d.hint}` : ''}`
  if (d.severity === 'info') return `${open}\n      <system-out>${xmlEscape(body)}</system-out>\n    </testcase>`
  return `${open}\n      <failure type="${d.severity}" message="${xmlEscape(d.message)}">${xmlEscape(body)}</failure>\n    </testcase>`
}

/**
 * JUnit XML (GitLab `artifacts:reports:junit`, Jenkins): one testsuite per
 * file, one testcase per finding; errors and warnings are failures, info is a
 * passing case with its text in system-out. No findings: one passing case.
 */
export const junit: LintFormat = {
  name: 'junit',
  render(report: LintReport): string {
    const groups = new Map<string, Diagnostic[]>()
    for (const d of report.diagnostics) {
      const f = d.location?.file ?? NO_FILE
      const list = groups.get(f) ?? []
      list.push(d)
      groups.set(f, list)
    }
    const failures = report.counts.error + report.counts.warning
    const tests = Math.max(1, report.diagnostics.length)
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="ingressctl lint" tests="${tests}" failures="${failures}" errors="0" time="0">`]
    if (groups.size === 0) {
      lines.push('  <testsuite name="ingressctl lint" tests="1" failures="0" errors="0" skipped="0" time="0">', '    <testcase classname="ingressctl lint" name="no problems" time="0"/>', '  </testsuite>')
    }
    for (const [file, list] of groups) {
      const f = list.filter((d) => d.severity !== 'info').length
      lines.push(`  <testsuite name="${xmlEscape(file)}" tests="${list.length}" failures="${f}" errors="0" skipped="0" time="0">`)
      for (const d of list) lines.push(testcase(file, d))
      lines.push('  </testsuite>')
    }
    lines.push('</testsuites>')
    return `${lines.join('\n')}\n`
  },
}
