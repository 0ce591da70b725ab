import {cookieRuleProblem} from './proxy-cookie-domain.js'
import {stringAnnotation} from './nginx-kinds.js'

/** `proxy-cookie-path`: `proxy_cookie_path <from> <to>` (nginx.tmpl); `off` changes nothing. */
export const proxyCookiePath = stringAnnotation(
  'proxy-cookie-path',
  {
    summary: 'Set-Cookie path rewriting ("FROM TO")',
    values: ['FROM TO', 'off'],
    defaultValue: 'off',
    docs: 'A `Set-Cookie` from the upstream whose `path=` starts with FROM gets TO in its place. Default: ConfigMap `proxy-cookie-path` (`off`).',
    hint: 'Write two words, e.g. "/two/ /", or off.',
  },
  cookieRuleProblem,
)
