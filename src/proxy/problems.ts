/**
 * The answers the gateway itself gives (no route, no upstream, upstream
 * failures), in one style: JSON when the client prefers it, plain text
 * otherwise; gRPC requests get a trailers-only response with grpc-status.
 */

import type {ServiceBackend, ResourceBackend} from '../model/routes.js'

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC = {DEADLINE_EXCEEDED: 4, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14} as const

export interface Problem {
  readonly status: number
  /** Machine-readable code, also the RequestInfo error. */
  readonly error: string
  readonly title: string
  readonly message: string
  readonly hint?: string
  readonly grpcStatus: number
  /** Extra JSON fields. */
  readonly details?: Readonly<Record<string, unknown>>
}

const TITLES: Record<number, string> = {404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout'}

/** A request refused before routing: malformed (400) or with too many header fields (431). */
export function refusedRequest(r: {readonly status: 400 | 431; readonly reason: string}): Problem {
  return {
    status: r.status,
    error: r.status === 431 ? 'header-too-large' : 'bad-request',
    title: r.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
    message: r.reason,
    grpcStatus: GRPC.INTERNAL,
  }
}

export function serviceLabel(b: ServiceBackend): string {
  return `${b.namespace}/${b.name}:${b.port.number ?? b.port.name ?? ''}`
}

export function noRoute(host: string, path: string, hosts: ReadonlyArray<string>): Problem {
  const shown = hosts.slice(0, 10)
  const more = hosts.length > shown.length ? ` and ${hosts.length - shown.length} more` : ''
  return {
    status: 404,
    error: 'no-route',
    title: TITLES[404]!,
    message: `no Ingress rule matches host "${host}" and path "${path}"`,
    hint: hosts.length === 0 ? 'no Ingress rules are loaded' : `hosts served: ${shown.join(', ')}${more}`,
    grpcStatus: GRPC.UNIMPLEMENTED,
    details: {host, path},
  }
}

export function unresolved(b: ServiceBackend, routeId: string, reason: string, hint: string): Problem {
  return {
    status: 503,
    error: 'unresolved',
    title: TITLES[503]!,
    message: reason,
    hint: hint.startsWith('--map') ? `run the Service locally and add ${hint}` : hint,
    grpcStatus: GRPC.UNAVAILABLE,
    details: {service: serviceLabel(b), route: routeId, ...(hint.startsWith('--map') ? {flag: hint} : {})},
  }
}

export function resourceBackend(b: ResourceBackend, routeId: string): Problem {
  const group = b.apiGroup ? `${b.apiGroup}/` : ''
  return {
    status: 503,
    error: 'resource-backend',
    title: TITLES[503]!,
    message: `route ${routeId} uses resource backend ${group}${b.resourceKind} ${b.namespace}/${b.name}, which is not supported locally`,
    hint: 'resource backends are served by the cluster\'s ingress controller; use a Service backend to serve this path locally',
    grpcStatus: GRPC.UNAVAILABLE,
    details: {route: routeId, resource: `${group}${b.resourceKind}/${b.namespace}/${b.name}`},
  }
}

export type UpstreamFailure = 'connect-failed' | 'connect-timeout' | 'upstream-reset' | 'upstream-timeout' | 'upstream-error'

export function upstreamFailed(kind: UpstreamFailure, endpoint: string, service: string, detail: string): Problem {
  const timeout = kind === 'connect-timeout' || kind === 'upstream-timeout'
  const status = timeout ? 504 : 502
  const what =
    kind === 'connect-failed' ? `could not connect to upstream ${endpoint}` :
    kind === 'connect-timeout' ? `timed out connecting to upstream ${endpoint}` :
    kind === 'upstream-timeout' ? `upstream ${endpoint} sent no response in time` :
    kind === 'upstream-reset' ? `upstream ${endpoint} closed the connection before responding` :
    `upstream ${endpoint} failed`
  return {
    status,
    error: kind,
    title: TITLES[status]!,
    message: kind === 'upstream-error' ? `${what}: ${detail} (Service ${service})` : `${what} (${detail}) for Service ${service}`,
    hint: timeout ? 'check that the upstream is responsive; the timeouts are configurable' : `check that ${service} is running and listening on ${endpoint}`,
    grpcStatus: timeout ? GRPC.DEADLINE_EXCEEDED : GRPC.UNAVAILABLE,
    details: {service, upstream: endpoint},
  }
}

export function invalidResponse(endpoint: string, detail: string): Problem {
  return {
    status: 502,
    error: 'upstream-error',
    title: TITLES[502]!,
    message: `upstream ${endpoint} sent a response the client's protocol cannot carry (${detail})`,
    hint: 'check the upstream response header fields',
    grpcStatus: GRPC.UNAVAILABLE,
    details: {upstream: endpoint},
  }
}

export function problemJson(p: Problem): string {
  return JSON.stringify({status: p.status, error: p.error, message: p.message, ...(p.hint ? {hint: p.hint} : {}), ...p.details}) + '\n'
}

export function problemText(p: Problem): string {
  return `${p.status} ${p.title}: ${p.message}\n${p.hint ? `hint: ${p.hint}\n` : ''}`
}

/**
 * grpc-message percent-encoding (gRPC over HTTP/2, "Responses"): bytes of the
 * UTF-8 message outside 0x20-0x7E, and '%' itself, become %XX.
 */
export function grpcMessage(s: string): string {
  let out = ''
  for (const b of Buffer.from(s, 'utf8')) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
