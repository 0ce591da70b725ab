import type {LogFormat, RequestRecord} from '../request-record.js'
import {formatCompact} from './compact.js'
import {formatJson} from './json.js'
import {formatText} from './text.js'

const FORMATTERS: Record<LogFormat, (r: RequestRecord) => string> = {text: formatText, json: formatJson}

export type AccessLog = (r: RequestRecord) => void

/**
 * Writes one line per request to `out` in the given format. `compact` (text
 * format on a terminal) writes the short dev-server line instead of the full
 * one; `paint` colours its status.
 */
export function createAccessLog(format: LogFormat, out: NodeJS.WritableStream, opts: {compact?: boolean; paint?: (status: number, text: string) => string} = {}): AccessLog {
  if (format === 'text' && opts.compact) {
    return (r) => {
      out.write(`${formatCompact(r, opts.paint)}\n`)
    }
  }
  const fmt = FORMATTERS[format]
  return (r) => {
    out.write(`${fmt(r)}\n`)
  }
}

/** ANSI colour for a status: green 1xx–3xx, yellow 4xx, red 5xx. */
export function paintStatus(status: number, text: string): string {
  const code = status >= 500 ? 31 : status >= 400 ? 33 : 32
  return `\x1b[${code}m${text}\x1b[39m`
}
