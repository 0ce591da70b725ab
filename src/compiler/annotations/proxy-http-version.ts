import {stringAnnotation} from './nginx-kinds.js'

/** `proxy-http-version`: nginx's proxy_http_version (1.0 or 1.1); ingressctl speaks HTTP/1.1 to HTTP upstreams. */
export const proxyHttpVersion = stringAnnotation(
  'proxy-http-version',
  {
    summary: 'HTTP version spoken upstream (ingressctl: 1.1)',
    values: ['1.0', '1.1'],
    defaultValue: '1.1',
    docs: 'The HTTP version nginx speaks to the upstream. ingressctl speaks HTTP/1.1 whatever the value; `1.0` is reported as not applied.',
    hint: 'Use 1.0 or 1.1.',
  },
  (v) => (v === '1.0' || v === '1.1' ? undefined : 'expected 1.0 or 1.1'),
)
