/**
 * The request `match` asks about, from its URL argument and --header flags.
 *
 * Accepted URL forms: `http://host[:port]/path?query`, `https://…`,
 * `host[:port]/path`, `host`, and `/path` (no host: only rules without host
 * and the default backend can match, unless --header Host: gives one).
 * The path is kept exactly as written: it is the target a client would send
 * and the gateway forwards; runMatch matches on its nginx normalisation
 * (table/normalize-path.ts).
 */
import {UsageError} from '../errors.js'
import {parseIp} from '../net/ip-range.js'

/** The client address `match` assumes without --client-ip: a client on the gateway's own machine. */
export const DEFAULT_CLIENT_IP = '127.0.0.1'

export interface MatchRequest {
  /** The URL argument as given. */
  readonly url: string
  readonly scheme?: 'http' | 'https'
  /** Host to match, possibly with a port and in any case ('' when none was given). */
  readonly host: string
  readonly hostFrom: 'url' | 'header' | 'none'
  /** Path with its query string, as written. */
  readonly path: string
  /** The request body's declared size (`--content-length`), checked against proxy-body-size; absent: no body. */
  readonly contentLength?: number
  /** The client's address (--client-ip), which access lists test. */
  readonly clientIp: string
  /** The other --header fields, in order (X-Forwarded-For counts with use-forwarded-headers). */
  readonly fields: ReadonlyArray<readonly [string, string]>
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//

export function parseMatchRequest(url: string, headers: readonly string[] = [], clientIp: string = DEFAULT_CLIENT_IP): MatchRequest {
  if (parseIp(clientIp) === undefined) throw new UsageError(`--client-ip ${JSON.stringify(clientIp)} is not an IP address`, 'give an IPv4 or IPv6 address, e.g. --client-ip 203.0.113.7 or --client-ip 2001:db8::1')
  const fields: Array<readonly [string, string]> = []
  if (url.trim() === '') throw new UsageError('empty URL', 'give a URL such as http://shop.example.com/cart or /cart')
  if (/\s/.test(url)) throw new UsageError(`URL ${JSON.stringify(url)} contains whitespace`, 'percent-encode spaces in the path (%20)')
  let rest = url
  let scheme: 'http' | 'https' | undefined
  const m = SCHEME.exec(url)
  if (m) {
    const s = m[1]!.toLowerCase()
    if (s !== 'http' && s !== 'https') throw new UsageError(`URL ${JSON.stringify(url)}: scheme ${m[1]} is not served by an Ingress`, 'use http:// or https://')
    scheme = s
    rest = url.slice(m[0].length)
  }
  let host = ''
  let path = rest
  if (scheme || !rest.startsWith('/')) {
    const end = firstOf(rest, '/?#')
    let authority = rest.slice(0, end)
    path = rest.slice(end)
    const at = authority.lastIndexOf('@')
    if (at !== -1) authority = authority.slice(at + 1)
    if (authority === '') throw new UsageError(`URL ${JSON.stringify(url)} has no host`, 'write http://HOST/PATH, HOST/PATH, or just /PATH')
    checkAuthority(authority, url)
    host = authority
  }
  if (path === '' || path.startsWith('?') || path.startsWith('#')) path = `/${path}`
  let hostFrom: MatchRequest['hostFrom'] = host ? 'url' : 'none'
  for (const h of headers) {
    const colon = h.indexOf(':')
    const name = colon === -1 ? '' : h.slice(0, colon).trim()
    if (colon === -1 || name === '' || /\s/.test(name)) {
      throw new UsageError(`--header ${JSON.stringify(h)}: not a "Name: value" header`, 'write it as --header "Host: shop.example.com"')
    }
    const value = h.slice(colon + 1).trim()
    if (name.toLowerCase() !== 'host') {
      // Ingress rules match only host and path; other headers matter only to actions (X-Forwarded-For with access lists).
      fields.push([name, value])
      continue
    }
    if (value === '') throw new UsageError('--header Host: the value is empty', 'write it as --header "Host: shop.example.com"')
    checkAuthority(value, `Host: ${value}`)
    host = value
    hostFrom = 'header'
  }
  return {url, ...(scheme ? {scheme} : {}), host, hostFrom, path, clientIp: clientIp.trim(), fields}
}

function firstOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i
  return s.length
}

function checkAuthority(authority: string, where: string): void {
  let port: string | undefined
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']')
    if (close === -1) throw new UsageError(`${JSON.stringify(where)}: unterminated IPv6 address`, 'write IPv6 hosts in brackets, e.g. http://[::1]:8080/')
    const after = authority.slice(close + 1)
    if (after !== '' && !after.startsWith(':')) throw new UsageError(`${JSON.stringify(where)}: unexpected text after the IPv6 address`, 'write http://[::1]:8080/PATH')
    port = after === '' ? undefined : after.slice(1)
  } else {
    const colon = authority.indexOf(':')
    if (colon !== -1) port = authority.slice(colon + 1)
    const name = colon === -1 ? authority : authority.slice(0, colon)
    if (name === '' || !/^[A-Za-z0-9*._~-]+\.?$/.test(name)) {
      throw new UsageError(`${JSON.stringify(where)}: ${JSON.stringify(name)} is not a host name`, 'use a DNS name such as shop.example.com (with an optional :PORT)')
    }
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
    throw new UsageError(`${JSON.stringify(where)}: port ${JSON.stringify(port)} is not a number from 0 to 65535`, 'write HOST:PORT, e.g. shop.example.com:8080')
  }
}
