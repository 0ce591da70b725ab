/**
 * Annotations of other Ingress controllers that change how a request is
 * routed (which requests an Ingress serves, what path or Host reaches the
 * backend, redirects, access rules). ingressctl applies none of them, so each
 * gets the same `annotation-not-applied` warning as ingress-nginx's
 * (./not-applied.ts asks here for keys it does not know). Annotations that only
 * tune TLS certificates, timeouts or load balancing are not listed.
 *
 * References:
 * - Traefik: https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/#annotations
 * - HAProxy: https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/
 * - Kong: https://docs.konghq.com/kubernetes-ingress-controller/latest/reference/annotations/
 * - AWS Load Balancer Controller: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */

interface Entry {
  /** Exact key, or a key prefix ending in `.` or `/` (e.g. `alb.ingress.kubernetes.io/actions.`). */
  readonly key: string
  readonly effect: string
  /** Only for these values (trimmed, case-insensitive); any value when absent. */
  readonly when?: readonly string[]
  readonly prefix?: boolean
}

const TRAEFIK = 'traefik.ingress.kubernetes.io/'
const TRUE = ['true']

const LIST: readonly Entry[] = [
  {key: `${TRAEFIK}router.entrypoints`, effect: 'Traefik serves this Ingress only on these entry points (ports); ingressctl serves it on every listener'},
  {key: `${TRAEFIK}router.middlewares`, effect: 'Traefik runs these middlewares (redirects, path rewrites, authentication, headers...) on its requests; ingressctl proxies them unchanged'},
  {key: `${TRAEFIK}router.pathmatcher`, effect: 'Traefik matches the paths with this matcher (e.g. PathRegexp or Path); ingressctl matches them as Kubernetes Prefix/Exact paths'},
  {key: `${TRAEFIK}router.priority`, effect: "Traefik orders this Ingress's routes by this priority; ingressctl follows the Kubernetes precedence (longest path first)"},
  {key: `${TRAEFIK}router.tls`, effect: 'Traefik serves this Ingress only over TLS; ingressctl serves it over HTTP too', when: TRUE},
  {key: `${TRAEFIK}service.serversscheme`, effect: 'Traefik talks to the backends with this scheme (https, h2c); ingressctl uses plain HTTP/1.1'},
  {key: `${TRAEFIK}service.passhostheader`, effect: "Traefik sends the backend's own host as Host; ingressctl keeps the client's Host", when: ['false']},
  {key: 'haproxy.org/path-rewrite', effect: 'HAProxy rewrites the path sent upstream; ingressctl forwards the path unchanged'},
  {key: 'haproxy.org/request-redirect', effect: 'HAProxy answers with a redirect; ingressctl proxies to the backend'},
  {key: 'haproxy.org/ssl-redirect', effect: 'HAProxy redirects HTTP requests to HTTPS; ingressctl serves them over HTTP', when: TRUE},
  {key: 'haproxy.org/allow-list', effect: 'HAProxy answers 403 to clients outside these ranges; ingressctl serves every client'},
  {key: 'haproxy.org/deny-list', effect: 'HAProxy answers 403 to clients in these ranges; ingressctl serves every client'},
  {key: 'konghq.com/strip-path', effect: 'Kong strips the matched path prefix before proxying; ingressctl forwards the whole path', when: TRUE},
  {key: 'konghq.com/methods', effect: 'Kong routes only these HTTP methods; ingressctl routes every method'},
  {key: 'konghq.com/protocols', effect: 'Kong accepts only these protocols (e.g. https only); ingressctl serves HTTP and HTTPS'},
  {key: 'konghq.com/https-redirect-status-code', effect: 'Kong redirects HTTP requests to HTTPS; ingressctl serves them over HTTP'},
  {key: 'alb.ingress.kubernetes.io/actions.', prefix: true, effect: 'the AWS load balancer answers backends named `use-annotation` with this action (redirect, fixed response, weighted forward); ingressctl cannot serve such a backend'},
  {key: 'alb.ingress.kubernetes.io/conditions.', prefix: true, effect: 'the AWS load balancer adds these conditions (headers, query, source IP, method) to the rule; ingressctl matches host and path only'},
  {key: 'alb.ingress.kubernetes.io/ssl-redirect', effect: 'the AWS load balancer redirects HTTP requests to HTTPS; ingressctl serves them over HTTP'},
]

const EXACT = new Map(LIST.filter((e) => !e.prefix).map((e) => [e.key, e]))
const PREFIXES = LIST.filter((e) => e.prefix)

/** What another controller would do with this annotation and value that ingressctl does not; undefined when nothing. */
export function otherControllerEffect(key: string, value: string): string | undefined {
  const e = EXACT.get(key) ?? PREFIXES.find((p) => key.startsWith(p.key) && key.length > p.key.length)
  if (!e) return undefined
  if (e.when && !e.when.includes(value.trim().toLowerCase())) return undefined
  return e.effect
}

/** The keys (and key prefixes, ending in `.`) flagged, for documentation. */
export const OTHER_CONTROLLER_KEYS: readonly string[] = LIST.map((e) => (e.prefix ? `${e.key}*` : e.key))
