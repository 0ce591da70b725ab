import {NGINX_PREFIX, normalizeString} from './nginx-kinds.js'
import type {AnnotationDefinition} from './types.js'

const KEY = `${NGINX_PREFIX}custom-http-errors`

/**
 * `custom-http-errors`: upstream answers with these statuses are replaced by
 * the default backend's answer (`proxy_intercept_errors on` + `error_page
 * CODE = @custom_…`, nginx.tmpl): the request goes there as `/` with X-Code,
 * X-Format, X-Original-URI, X-Namespace, X-Ingress-Name, X-Service-Name,
 * X-Service-Port, X-Request-ID. Parsed as customhttperrors/main.go does
 * (comma-separated integers, blanks skipped).
 */
export const customHttpErrors: AnnotationDefinition<readonly number[]> = {
  key: KEY,
  summary: 'Statuses answered by the default backend instead of the upstream',
  values: ['comma-separated status codes'],
  docs: 'Upstream answers with one of these statuses are replaced by the answer of the `default-backend` Service, asked for `/` with the X-Code, X-Format, X-Original-URI and X-Service-* headers ingress-nginx sends. Without `default-backend` ingress-nginx uses its controller default backend, which ingressctl does not have: the upstream answer is kept.',
  parse(raw) {
    const codes: number[] = []
    for (const part of normalizeString(raw).split(',')) {
      const t = part.trim()
      if (t === '') continue
      if (!/^[+-]?\d+$/.test(t)) {
        return {ok: false, problem: {rule: 'invalid-annotation', message: `${KEY}: invalid HTTP status code ${JSON.stringify(t)}; ingress-nginx ignores the annotation`, hint: 'Write status codes separated by commas, e.g. "404,503".'}}
      }
      codes.push(Number(t))
    }
    if (codes.length === 0) return {ok: false, problem: {rule: 'invalid-annotation', message: `${KEY}: no status code given`, hint: 'Write status codes separated by commas, e.g. "404,503".'}}
    return {ok: true, value: codes}
  },
}
