import type {RouteChange} from '../types.js'
import {effectiveText, fieldText, requestText, summaryText, where} from './describe.js'
import type {DiffFormat} from './types.js'

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s
}

function line(c: RouteChange): {mark: string; color: string; text: string} {
  if (c.change === 'added') return {mark: '+', color: '32', text: `${where(c.route)}  ${c.route.defaultBackend ? '' : `${c.route.pathType} `}→ ${c.route.backend}  (${c.route.ingress})`}
  if (c.change === 'removed') return {mark: '-', color: '31', text: `${where(c.route)}  ${c.route.defaultBackend ? '' : `${c.route.pathType} `}→ ${c.route.backend}  (${c.route.ingress})`}
  return {mark: '~', color: '33', text: `${where(c.before)}  ${c.fields.map(fieldText).join('; ')}  (${c.after.ingress})`}
}

/** `+` added, `-` removed, `~` changed routes, `!` requests served elsewhere; colored on a terminal. */
export const text: DiffFormat = {
  name: 'text',
  render(report, o) {
    if (!report.changed) return `No route changes between ${report.oldLabel} and ${report.newLabel}.\n`
    const out: string[] = [`--- ${report.oldLabel}`, `+++ ${report.newLabel}`]
    for (const c of report.routes) {
      const l = line(c)
      out.push(paint(o.color, l.color, `${l.mark} ${l.text}`))
    }
    if (report.effective.length > 0) {
      out.push('', 'Requests now served by another backend:')
      for (const e of report.effective) out.push(paint(o.color, '35', `! ${requestText(e)}: ${effectiveText(e)}`))
    }
    out.push('', summaryText(report.summary))
    return `${out.join('\n')}\n`
  },
}
