import type {LintReport} from '../index.js'
import type {LintFormat} from './types.js'

/**
 * `{"summary": {"errors", "warnings", "infos", "maxWarnings"?, "sets"?, "exitCode"}, "diagnostics": [...]}`;
 * each diagnostic as the Diagnostic model: rule, severity, message, object, location {file, line, col, field}, hint, related.
 */
export const json: LintFormat = {
  name: 'json',
  render(report: LintReport): string {
    const summary = {
      errors: report.counts.error,
      warnings: report.counts.warning,
      infos: report.counts.info,
      ...(report.maxWarnings !== undefined ? {maxWarnings: report.maxWarnings} : {}),
      ...(report.sets ? {sets: report.sets} : {}),
      exitCode: report.exitCode,
    }
    return `${JSON.stringify({summary, diagnostics: report.diagnostics}, null, 2)}\n`
  },
}
