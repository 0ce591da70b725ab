/**
 * ingress-nginx annotations that change which backend serves a request, what
 * path or Host header it receives, or whether it is proxied at all, and that
 * ingressctl does not apply. With one of these on an Ingress, `serve` and
 * `match` answer differently from ingress-nginx, so the compiler says so
 * (rule `annotation-not-applied`) instead of ignoring it silently.
 * Annotations that only tune a proxied request (timeouts, body size, buffers,
 * CORS headers...) do not change routing and are not listed.
 * Reference: https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */

import {otherControllerEffect} from './other-controllers.js'

const PREFIX = 'nginx.ingress.kubernetes.io/'

interface NotApplied {
  /** What ingress-nginx does, and what ingressctl does instead. */
  readonly effect: string
  /** Only for these values (after trimming, case-insensitive); any value when absent. */
  readonly when?: readonly string[]
}

const TRUE = ['true']

const LIST: ReadonlyArray<readonly [string, NotApplied]> = [
  ['rewrite-target', {effect: 'ingress-nginx rewrites the path sent upstream (and matches this host\'s paths as regular expressions); ingressctl forwards the path unchanged'}],
  ['use-regex', {effect: "ingress-nginx matches this host's paths as case-insensitive regular expressions; ingressctl matches them as Kubernetes Prefix/Exact paths", when: TRUE}],
  ['app-root', {effect: 'ingress-nginx redirects / to the application root; ingressctl proxies / to the backend'}],
  ['permanent-redirect', {effect: 'ingress-nginx answers every request with a redirect; ingressctl proxies to the backend'}],
  ['temporal-redirect', {effect: 'ingress-nginx answers every request with a redirect; ingressctl proxies to the backend'}],
  ['ssl-redirect', {effect: 'ingress-nginx redirects HTTP requests to HTTPS; ingressctl serves them over HTTP', when: TRUE}],
  ['force-ssl-redirect', {effect: 'ingress-nginx redirects HTTP requests to HTTPS; ingressctl serves them over HTTP', when: TRUE}],
  ['canary', {effect: 'ingress-nginx sends only a share of requests (by weight, header or cookie) to this canary Ingress; ingressctl routes it as an ordinary Ingress, in conflict with the main one', when: TRUE}],
  ['server-alias', {effect: 'ingress-nginx also serves this Ingress under the alias hosts; ingressctl serves only its rule hosts'}],
  ['default-backend', {effect: "ingress-nginx sends this Ingress's unmatched requests and errors to that Service; ingressctl does not"}],
  ['upstream-vhost', {effect: "ingress-nginx sends this Host header upstream; ingressctl keeps the client's Host"}],
  ['auth-url', {effect: 'ingress-nginx asks an external authentication service before proxying; ingressctl proxies without asking'}],
  ['auth-type', {effect: 'ingress-nginx requires authentication (basic or digest); ingressctl does not'}],
  ['whitelist-source-range', {effect: 'ingress-nginx answers 403 to clients outside these ranges; ingressctl serves every client'}],
  ['allowlist-source-range', {effect: 'ingress-nginx answers 403 to clients outside these ranges; ingressctl serves every client'}],
  ['denylist-source-range', {effect: 'ingress-nginx answers 403 to clients in these ranges; ingressctl serves every client'}],
  ['configuration-snippet', {effect: 'ingress-nginx adds this nginx configuration to the location; ingressctl ignores it'}],
  ['server-snippet', {effect: 'ingress-nginx adds this nginx configuration to the server; ingressctl ignores it'}],
]

const BY_KEY: ReadonlyMap<string, NotApplied> = new Map(LIST.map(([name, v]) => [PREFIX + name, v]))

/** What ingress-nginx would do that ingressctl does not, for this annotation and value; undefined when it makes no difference. */
export function notAppliedEffect(key: string, value: string): string | undefined {
  const n = BY_KEY.get(key)
  if (!n) return otherControllerEffect(key, value)
  if (n.when && !n.when.includes(value.trim().toLowerCase())) return undefined
  return n.effect
}

/** The annotation keys flagged when present, for documentation. */
export const NOT_APPLIED_KEYS: readonly string[] = LIST.map(([name]) => PREFIX + name)
