import type {RouteChange, RouteView} from '../types.js'
import {effectiveText, fieldText, requestText, summaryText} from './describe.js'
import type {DiffFormat} from './types.js'

/** Inline code that survives a table cell: backticks doubled when needed, pipes escaped. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`'
  const pad = s.includes('`') ? ' ' : ''
  return `${fence}${pad}${s.replace(/\|/g, '\\|')}${pad}${fence}`
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function place(r: RouteView): [string, string, string] {
  return r.defaultBackend ? ['default backend', '', ''] : [code(r.host), code(r.path), r.pathType]
}

function row(c: RouteChange): string {
  if (c.change === 'changed') {
    const [host, path, pathType] = place(c.after)
    return `| changed | ${host} | ${path} | ${pathType} | ${cell(c.fields.map(fieldText).join('; '))} | ${cell(c.after.ingress)} |`
  }
  const [host, path, pathType] = place(c.route)
  return `| ${c.change} | ${host} | ${path} | ${pathType} | ${code(c.route.backend)} | ${cell(c.route.ingress)} |`
}

/** A pull-request comment: a summary line, a table of route changes, a table of requests now served elsewhere. */
export const markdown: DiffFormat = {
  name: 'markdown',
  render(report) {
    const out = ['### ingressctl diff', '']
    if (!report.changed) {
      out.push(`No route changes between ${code(report.oldLabel)} and ${code(report.newLabel)}.`)
      return `${out.join('\n')}\n`
    }
    out.push(`${code(report.oldLabel)} → ${code(report.newLabel)}: ${summaryText(report.summary)}.`, '')
    if (report.routes.length > 0) {
      out.push('| Change | Host | Path | pathType | Backend or change | Ingress |', '| --- | --- | --- | --- | --- | --- |')
      for (const c of report.routes) out.push(row(c))
      out.push('')
    }
    if (report.effective.length > 0) {
      out.push('**Requests now served by another backend** (their own route did not change):', '', '| Request | Change |', '| --- | --- |')
      for (const e of report.effective) out.push(`| ${code(requestText(e))} | ${cell(effectiveText(e))} |`)
      out.push('')
    }
    return `${out.join('\n')}\n`
  },
}
