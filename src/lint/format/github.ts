import type {Diagnostic, Severity} from '../../model/diagnostics.js'
import type {LintReport} from '../index.js'
import type {LintFormat} from './types.js'

const COMMAND: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

/** Workflow-command message escaping (the runner's escapeData): %, CR, LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Workflow-command property escaping (escapeProperty): escapeData plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function annotation(d: Diagnostic): string {
  const props: string[] = []
  if (d.location) {
    props.push(`file=${escapeProperty(d.location.file)}`, `line=${d.location.line}`, `col=${d.location.col}`)
  }
  props.push(`title=${escapeProperty(d.rule)}`)
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`
}

/** GitHub Actions annotations: `::error file=F,line=L,col=C,title=RULE::message`, one per diagnostic. */
export const github: LintFormat = {
  name: 'github',
  render(report: LintReport): string {
    const lines = report.diagnostics.map(annotation)
    const {error, warning, info} = report.counts
    lines.push(`ingressctl lint: ${error} error(s), ${warning} warning(s), ${info} info`)
    return `${lines.join('\n')}\n`
  },
}
