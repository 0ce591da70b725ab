/**
 * nginx's location selection for one ingress-nginx server
 * (https://nginx.org/en/docs/http/ngx_http_core_module.html#location;
 * ngx_http_core_find_location and ngx_http_core_find_static_location):
 *
 * 1. an exact location (`=`) equal to the URI is selected at once;
 * 2. else, when the URI plus `/` names a location (proxy_pass sets
 *    auto_redirect on a location whose name ends with `/`), nginx answers
 *    301 to the URI with the slash;
 * 3. else the longest prefix location that is a prefix of the URI is
 *    remembered (and selected at once when it is `^~`);
 * 4. regex locations are tried in the order they are written: the first
 *    that matches is selected;
 * 5. else the remembered prefix location.
 *
 * Matching is done on the normalized URI (percent-decoded, adjacent slashes
 * merged, `.` and `..` segments resolved) and, for static locations,
 * case-sensitively; `~*` regexes are caseless.
 */
import type {LocationMatch, NginxLocation, NginxServer} from '../model/locations.js'
import type {Route} from '../model/routes.js'
import {toSubject} from '../compiler/nginx/pcre.js'

/** Bytes of a request path as received (code units up to 0xFF are bytes; others UTF-8). */
function pathBytes(path: string): number[] {
  const out: number[] = []
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i)
    if (c < 0x100) out.push(c)
    else for (const b of Buffer.from(path.slice(i, i + (c >= 0xd800 && c < 0xdc00 ? 2 : 1)), 'utf8')) out.push(b)
    if (c >= 0xd800 && c < 0xdc00) i++
  }
  return out
}

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1
  if (b >= 48 && b <= 57) return b - 48
  const l = b | 0x20
  return l >= 97 && l <= 102 ? l - 87 : -1
}

/**
 * The URI nginx matches locations against, as a subject string (pcre.ts
 * toSubject), or undefined when nginx answers 400 (a `..` above the root, a
 * `%` not followed by two hex digits).
 */
export function nginxUri(path: string): string | undefined {
  const raw = pathBytes(path)
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!
    if (b !== 37 /* % */) {
      bytes.push(b)
      continue
    }
    const hi = hexValue(raw[i + 1])
    const lo = hexValue(raw[i + 2])
    if (hi < 0 || lo < 0) return undefined
    bytes.push(hi * 16 + lo)
    i += 2
  }
  // merge_slashes (on by default) drops empty segments; `.` is dropped, `..` removes the previous one.
  const parts = toSubject(bytes).split('/')
  const out: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    if (p === '' || p === '.') continue
    if (p === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(p)
  }
  const last = parts[parts.length - 1]!
  const trailing = parts.length > 1 && (last === '' || last === '.' || last === '..')
  return out.length === 0 ? '/' : `/${out.join('/')}${trailing ? '/' : ''}`
}

interface CompiledRegex {
  readonly loc: NginxLocation
  readonly re: RegExp | undefined
  /** A lower-case literal every match starts with (a quick rejection before running the regex), or ''. */
  readonly lead: string
}

/** The literal start of `^…` (lower case), when every match must begin with it. */
function literalLead(pcre: string): string {
  if (!pcre.startsWith('^') || pcre.includes('|')) return ''
  let i = 1
  let lead = ''
  while (i < pcre.length && /[A-Za-z0-9/_\-~!@%&=:;,<>'"`]/.test(pcre[i]!)) lead += pcre[i++]!
  // A quantifier after the last literal makes it optional or repeated.
  if (i < pcre.length && /[*?+{]/.test(pcre[i]!)) lead = lead.slice(0, -1)
  return nameSubject(lead).toLowerCase()
}

/** A location name (text from the manifest) as nginx.conf holds it: its UTF-8 bytes, as a subject string. */
function nameSubject(name: string): string {
  return toSubject(Buffer.from(name, 'utf8'))
}

export interface NginxHit {
  readonly location: NginxLocation
  readonly match: LocationMatch
}

/** The compiled locations of one server: selection as nginx does it. */
export class NginxServerMatcher {
  private readonly exact = new Map<string, NginxLocation>()
  /** Prefix and `^~` locations, longest first. */
  private readonly prefixes: Array<{readonly loc: NginxLocation; readonly path: string}> = []
  private readonly regexes: CompiledRegex[] = []
  /** Static location names, for the trailing-slash redirect. */
  private readonly names = new Set<string>()
  readonly routes: Route[]

  constructor(readonly server: NginxServer) {
    const routes = new Set<Route>()
    for (const loc of server.locations) {
      if (loc.route) routes.add(loc.route)
      if (loc.modifier === '~' || loc.modifier === '~*') {
        const re = loc.regex && 'source' in loc.regex ? new RegExp(loc.regex.source, loc.regex.flags) : undefined
        this.regexes.push({loc, re, lead: loc.modifier === '~*' ? literalLead(loc.path) : ''})
        continue
      }
      const path = nameSubject(loc.path)
      this.names.add(path)
      if (loc.modifier === '=') {
        if (!this.exact.has(path)) this.exact.set(path, loc)
      } else this.prefixes.push({loc, path})
    }
    this.prefixes.sort((a, b) => b.path.length - a.path.length)
    this.routes = [...routes]
  }

  /** The location serving `uri` (from nginxUri), or undefined when none does. */
  select(uri: string): NginxHit | undefined {
    const exact = this.exact.get(uri)
    if (exact) return {location: exact, match: {modifier: '=', path: exact.path, uri}}
    if (this.names.has(`${uri}/`)) {
      const loc = this.exact.get(`${uri}/`) ?? this.prefixes.find((p) => p.path === `${uri}/`)!.loc
      return {location: loc, match: {modifier: loc.modifier, path: loc.path, uri, slashRedirect: true}}
    }
    const prefix = this.longestPrefix(uri)
    if (prefix && prefix.modifier === '^~') return {location: prefix, match: {modifier: '^~', path: prefix.path, uri}}
    const hit = this.firstRegex(uri)
    if (hit) return hit
    if (prefix) return {location: prefix, match: {modifier: prefix.modifier, path: prefix.path, uri}}
    return undefined
  }

  longestPrefix(uri: string): NginxLocation | undefined {
    for (const p of this.prefixes) if (uri.startsWith(p.path)) return p.loc
    return undefined
  }

  private firstRegex(uri: string): NginxHit | undefined {
    let lower: string | undefined
    for (const r of this.regexes) {
      if (r.re === undefined) continue
      if (r.lead !== '' && !(lower ??= uri.toLowerCase()).startsWith(r.lead)) continue
      const m = r.re.exec(uri)
      if (m) return {location: r.loc, match: {modifier: r.loc.modifier, path: r.loc.path, regex: {source: r.re.source, flags: r.re.flags}, captures: [...m], uri}}
    }
    return undefined
  }

  /** Whether one location matches `uri` on its own (explain). */
  matches(loc: NginxLocation, uri: string): boolean | undefined {
    if (loc.modifier === '~' || loc.modifier === '~*') {
      const r = this.regexes.find((x) => x.loc === loc)
      return r?.re ? r.re.test(uri) : undefined
    }
    const path = nameSubject(loc.path)
    return loc.modifier === '=' ? uri === path : uri.startsWith(path)
  }
}
