/**
 * The access-list annotations (internal/ingress/annotations/ipallowlist and
 * ipdenylist in kubernetes/ingress-nginx): comma-separated IPv4/IPv6
 * addresses and CIDRs. An annotation replaces the ConfigMap's global range
 * of the same kind; it does not add to it.
 */
import {parseRange} from '../../net/ip-range.js'
import {NGINX_PREFIX, normalizeString} from './nginx-kinds.js'
import type {AnnotationDefinition} from './types.js'

function rangesAnnotation(name: string, summary: string, docs: string): AnnotationDefinition<readonly string[]> {
  const key = NGINX_PREFIX + name
  return {
    key,
    summary,
    values: ['ADDR[/BITS][,ADDR[/BITS]...]'],
    docs,
    parse(raw) {
      const v = normalizeString(raw)
      const parts = v.split(',').map((p) => p.trim())
      const bad = parts.find((p) => parseRange(p) === undefined)
      if (v === '' || bad !== undefined) {
        return {
          ok: false,
          problem: {
            rule: 'invalid-annotation',
            message: `${key}: ${v === '' ? 'empty value' : `${JSON.stringify(bad)} is neither an IP address nor a CIDR`}; ingress-nginx refuses the list and the ConfigMap's range applies`,
            hint: 'Write addresses or CIDRs separated by commas, e.g. "10.0.0.0/8,192.168.1.7,2001:db8::/32".',
          },
        }
      }
      return {ok: true, value: [...new Set(parts)].sort()}
    },
  }
}

export const allowlistSourceRange = rangesAnnotation(
  'allowlist-source-range',
  'Only these client ranges are served; others get 403',
  'nginx `allow` for each range then `deny all`: clients outside get 403. Replaces the ConfigMap `whitelist-source-range`. The client address is the TCP peer, or with ConfigMap `use-forwarded-headers` the one ngx_http_realip derives from `forwarded-for-header` (trusting `proxy-real-ip-cidr`).',
)

/** The older name; `allowlist-source-range` wins when both are set (parser.checkAnnotation reads the alias only when the main key is empty). */
export const whitelistSourceRange = rangesAnnotation('whitelist-source-range', 'Older name of allowlist-source-range', 'Older name of `allowlist-source-range`, read only when that is not set.')

export const denylistSourceRange = rangesAnnotation(
  'denylist-source-range',
  'Clients in these ranges get 403',
  'nginx `deny` for each range, written before the allow list: a client in both gets 403. Replaces the ConfigMap `denylist-source-range`.',
)
