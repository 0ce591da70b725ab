import type {RequestRecord} from '../request-record.js'

/** One JSON object per request, keys in a fixed order. */
export function formatJson(r: RequestRecord): string {
  return JSON.stringify({
    time: new Date(r.time).toISOString(),
    method: r.method,
    host: r.host,
    path: r.path,
    status: r.status,
    bytes: r.bytes,
    duration_ms: Math.round(r.durationMs * 1000) / 1000,
    route: r.route ?? null,
    upstream: r.upstream ?? null,
    ...(r.protocol ? {protocol: r.protocol} : {}),
    ...(r.remote ? {remote: r.remote} : {}),
    ...(r.error ? {error: r.error} : {}),
  })
}
