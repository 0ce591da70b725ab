import type {DiffFormat} from './types.js'

/** The report as JSON: {changed, old, new, summary, routes[], effective[]}; keys and order are stable. */
export const json: DiffFormat = {
  name: 'json',
  render(report) {
    const out = {
      changed: report.changed,
      old: report.oldLabel,
      new: report.newLabel,
      summary: report.summary,
      routes: report.routes,
      effective: report.effective,
    }
    return `${JSON.stringify(out, null, 2)}\n`
  },
}
