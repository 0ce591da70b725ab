/**
 * The path a request is matched on: the request target normalised exactly as
 * nginx normalises the URI before it selects a location, so that a route
 * table guards what ingress-nginx's locations guard. The request itself is
 * forwarded as sent (ingress-nginx's `proxy_pass` has no URI part, so nginx
 * passes the request line unchanged too).
 *
 * Source: nginx src/http/ngx_http_parse.c, ngx_http_parse_complex_uri() (the
 * state machine below follows it state by state) and the request-line checks
 * of ngx_http_parse_request_line() / ngx_http_parse_uri(); merge_slashes is
 * on, nginx's default (https://nginx.org/en/docs/http/ngx_http_core_module.html#merge_slashes),
 * and ingress-nginx's nginx.tmpl does not change it.
 *
 * - Everything from the first raw `?` (the query) or `#` on takes no part.
 * - Every `%XX` escape is decoded, `%2F` included. A decoded byte is then read
 *   as if it had been sent raw, so `%2F` separates segments and `%2E%2E` is a
 *   dot segment; except that a decoded `%`, `#` or `?` is a plain character.
 * - `//` is merged to `/`; `/./` is removed; `/seg/../` removes `seg`; a
 *   trailing `/.` or `/..` leaves the trailing slash (`/a/b/..` → `/a/`).
 * - Rejected, where nginx answers 400: `..` above the root (`/..`, `/a/../..`),
 *   an invalid escape (`%zz`, `%4`, a trailing `%`), a decoded NUL (`%00`), a
 *   raw control character, space or DEL in the path.
 *
 * nginx compares bytes; Ingress rule paths are text. The result is text: a
 * valid UTF-8 sequence becomes its character; a byte that is not valid UTF-8,
 * a control character or DEL, and a literal `%`, `?` or `#` (only reachable
 * through an escape) are written back as `%XX` (upper case), so the result is
 * unambiguous and never contains a query or fragment delimiter.
 */

/** The outcome of normalising one request target. */
export type PathNormalization =
  | {readonly path: string; readonly rejected?: undefined}
  | {readonly path?: undefined; readonly rejected: string}

/** How the target string holds its bytes. */
export type TargetEncoding =
  /** One character per byte (what node:http gives as `req.url`). */
  | 'latin1'
  /** Text: characters above U+007F are sent as their UTF-8 bytes (a URL typed on a command line). */
  | 'utf8'

/**
 * The hot-path form: the normalised path, or undefined when nginx would answer
 * 400. A target with nothing to normalise (no `%`, `//`, `/.`, control or
 * non-ASCII character before the query) is returned without the query and
 * without copying.
 */
export function matchPath(target: string): string | undefined {
  const n = target.length
  if (n === 0 || target.charCodeAt(0) !== 47 /* / */) return normalizeRequestPath(target).path
  let prev = 47
  let end = n
  for (let i = 1; i < n; i++) {
    const c = target.charCodeAt(i)
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i
      break
    }
    if (c === 37 /* % */ || c <= 0x20 || c >= 0x7f || (prev === 47 && (c === 47 || c === 46 /* . */))) return normalizeRequestPath(target).path
    prev = c
  }
  if (end === n) return target
  for (let i = end + 1; i < n; i++) {
    const c = target.charCodeAt(i)
    if (c <= 0x20 || c === 0x7f) return undefined
  }
  return target.slice(0, end)
}

/** Normalises a request target (origin-form path, query allowed) as nginx does; see the module comment. */
export function normalizeRequestPath(target: string, encoding: TargetEncoding = 'latin1'): PathNormalization {
  const bytes = toBytes(target, encoding)
  // Raw characters nginx refuses in the request line (ngx_http_parse_request_line:
  // "ch < 0x20 || ch == 0x7f" → 400; a space ends the target there, and
  // ngx_http_parse_uri, used for HTTP/2 :path, refuses "ch <= 0x20"), query
  // and fragment included.
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!
    if (c <= 0x20 || c === 0x7f) return {rejected: `the target contains ${describeByte(c)}`}
  }
  const out = normalizeBytes(bytes)
  return typeof out === 'string' ? {rejected: out} : {path: toText(out)}
}

const enum S {
  Usual,
  Slash,
  Dot,
  DotDot,
  Quoted,
  QuotedSecond,
}

/** nginx's `usual` table: characters that need no attention (not / ? # % . + and not controls, space or DEL). */
function usual(c: number): boolean {
  if (c >= 0x80) return true
  if (c <= 0x20 || c === 0x7f) return false
  return c !== 47 && c !== 63 && c !== 35 && c !== 37 && c !== 46 && c !== 43
}

/** ngx_http_parse_complex_uri with merge_slashes on, on bytes; the normalised bytes, or why nginx answers 400. */
function normalizeBytes(b: Uint8Array): Uint8Array | string {
  const n = b.length
  // Room for a leading slash: a target without one (`?q`, or a relative path
  // from a command line) is read as if it had one; nginx's empty_path_in_uri.
  const u = new Uint8Array(n + 1)
  let w = 0
  let i = 0
  let state: S = S.Usual
  let quotedState: S = S.Usual
  let decoded = 0
  if (n === 0 || b[0] !== 47) {
    u[w++] = 47
    state = S.Slash
  }
  const END = -1
  let ch = i < n ? b[i++]! : END
  const up = (): number | undefined => {
    // "u -= 4" then back to the previous slash: removes "seg/.." (u ends with "/..").
    let k = w - 4
    for (;;) {
      if (k < 0) return undefined
      if (u[k] === 47) return k + 1
      k--
    }
  }
  loop: while (ch !== END) {
    switch (state) {
      case S.Usual:
        if (usual(ch)) {
          u[w++] = ch
        } else if (ch === 47) {
          state = S.Slash
          u[w++] = ch
        } else if (ch === 37) {
          quotedState = state
          state = S.Quoted
        } else if (ch === 63 || ch === 35) {
          break loop
        } else {
          u[w++] = ch // '.', '+', and decoded control characters
        }
        ch = i < n ? b[i++]! : END
        break
      case S.Slash:
        if (usual(ch)) {
          state = S.Usual
          u[w++] = ch
        } else if (ch === 47) {
          // merge_slashes on: a second slash is dropped.
        } else if (ch === 46) {
          state = S.Dot
          u[w++] = ch
        } else if (ch === 37) {
          quotedState = state
          state = S.Quoted
        } else if (ch === 63 || ch === 35) {
          break loop
        } else {
          state = S.Usual
          u[w++] = ch
        }
        ch = i < n ? b[i++]! : END
        break
      case S.Dot:
        if (usual(ch)) {
          state = S.Usual
          u[w++] = ch
        } else if (ch === 47) {
          // "/./": drop the dot.
          state = S.Slash
          w--
        } else if (ch === 46) {
          state = S.DotDot
          u[w++] = ch
        } else if (ch === 37) {
          quotedState = state
          state = S.Quoted
        } else if (ch === 63 || ch === 35) {
          w--
          break loop
        } else {
          state = S.Usual
          u[w++] = ch
        }
        ch = i < n ? b[i++]! : END
        break
      case S.DotDot:
        if (usual(ch)) {
          state = S.Usual
          u[w++] = ch
        } else if (ch === 47 || ch === 63 || ch === 35) {
          const k = up()
          if (k === undefined) return '".." goes above the root of the path'
          w = k
          if (ch !== 47) break loop
          state = S.Slash
        } else if (ch === 37) {
          quotedState = state
          state = S.Quoted
        } else {
          state = S.Usual
          u[w++] = ch
        }
        ch = i < n ? b[i++]! : END
        break
      case S.Quoted: {
        const h = hex(ch)
        if (h < 0) return 'a "%" is not followed by two hexadecimal digits'
        decoded = h
        state = S.QuotedSecond
        ch = i < n ? b[i++]! : END
        break
      }
      case S.QuotedSecond: {
        const h = hex(ch)
        if (h < 0) return 'a "%" is not followed by two hexadecimal digits'
        ch = (decoded << 4) + h
        if (ch === 37 || ch === 35 || ch === 63) {
          // A decoded "%", "#" or "?" is a plain character.
          state = S.Usual
          u[w++] = ch
          ch = i < n ? b[i++]! : END
          break
        }
        if (ch === 0) return 'it contains an escaped NUL (%00)'
        // Any other decoded byte is read again as if sent raw (not advancing).
        state = quotedState
        break
      }
    }
  }
  if (ch === END) {
    if (state === S.Quoted || state === S.QuotedSecond) return 'a "%" is not followed by two hexadecimal digits'
    if (state === S.Dot) {
      w-- // trailing "/." → "/"
    } else if (state === S.DotDot) {
      const k = up()
      if (k === undefined) return '".." goes above the root of the path'
      w = k
    }
  }
  return u.subarray(0, w)
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const l = c | 0x20
  if (l >= 97 && l <= 102) return l - 87
  return -1
}

function toBytes(target: string, encoding: TargetEncoding): Uint8Array {
  if (encoding === 'utf8') return Buffer.from(target, 'utf8')
  // latin1: a character above U+00FF cannot come from a byte; send it as UTF-8.
  for (let i = 0; i < target.length; i++) if (target.charCodeAt(i) > 0xff) return Buffer.from(target, 'utf8')
  return Buffer.from(target, 'latin1')
}

const HEX = '0123456789ABCDEF'

function pct(c: number): string {
  return `%${HEX[c >> 4]}${HEX[c & 15]}`
}

function describeByte(c: number): string {
  return c === 0x20 ? 'a space' : c === 0 ? 'a NUL byte' : `the control character ${pct(c)}`
}

/** Normalised bytes → text: ASCII as is (except % ? # and controls), valid UTF-8 decoded, anything else %XX. */
function toText(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; ) {
    const c = b[i]!
    if (c < 0x80) {
      s += c < 0x20 || c === 0x7f || c === 37 || c === 63 || c === 35 ? pct(c) : String.fromCharCode(c)
      i++
      continue
    }
    const len = utf8Length(b, i)
    if (len === 0) {
      s += pct(c)
      i++
      continue
    }
    s += Buffer.from(b.subarray(i, i + len)).toString('utf8')
    i += len
  }
  return s
}

/** Length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or 0. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]!
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k]
    return x !== undefined && x >= lo && x <= hi
  }
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0
  return 0
}
