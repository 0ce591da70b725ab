import type {RequestRecord} from '../request-record.js'

/**
 * The terminal's access log, as dev servers print it: `12:04:31 GET shop.example.com/cart 200 3.1ms → 127.0.0.1:3000`.
 * Local time of day, the request, its status and time, and where it went (or why the gateway answered itself).
 * `paint` colours the status (green 2xx/3xx, yellow 4xx, red 5xx) when colour is on.
 */
export function formatCompact(r: RequestRecord, paint: (status: number, text: string) => string = (_s, t) => t): string {
  const d = new Date(r.time)
  const time = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
  const where = r.error ? `✗ ${r.error}` : r.upstream ? `→ ${r.upstream}` : r.route ? '' : '(no route)'
  return `${time} ${r.method || '-'} ${r.host || '-'}${r.path || '/'} ${paint(r.status, String(r.status))} ${r.durationMs.toFixed(1)}ms${where ? ` ${where}` : ''}`
}
