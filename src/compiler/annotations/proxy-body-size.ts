import {parseNginxSize} from '../../actions/size.js'
import {stringAnnotation} from './nginx-kinds.js'

/**
 * `proxy-body-size`: nginx's client_max_body_size for the location
 * (internal/ingress/annotations/proxy; nginx.tmpl). Default: the ConfigMap's
 * `proxy-body-size` (1m). `0` turns the check off.
 */
export const proxyBodySize = stringAnnotation(
  'proxy-body-size',
  {
    summary: 'Largest request body; larger ones get 413 (default 1m, 0 = unlimited)',
    defaultValue: '1m',
    values: ['0', '8k', '1m', '10m', '1g'],
    hint: 'Write a size nginx reads: digits with an optional k, m or g (e.g. "8m"); "0" disables the limit.',
    docs: 'A request body larger than this gets 413 Request Entity Too Large and nothing goes upstream: a larger Content-Length at once; a chunked or HTTP/2 body once the bytes read pass the limit. Default: ConfigMap `proxy-body-size` (1m).',
  },
  (v) => (parseNginxSize(v) === undefined ? 'not a size nginx reads (digits with an optional k, m or g)' : undefined),
)
