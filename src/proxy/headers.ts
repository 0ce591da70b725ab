/**
 * Header rewriting between client and upstream.
 *
 * Hop-by-hop fields (RFC 9110 §7.6.1) are removed in both directions:
 * Connection and every field it names, Keep-Alive, Proxy-Connection, TE,
 * Transfer-Encoding and Upgrade; also Proxy-Authorization and
 * Proxy-Authenticate (hop-by-hop per RFC 2616 §13.5.1: the proxy is the one
 * they address). Each hop re-frames the body itself: when the incoming body is
 * chunked (or an HTTP/2 body without Content-Length) the outgoing request
 * says `Transfer-Encoding: chunked` again. `TE: trailers` is kept (trailers
 * are relayed) and it is the only TE value HTTP/2 allows (RFC 9113 §8.2.2).
 * `Trailer` is end-to-end (RFC 9110 §6.6.2) and is kept whenever the next hop
 * can carry trailers (chunked HTTP/1.1 or HTTP/2).
 *
 * Host is preserved. X-Forwarded-For gets the client address appended;
 * X-Forwarded-Proto, -Host, -Port and X-Real-IP are set (replacing what the
 * client sent: they describe this hop).
 */

import {removeField} from '../model/field-list.js'
import type {IncomingHttpHeaders, OutgoingHttpHeaders} from 'node:http'

export interface ClientSide {
  /** Client IP, IPv4-mapped IPv6 prefix removed. */
  readonly remoteAddress: string
  /** `http` or `https`. */
  readonly proto: string
  /** Listener port as a string. */
  readonly port: string
}

/** What the request-header pass learned, plus the outgoing field list. */
export interface RequestHead {
  /** Flat name/value list for http.request (original name case). */
  readonly list: string[]
  /** Host header or :authority ('' when absent). */
  readonly host: string
  readonly contentType: string
  /** The request carries a body (Content-Length > 0, chunked, or an HTTP/2 stream not ended with its headers). */
  readonly hasBody: boolean
  readonly expectContinue: boolean
  /** Upgrade header value for upgrade requests, '' otherwise. */
  readonly upgrade: string
  /** Host sent upstream when the client named none (see withHost). */
  readonly upstreamHost?: string
  /** Why the head must be refused (400 or 431) before it is routed; undefined for a good head. */
  readonly invalid?: InvalidHead
}

/** A request head the gateway refuses. */
export interface InvalidHead {
  readonly status: 400 | 431
  readonly reason: string
}

/**
 * Most fields a request head may have (Node's default maxHeadersCount): the
 * listeners keep one more, so a longer head is seen, and answered 431, instead
 * of being forwarded with its tail (Content-Length perhaps) cut off.
 */
export const MAX_REQUEST_FIELDS = 2000

const CONTROL_TOKENS = new Set(['close', 'keep-alive', 'upgrade'])

/**
 * Builds the upstream request fields from the client's raw header list
 * (IncomingMessage#rawHeaders; for HTTP/2, pseudo-headers are read and dropped).
 *
 * @param streamHasBody HTTP/2 only: the client stream did not end with its HEADERS frame.
 * @param upgrade keep Connection: upgrade / Upgrade (WebSocket handshakes).
 */
export function requestHead(raw: readonly string[], client: ClientSide, h2StreamHasBody: boolean | undefined, upgrade: boolean, targetAuthority?: string): RequestHead {
  const list: string[] = []
  let host = ''
  let hostFields = 0
  let fields = 0
  let authority = ''
  let hasAuthority = false
  let xff = ''
  let connection = ''
  let contentLength = ''
  let contentType = ''
  let chunked = false
  let teTrailers = false
  let expectContinue = false
  let upgradeValue = ''
  let cookies: string[] | undefined
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    if (name.charCodeAt(0) === 58 /* ':' */) {
      if (name === ':authority') {
        authority = value
        hasAuthority = true
      }
      continue
    }
    fields++
    const lower = name.toLowerCase()
    switch (lower) {
      case 'host':
        hostFields++
        if (targetAuthority !== undefined) continue
        host = value
        break
      case 'connection':
        connection = connection ? `${connection},${value}` : value
        continue
      case 'keep-alive':
      case 'proxy-connection':
      case 'proxy-authorization':
      case 'x-forwarded-proto':
      case 'x-forwarded-host':
      case 'x-forwarded-port':
      case 'x-real-ip':
        continue
      case 'transfer-encoding':
        if (/chunked/i.test(value)) chunked = true
        continue
      case 'upgrade':
        upgradeValue = value
        continue
      case 'te':
        if (/(^|[\s,])trailers([\s,;]|$)/i.test(value)) teTrailers = true
        continue
      case 'x-forwarded-for':
        xff = xff ? `${xff}, ${value}` : value
        continue
      case 'content-length':
        contentLength = value
        break
      case 'content-type':
        contentType = value
        break
      case 'expect':
        if (value.toLowerCase() === '100-continue') expectContinue = true
        break
      case 'cookie':
        if (h2StreamHasBody !== undefined) {
          // HTTP/2 may split cookies into several fields; HTTP/1.1 wants one (RFC 9113 §8.2.3).
          ;(cookies ??= []).push(value)
          continue
        }
        break
    }
    list.push(name, value)
  }
  const invalid = checkHead(fields, hostFields, hasAuthority && h2StreamHasBody !== undefined ? authority : undefined, host, client.proto)
  if (targetAuthority !== undefined) authority = targetAuthority
  if (authority) {
    if (!host || targetAuthority !== undefined) list.push('host', authority)
    host = authority
  }
  if (cookies) list.push('cookie', cookies.join('; '))
  if (connection) stripConnectionListed(list, connection, FRAMING)
  list.push(
    'x-forwarded-for', xff ? `${xff}, ${client.remoteAddress}` : client.remoteAddress,
    'x-forwarded-proto', client.proto,
    'x-forwarded-host', host,
    'x-forwarded-port', client.port,
    'x-real-ip', client.remoteAddress,
  )
  if (teTrailers) list.push('te', 'trailers')
  let hasBody: boolean
  if (h2StreamHasBody !== undefined) {
    hasBody = h2StreamHasBody
    if (hasBody && !contentLength) list.push('transfer-encoding', 'chunked')
  } else {
    hasBody = chunked || (contentLength !== '' && contentLength !== '0')
    if (chunked) list.push('transfer-encoding', 'chunked')
  }
  if (upgrade) list.push('connection', 'upgrade', 'upgrade', upgradeValue)
  const head = {list, host, contentType, hasBody, expectContinue, upgrade: upgrade ? upgradeValue : ''}
  return invalid ? {...head, invalid} : head
}

/**
 * Fields no Connection header can make hop-by-hop: they say which host is
 * asked and how long the body is (nginx ignores the tokens of Connection
 * altogether; removing Host would send the upstream a request without one).
 */
const FRAMING = new Set(['host', 'content-length'])

/**
 * Refusals that depend on the fields alone:
 * - more than MAX_REQUEST_FIELDS fields: 431 (the listeners keep one more
 *   than the limit, so more than the limit means the list was cut short);
 * - more than one Host field: 400 (RFC 9112 §3.2: "A server MUST respond with
 *   a 400 (Bad Request) status code to any HTTP/1.1 request message that
 *   lacks a Host header field and to any request message that contains more
 *   than one Host header field line");
 * - HTTP/2 with Host and :authority naming different authorities: 400 (RFC
 *   9113 §8.3.1: such a request is malformed; compared after RFC 3986 §6.2
 *   normalisation: case and the scheme's default port).
 */
function checkHead(fields: number, hostFields: number, h2Authority: string | undefined, host: string, scheme: string): InvalidHead | undefined {
  if (fields > MAX_REQUEST_FIELDS) return {status: 431, reason: `the request has more than ${MAX_REQUEST_FIELDS} header fields`}
  if (hostFields > 1) return {status: 400, reason: 'the request has more than one Host field'}
  if (h2Authority !== undefined && hostFields === 1 && sameAuthority(h2Authority, host, scheme) === false) {
    return {status: 400, reason: `the Host field "${host}" names another authority than :authority "${h2Authority}"`}
  }
  return undefined
}

function sameAuthority(a: string, b: string, scheme: string): boolean {
  const port = scheme === 'https' ? ':443' : ':80'
  const norm = (v: string) => {
    const l = v.trim().toLowerCase()
    return l.endsWith(port) ? l.slice(0, -port.length) : l
  }
  return norm(a) === norm(b)
}

/** The request target, by form (RFC 9112 §3.2). */
export type RequestTarget =
  | {readonly kind: 'origin'; readonly path: string}
  /** `GET http://shop.test/cart`: its authority replaces Host, the rest goes upstream as sent. */
  | {readonly kind: 'absolute'; readonly authority: string; readonly path: string}
  /** `OPTIONS *`. */
  | {readonly kind: 'asterisk'; readonly path: '*'}
  | {readonly kind: 'invalid'; readonly path: string; readonly reason: string}

/**
 * Classifies a request target: origin form (`/path?query`), absolute form
 * with an http or https URI (what clients send to a proxy, e.g. `curl -x`;
 * RFC 9112 §3.2.2), or the asterisk form, which only OPTIONS may use (RFC
 * 9112 §3.2.4). Anything else (another scheme, `*` with another method, no
 * leading slash; HTTP/2 allows only origin and asterisk forms in :path, RFC
 * 9113 §8.3.1) is invalid: 400, never forwarded.
 */
export function requestTarget(target: string, method: string, h2: boolean): RequestTarget {
  if (target.charCodeAt(0) === 47 /* '/' */) return {kind: 'origin', path: target}
  if (target === '*') return method === 'OPTIONS' ? {kind: 'asterisk', path: '*'} : {kind: 'invalid', path: target, reason: 'the asterisk-form target "*" is only for OPTIONS'}
  if (!h2) {
    const abs = absoluteTarget(target)
    if (abs) return {kind: 'absolute', ...abs}
  }
  return {kind: 'invalid', path: target, reason: `the request target "${target.slice(0, 100)}" is neither a path nor an http(s) URI`}
}

/**
 * A request target in absolute form (`GET http://shop.test/cart HTTP/1.1`,
 * what clients send to a proxy, e.g. `curl -x`): its authority replaces the
 * Host header and the origin form goes upstream (RFC 9112 §3.2.2).
 * Undefined for the usual origin form.
 */
export function absoluteTarget(target: string): {authority: string; path: string} | undefined {
  const m = /^https?:\/\/([^/?#]+)([^#]*)$/i.exec(target)
  if (!m) return undefined
  let url: URL
  try {
    url = new URL(`http://${m[1]}`)
  } catch {
    return undefined
  }
  // userinfo is not part of an http(s) target (RFC 9110 §4.2.4).
  if (!url.host || url.username || url.password) return undefined
  const rest = m[2]!
  return {authority: url.host, path: rest === '' ? '/' : rest.charCodeAt(0) === 47 ? rest : `/${rest}`}
}

/** Removes, in place, the fields named by a Connection header (other than its control options and the `keep` names). */
function stripConnectionListed(list: string[], connection: string, keep?: ReadonlySet<string>): void {
  // The usual value is a single control option (`keep-alive`, `close`): nothing to remove.
  if (connection.length <= 10 && CONTROL_TOKENS.has(connection.toLowerCase())) return
  let names: Set<string> | undefined
  for (const t of connection.split(',')) {
    const token = t.trim().toLowerCase()
    if (token && !CONTROL_TOKENS.has(token) && !keep?.has(token)) (names ??= new Set()).add(token)
  }
  if (!names) return
  let w = 0
  for (let r = 0; r < list.length; r += 2) {
    if (names.has(list[r]!.toLowerCase())) continue
    list[w++] = list[r]!
    list[w++] = list[r + 1]!
  }
  list.length = w
}


export interface ResponseHead {
  readonly list: string[]
  /** The upstream declared a Content-Length. */
  readonly hasLength: boolean
}

/** A raw field as received: undici hands over Buffers (latin1: the bytes as received), Node strings. */
export function latin1(v: string | Buffer): string {
  return typeof v === 'string' ? v : v.toString('latin1')
}

/**
 * Lengths of the response field names responseHead drops or looks at
 * (te 2, upgrade/trailer 7, connection/keep-alive 10, content-length 14,
 * proxy-connection 16, transfer-encoding 17, proxy-authenticate 18): other
 * names are copied without being lower-cased.
 */
const RESPONSE_NAME_LENGTHS = (1 << 2) | (1 << 7) | (1 << 10) | (1 << 14) | (1 << 16) | (1 << 17) | (1 << 18)

/**
 * Filters an upstream HTTP/1.1 response's raw fields for the client.
 * @param raw flat name/value list, as strings or as the received bytes (undici's raw header Buffers).
 * @param trailersOk the client hop can carry trailers (HTTP/2, or chunked HTTP/1.1).
 */
export function responseHead(raw: readonly (string | Buffer)[], trailersOk: boolean): ResponseHead {
  const list: string[] = []
  let connection = ''
  let hasLength = false
  let framed = false
  let trailer = ''
  for (let i = 0; i < raw.length; i += 2) {
    const name = latin1(raw[i]!)
    const value = latin1(raw[i + 1]!)
    if (name.length < 19 && (RESPONSE_NAME_LENGTHS & (1 << name.length)) !== 0) {
      switch (name.toLowerCase()) {
        case 'connection':
          connection = connection ? `${connection},${value}` : value
          continue
        case 'transfer-encoding':
          framed = true
          continue
        case 'keep-alive':
        case 'proxy-connection':
        case 'proxy-authenticate':
        case 'upgrade':
        case 'te':
          continue
        case 'trailer':
          trailer = trailer ? `${trailer}, ${value}` : value
          continue
        case 'content-length':
          hasLength = true
          break
      }
    }
    list.push(name, value)
  }
  if (connection) stripConnectionListed(list, connection)
  if (framed && hasLength) {
    // RFC 9112 §6.3: Transfer-Encoding frames the body and overrides Content-Length, which is never
    // relayed then; the gateway frames the body again for its client.
    removeField(list, 'content-length')
    hasLength = false
  }
  // Node refuses a Trailer field on a non-chunked HTTP/1.x message (ERR_HTTP_TRAILER_INVALID).
  if (trailer && trailersOk && !hasLength) list.push('trailer', trailer)
  return {list, hasLength}
}

/**
 * A request that named no host (HTTP/1.0 without Host, HTTP/2 without
 * :authority) still goes upstream with one, as nginx sends `$host`: "host name
 * from the request line, or host name from the Host request header field, or
 * the server name matching a request" (nginx.org/en/docs/http/ngx_http_core_module.html#var_host).
 * `host` is that server name; X-Forwarded-Host says the same.
 */
export function withHost(head: RequestHead, host: string): RequestHead {
  const list = head.list.slice()
  for (let i = 0; i < list.length; i += 2) if (list[i] === 'x-forwarded-host') list[i + 1] = host
  list.push('host', host)
  return {...head, list, upstreamHost: host}
}

/** Flat list → header object for HTTP/2 (lower-case names, repeated fields as arrays). */
export function listToObject(list: readonly string[], into: OutgoingHttpHeaders = {}): OutgoingHttpHeaders {
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toLowerCase()
    const value = list[i + 1]!
    const prev = into[name]
    if (prev === undefined) into[name] = value
    else if (Array.isArray(prev)) prev.push(value)
    else into[name] = [String(prev), value]
  }
  return into
}

const H2_RESPONSE_DROP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'transfer-encoding', 'upgrade', 'te'])

/** HTTP/2 upstream response headers → flat list for the client (pseudo-headers and hop-by-hop dropped). */
export function h2ResponseToList(headers: IncomingHttpHeaders, trailersOk: boolean): ResponseHead {
  const list: string[] = []
  let hasLength = false
  for (const name of Object.keys(headers)) {
    if (name.charCodeAt(0) === 58 || H2_RESPONSE_DROP.has(name)) continue
    const v = headers[name]
    if (v === undefined) continue
    if (name === 'content-length') hasLength = true
    if (name === 'trailer' && (!trailersOk || headers['content-length'] !== undefined)) continue
    if (Array.isArray(v)) for (const one of v) list.push(name, one)
    else list.push(name, v)
  }
  return {list, hasLength}
}

/** Request fields for an HTTP/2 upstream, from the HTTP/1.1-style list built by requestHead. */
export function h2RequestHeaders(head: RequestHead, method: string, path: string, scheme: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {':method': method, ':path': path, ':scheme': scheme, ':authority': head.upstreamHost ?? head.host}
  const list = head.list
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toLowerCase()
    if (name === 'host' || name === 'transfer-encoding' || name === 'connection' || name === 'upgrade') continue
    const value = list[i + 1]!
    const prev = out[name]
    if (prev === undefined) out[name] = value
    else if (Array.isArray(prev)) prev.push(value)
    else out[name] = [String(prev), value]
  }
  return out
}

/** Trailer object (HTTP/2 style) without pseudo/hop-by-hop fields, or undefined when empty. */
export function cleanTrailers(t: IncomingHttpHeaders | NodeJS.Dict<string | string[]>): Record<string, string | string[]> | undefined {
  let out: Record<string, string | string[]> | undefined
  for (const name of Object.keys(t)) {
    if (name.charCodeAt(0) === 58 || H2_RESPONSE_DROP.has(name)) continue
    const v = t[name]
    if (v === undefined) continue
    ;(out ??= {})[name] = v
  }
  return out
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function clientAddress(addr: string | undefined): string {
  if (!addr) return ''
  return addr.startsWith('::ffff:') && addr.includes('.') ? addr.slice(7) : addr
}
