import {stringAnnotation} from './nginx-kinds.js'

/** `proxy-cookie-domain`: `proxy_cookie_domain <from> <to>` (nginx.tmpl); `off` changes nothing. */
export const proxyCookieDomain = stringAnnotation(
  'proxy-cookie-domain',
  {
    summary: 'Set-Cookie domain rewriting ("FROM TO")',
    values: ['FROM TO', 'off'],
    defaultValue: 'off',
    docs: 'A `Set-Cookie` from the upstream whose `domain=` equals FROM (case-insensitive, leading dot ignored) gets TO. Default: ConfigMap `proxy-cookie-domain` (`off`).',
    hint: 'Write two words, e.g. "localhost example.org", or off.',
  },
  cookieRuleProblem,
)

export function cookieRuleProblem(v: string): string | undefined {
  if (v === 'off') return undefined
  return v.split(/\s+/).length === 2 ? undefined : 'expected "off" or two words: FROM TO'
}
