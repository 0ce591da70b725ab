import type {RequestRecord} from '../request-record.js'

/**
 * `TIME METHOD HOST PATH STATUS BYTES DURATION route=ID upstream=KEY`, one line per request;
 * `-` for an absent value. Values never contain spaces (paths are sent percent-encoded).
 */
export function formatText(r: RequestRecord): string {
  const parts = [
    new Date(r.time).toISOString(),
    r.method || '-',
    r.host || '-',
    r.path || '-',
    String(r.status),
    `${r.bytes}B`,
    `${r.durationMs.toFixed(1)}ms`,
    `route=${r.route ?? '-'}`,
    `upstream=${r.upstream ?? '-'}`,
  ]
  if (r.protocol) parts.push(`proto=${r.protocol}`)
  if (r.error) parts.push(`error=${r.error}`)
  return parts.map(noSpaces).join(' ')
}

function noSpaces(s: string): string {
  return s.replace(/\s/g, '%20')
}
