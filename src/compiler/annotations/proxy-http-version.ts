import {NGINX_PREFIX, normalizeString} from './nginx-kinds.js'
import type {AnnotationDefinition} from './types.js'

const KEY = `${NGINX_PREFIX}proxy-http-version`

/**
 * `proxy-http-version`: nginx's proxy_http_version, 1.0 or 1.1 (default 1.1).
 * ingressctl speaks HTTP/1.1 to HTTP upstreams, so 1.0 is reported as not applied.
 */
export const proxyHttpVersion: AnnotationDefinition<string> = {
  key: KEY,
  summary: 'HTTP version spoken upstream (ingressctl: 1.1)',
  values: ['1.0', '1.1'],
  defaultValue: '1.1',
  docs: 'The HTTP version nginx speaks to the upstream. ingressctl speaks HTTP/1.1 whatever the value; `1.0` is reported as not applied.',
  parse(raw) {
    const v = normalizeString(raw)
    if (v === '1.1') return {ok: true, value: v}
    if (v === '1.0') {
      return {
        ok: false,
        problem: {
          rule: 'unsupported-annotation-value',
          message: `${KEY}: 1.0 is not applied by ingressctl; the upstream is spoken to over HTTP/1.1`,
          hint: 'Test HTTP/1.0 behaviour against ingress-nginx itself, or remove the annotation.',
        },
      }
    }
    return {
      ok: false,
      problem: {rule: 'invalid-annotation', message: `${KEY}: invalid value ${JSON.stringify(raw)} (expected 1.0 or 1.1); ingress-nginx ignores it and its default applies`, hint: 'Use 1.0 or 1.1.'},
    }
  },
}
