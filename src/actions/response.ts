/**
 * The response side of a route's actions, applied to a flat header list
 * (name, value, name, value…) before it goes to the client:
 * - `Strict-Transport-Security` set on HTTPS answers (lua_ingress.lua's
 *   header filter replaces what the upstream sent);
 * - `proxy_redirect from to`: a Location or Refresh value starting with
 *   `from` (case-sensitive) gets `to` in its place;
 * - `proxy_cookie_domain from to`: a Set-Cookie `domain=` equal to `from`
 *   (case-insensitive, a leading dot ignored) becomes `to`;
 * - `proxy_cookie_path from to`: a Set-Cookie `path=` starting with `from`
 *   gets `to` in its place.
 * Reference: https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_redirect
 */
import {removeField} from '../model/field-list.js'
import type {ResponseAction} from './types.js'

export function applyResponse(list: string[], actions: ReadonlyArray<ResponseAction>): string[] {
  if (actions.length === 0) return list
  for (const a of actions) {
    if (a.type === 'hsts') {
      removeField(list, 'strict-transport-security')
      list.push('strict-transport-security', a.value)
      continue
    }
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i]!.toLowerCase()
      const value = list[i + 1]!
      if (a.type === 'proxy-redirect') {
        if (name === 'location' && value.startsWith(a.from)) list[i + 1] = a.to + value.slice(a.from.length)
        else if (name === 'refresh') list[i + 1] = refresh(value, a.from, a.to)
      } else if (name === 'set-cookie') {
        list[i + 1] = a.type === 'cookie-domain' ? cookieDomain(value, a.from, a.to) : cookiePath(value, a.from, a.to)
      }
    }
  }
  return list
}


/** `Refresh: 5; url=http://...`: the URL after `url=` is rewritten like a Location. */
function refresh(value: string, from: string, to: string): string {
  const m = /url=/i.exec(value)
  if (!m) return value
  const at = m.index + m[0].length
  return value.slice(at).startsWith(from) ? value.slice(0, at) + to + value.slice(at + from.length) : value
}

function cookieAttribute(value: string, attr: string, rewrite: (v: string) => string | undefined): string {
  const re = new RegExp(`(;\\s*${attr}=)([^;]*)`, 'i')
  const m = re.exec(value)
  if (!m) return value
  const next = rewrite(m[2]!)
  if (next === undefined) return value
  return value.slice(0, m.index) + m[1] + next + value.slice(m.index + m[0].length)
}

function cookieDomain(value: string, from: string, to: string): string {
  const want = (from.startsWith('.') ? from.slice(1) : from).toLowerCase()
  return cookieAttribute(value, 'domain', (d) => ((d.startsWith('.') ? d.slice(1) : d).toLowerCase() === want ? to : undefined))
}

function cookiePath(value: string, from: string, to: string): string {
  return cookieAttribute(value, 'path', (p) => (p.startsWith(from) ? to + p.slice(from.length) : undefined))
}
