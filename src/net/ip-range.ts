/**
 * IPv4/IPv6 addresses and CIDR ranges as nginx's access and realip modules
 * read them, and the client address ingress-nginx derives from a request.
 * Pure: no I/O, plain strings in and out.
 */
import {isIPv4, isIPv6} from 'node:net'

/** An address as a number in its family (IPv4-mapped IPv6 addresses count as IPv4, as nginx compares them). */
export interface Ip {
  readonly v: 4 | 6
  readonly n: bigint
}

export interface IpRange extends Ip {
  readonly bits: number
}

export function parseIp(text: string): Ip | undefined {
  let s = text.trim()
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1)
  if (isIPv4(s)) return {v: 4, n: v4(s)}
  if (!isIPv6(s)) return undefined
  const zone = s.indexOf('%')
  if (zone !== -1) s = s.slice(0, zone)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s)
  if (mapped) return {v: 4, n: v4(mapped[1]!)}
  const lastColon = s.lastIndexOf(':')
  const dotted = s.slice(lastColon + 1)
  if (dotted.includes('.')) {
    const n = v4(dotted)
    s = `${s.slice(0, lastColon + 1)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`
  }
  const [head, rest] = s.split('::') as [string, string | undefined]
  const hs = head === '' ? [] : head.split(':').map((h) => BigInt(`0x${h}`))
  const rs = rest === undefined || rest === '' ? [] : rest.split(':').map((h) => BigInt(`0x${h}`))
  const groups = [...hs]
  if (rest !== undefined) for (let i = hs.length + rs.length; i < 8; i++) groups.push(0n)
  groups.push(...rs)
  let n = 0n
  for (const g of groups) n = (n << 16n) | g
  return {v: 6, n}
}

function v4(s: string): bigint {
  return s.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n)
}

/** `ADDR` or `ADDR/BITS`; undefined when it is neither. Host bits are ignored, as nginx's `allow`/`deny` do. */
export function parseRange(text: string): IpRange | undefined {
  const s = text.trim()
  const slash = s.indexOf('/')
  const ip = parseIp(slash === -1 ? s : s.slice(0, slash))
  if (!ip) return undefined
  // An IPv4-mapped address written as IPv6 keeps IPv6 prefix lengths.
  const written6 = (slash === -1 ? s : s.slice(0, slash)).includes(':')
  const max = written6 ? 128 : 32
  let bits = max
  if (slash !== -1) {
    const b = s.slice(slash + 1)
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) return undefined
    bits = Number(b)
  }
  if (written6 && ip.v === 4) {
    if (bits < 96) return {v: 6, n: (0xffffn << 32n) | ip.n, bits}
    bits -= 96
  }
  return {...ip, bits}
}

export function inRange(ip: Ip, range: IpRange): boolean {
  if (ip.v !== range.v && !(range.v === 6 && range.bits < 96)) return false
  const width = BigInt(range.v === 4 ? 32 : 128)
  const n = ip.v === range.v ? ip.n : (0xffffn << 32n) | ip.n
  const shift = width - BigInt(range.bits)
  return n >> shift === range.n >> shift
}

export function inAny(ip: Ip, ranges: readonly string[]): boolean {
  for (const r of ranges) {
    const range = parseRange(r)
    if (range && inRange(ip, range)) return true
  }
  return false
}

/** One entry of a forwarded-for list: an address, optionally with a port (`1.2.3.4:80`, `[::1]:80`). */
function forwardedEntry(text: string): Ip | undefined {
  const s = text.trim()
  const direct = parseIp(s)
  if (direct) return direct
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(s)
  if (v6) return parseIp(v6[1]!)
  const v4p = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(s)
  return v4p ? parseIp(v4p[1]!) : undefined
}

/**
 * The client address ingress-nginx sees (`$remote_addr`, which `allow`/`deny`
 * test). Without use-forwarded-headers it is the TCP peer. With it,
 * nginx.tmpl sets `real_ip_header <forwarded-for-header>`,
 * `set_real_ip_from <proxy-real-ip-cidr>` for each range and
 * `real_ip_recursive on`; ngx_http_realip_module then (when the peer is
 * trusted) takes the header's addresses from the right, skipping trusted ones:
 * the first untrusted address is the client, or the leftmost when every one
 * is trusted. A peer outside the trusted ranges, a missing header or an entry
 * that is not an address leaves the peer (ngx_http_get_forwarded_addr declines).
 */
export function realClientIp(peer: string, forwardedFor: string | undefined, trusted: readonly string[] | undefined): string {
  if (trusted === undefined || forwardedFor === undefined) return peer
  const p = parseIp(peer)
  if (!p || !inAny(p, trusted)) return peer
  const entries = forwardedFor.split(',')
  let found: string | undefined
  for (let i = entries.length - 1; i >= 0; i--) {
    const text = entries[i]!.trim()
    if (text === '') continue
    const ip = forwardedEntry(text)
    if (!ip) return peer
    found = text
    if (!inAny(ip, trusted)) break
  }
  if (found === undefined) return peer
  return formatEntry(found)
}

function formatEntry(text: string): string {
  if (parseIp(text)) return text.replace(/^\[|\]$/g, '')
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(text)
  if (v6) return v6[1]!
  return text.replace(/:\d+$/, '')
}
