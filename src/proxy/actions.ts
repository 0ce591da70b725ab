/**
 * The gateway's side of route actions: runs the evaluator shared with
 * `match` (src/actions/evaluate.ts) on a request and turns its outcome into
 * what the engine needs — an answer to send, or the target, fields and Host
 * to send upstream plus the response-side changes. Called only for routes
 * that have actions.
 */
import {removeField} from '../model/field-list.js'
import {evaluate} from '../actions/evaluate.js'
import {randomBytes} from 'node:crypto'
import type {DefaultBackendAction, Outcome, ResponseAction, RouteAction} from '../actions/types.js'
import type {RequestHead} from './headers.js'

export type Applied =
  | {readonly kind: 'answer'; readonly status: number; readonly list: string[]; readonly body: string; readonly outcome: Outcome}
  | {readonly kind: 'proxy'; readonly target: string; readonly head: RequestHead; readonly response: ReadonlyArray<ResponseAction>; readonly outcome: Outcome}

export function applyActions(
  actions: ReadonlyArray<RouteAction>,
  method: string,
  secure: boolean,
  head: RequestHead,
  target: string,
  port: number,
  httpsPort: number,
  forwarded?: {readonly proto?: string; readonly host?: string},
  /** The normalised path nginx matched (`$uri`); default: the target's path. */
  path?: string,
  /** The request's Content-Length, when declared. */
  contentLength?: number,
  /** The TCP peer and the real-ip header's value, for access lists (see clientOf). */
  client?: {readonly ip?: string; readonly forwardedFor?: string},
): Applied {
  const req = {
    method,
    scheme: secure ? ('https' as const) : ('http' as const),
    host: head.host,
    target,
    ...(path !== undefined ? {path} : {}),
    ...(forwarded?.proto ? {forwardedProto: forwarded.proto} : {}),
    ...(forwarded?.host ? {forwardedHost: forwarded.host} : {}),
    ...(contentLength !== undefined ? {contentLength} : {}),
    ...(client?.ip !== undefined ? {clientIp: client.ip} : {}),
    ...(client?.forwardedFor !== undefined ? {forwardedFor: client.forwardedFor} : {}),
  }
  const outcome = evaluate(actions, req, {port, httpsPort})
  if (outcome.type === 'redirect') {
    const body = redirectBody(outcome.status)
    const list = ['location', outcome.location, 'content-type', 'text/html', 'content-length', String(Buffer.byteLength(body))]
    return {kind: 'answer', status: outcome.status, list: withResponse(list, outcome.response), body, outcome}
  }
  if (outcome.type === 'respond' && outcome.status === 413) {
    // ngx_http_special_response_handler turns keep-alive off for 413: the answer says Connection: close.
    const list = ['content-type', 'text/html', 'content-length', String(Buffer.byteLength(outcome.body)), 'connection', 'close']
    return {kind: 'answer', status: 413, list: withResponse(list, outcome.response), body: outcome.body, outcome}
  }
  if (outcome.type === 'respond') {
    const list = ['content-type', outcome.contentType ?? 'application/octet-stream', 'content-length', String(Buffer.byteLength(outcome.body))]
    return {kind: 'answer', status: outcome.status, list: withResponse(list, outcome.response), body: outcome.body, outcome}
  }
  let next = head
  if (outcome.upstreamHost !== undefined || outcome.headers.length > 0) {
    const list = head.list.slice()
    if (outcome.upstreamHost !== undefined) setField(list, 'host', outcome.upstreamHost)
    for (const [name, value] of outcome.headers) {
      // A WebSocket handshake keeps its Connection: upgrade.
      if (name.toLowerCase() === 'connection' && head.upgrade) continue
      setField(list, name, value)
    }
    next = {...head, list, host: outcome.upstreamHost ?? head.host}
  }
  return {kind: 'proxy', target: outcome.upstreamPath, head: next, response: outcome.response, outcome}
}

function withResponse(list: string[], response: ReadonlyArray<ResponseAction>): string[] {
  for (const r of response) if (r.type === 'hsts') list.push('strict-transport-security', r.value)
  return list
}

/** Replaces every field `name` (any case) by one with `value`. */
function setField(list: string[], name: string, value: string): void {
  const lower = name.toLowerCase()
  removeField(list, lower)
  list.push(lower === 'host' ? 'host' : name, value)
}

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
}

/** The small HTML page nginx sends with its redirects. */
export function redirectBody(status: number): string {
  const title = `${status} ${REASONS[status] ?? ''}`.trim()
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>ingressctl</center>\r\n</body>\r\n</html>\r\n`
}

/** The fields ingress-nginx sends a custom default backend (nginx.tmpl): X-Code 503, X-Format (the Accept), the route's Ingress and Service, a request id. */
export function defaultBackendFields(a: DefaultBackendAction, accept: string | undefined): string[] {
  const out = ['X-Code', '503']
  if (accept) out.push('X-Format', accept)
  out.push('X-Namespace', a.namespace, 'X-Ingress-Name', a.ingress, 'X-Service-Name', a.service, 'X-Service-Port', a.servicePort, 'X-Request-ID', randomBytes(16).toString('hex'))
  return out
}

/** The client's X-Forwarded-Proto and -Host, read only for routes whose HTTPS redirect trusts them (use-forwarded-headers). */
export function forwardedOf(actions: ReadonlyArray<RouteAction>, headers: NodeJS.Dict<string | string[]>): {proto?: string; host?: string} | undefined {
  if (!actions.some((a) => a.type === 'https-redirect' && a.trustForwarded)) return undefined
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)
  const proto = one(headers['x-forwarded-proto'])
  const host = one(headers['x-forwarded-host'])
  return {...(proto ? {proto} : {}), ...(host ? {host} : {})}
}

/** The client's TCP address and (with use-forwarded-headers) the real-ip header, read only for routes with an access list. */
export function clientOf(actions: ReadonlyArray<RouteAction>, peer: string | undefined, headers: NodeJS.Dict<string | string[]>): {ip?: string; forwardedFor?: string} | undefined {
  const a = actions.find((x) => x.type === 'access')
  if (a === undefined || a.type !== 'access') return undefined
  let forwardedFor: string | undefined
  if (a.realIp) {
    const v = headers[a.realIp.header.toLowerCase()]
    forwardedFor = Array.isArray(v) ? v.join(', ') : v
  }
  return {...(peer !== undefined ? {ip: peer} : {}), ...(forwardedFor !== undefined ? {forwardedFor} : {})}
}
