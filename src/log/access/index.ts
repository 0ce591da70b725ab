import type {LogFormat, RequestRecord} from '../request-record.js'
import {formatJson} from './json.js'
import {formatText} from './text.js'

const FORMATTERS: Record<LogFormat, (r: RequestRecord) => string> = {text: formatText, json: formatJson}

export type AccessLog = (r: RequestRecord) => void

/** Writes one line per request to `out` in the given format. */
export function createAccessLog(format: LogFormat, out: NodeJS.WritableStream): AccessLog {
  const fmt = FORMATTERS[format]
  return (r) => {
    out.write(`${fmt(r)}\n`)
  }
}
