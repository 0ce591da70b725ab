import {NGINX_PREFIX, normalizeString} from './nginx-kinds.js'
import type {AnnotationDefinition} from './types.js'

/**
 * `server-alias`: more names for the server of the Ingress's hosts
 * (internal/ingress/annotations/alias/main.go: comma-separated, trimmed,
 * deduplicated, sorted). The controller skips an alias that is the host
 * itself or another server's host, and keeps the first Ingress's aliases
 * for a host (controller.go createServers).
 */
export const serverAlias: AnnotationDefinition<readonly string[]> = {
  key: `${NGINX_PREFIX}server-alias`,
  summary: 'More host names served like the rule host',
  values: ['comma-separated host names'],
  docs: 'Requests for these host names are served by the same paths as the Ingress rule host. An alias that is the host of another rule is ignored, as in ingress-nginx.',
  parse(raw) {
    const list = [
      ...new Set(
        normalizeString(raw)
          .split(',')
          .map((a) => a.trim().toLowerCase())
          .filter((a) => a !== ''),
      ),
    ].sort()
    const bad = list.find((a) => !/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(a))
    if (list.length === 0 || bad !== undefined) {
      return {
        ok: false,
        problem: {
          rule: 'invalid-annotation',
          message: `${NGINX_PREFIX}server-alias: invalid value ${JSON.stringify(raw)}${bad ? ` (${JSON.stringify(bad)} is not a host name)` : ''}; ingress-nginx ignores it`,
          hint: 'Write host names separated by commas, e.g. "www.example.com, example.net".',
        },
      }
    }
    return {ok: true, value: list}
  },
}
