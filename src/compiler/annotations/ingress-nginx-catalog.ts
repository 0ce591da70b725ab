/**
 * Every annotation ingress-nginx documents
 * (docs/user-guide/nginx-configuration/annotations.md) or parses
 * (internal/ingress/annotations/*), with the risk level and value check its
 * parser declares, what the controller does with it, and how ingressctl treats
 * it. Keys implemented by a module of ./registry.ts are emulated whatever the
 * `status` written here (the status applies while no module exists).
 * Reference: https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
 */
import type {RiskLevel} from '../nginx/config.js'
import {NOT_APPLIED_YET, type AnnotationCatalog, type CatalogEntry} from './catalog-types.js'
import * as V from './validators.js'
import type {Validator} from './validators.js'

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/'

type Extra = Partial<Pick<CatalogEntry, 'difference' | 'note' | 'when' | 'aliasOf' | 'snippet' | 'afterValidation'>>

function e(name: string, family: string, risk: RiskLevel, validator: Validator, status: CatalogEntry['status'], production: string, extra: Extra = {}): CatalogEntry {
  return Object.freeze({key: NGINX_PREFIX + name, family, risk, validator, status, production, ...extra, ...(extra.aliasOf ? {aliasOf: NGINX_PREFIX + extra.aliasOf} : {})})
}

/** redirect.go: a code below 300 or above `max` is replaced by the default. */
function redirectCode(max: number, fallback: number): (value: string) => string | undefined {
  return (value) => {
    const n = Number(value)
    return n < 300 || n > max ? `ingress-nginx uses ${fallback} instead of ${value} (it accepts 300 to ${max})` : undefined
  }
}

/** redirect.go isValidURL: temporal-redirect needs a URL whose scheme starts with http; otherwise no redirect annotation of the Ingress applies. */
function httpSchemeUrl(value: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1] ?? ''
  return scheme.toLowerCase().startsWith('http') ? undefined : 'ingress-nginx ignores the redirect annotations of this Ingress: temporal-redirect must be an http:// or https:// URL'
}

/** parser.StringToURL: a scheme and a host (without ".."); otherwise ingress-nginx denies the locations (503). */
function authUrl(value: string): string | undefined {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return 'ingress-nginx cannot parse it as a URL with a scheme and a host: it answers every request of this Ingress with 503 (location denied)'
  }
  if (u.host === '' || u.hostname.includes('..')) return 'ingress-nginx finds no host in it: it answers every request of this Ingress with 503 (location denied)'
  return undefined
}

/** authreq ParseStringToCacheDurations: an entry that is not `[CODE...] TIME` denies the locations (503). */
function cacheDuration(value: string): string | undefined {
  const problem = V.cacheDurationProblem(value)
  return problem && `${problem}: ingress-nginx answers every request of this Ingress with 503 (location denied)`
}

const TRUE = ['true', '1', 't']
const FALSE = ['false', '0', 'f']
const NS = 'not-supported'
const NO = 'no-local-effect'
const LATER = NOT_APPLIED_YET
const TUNING = 'ingressctl has no nginx buffers or worker settings to tune: requests behave the same locally'

const ENTRIES: readonly CatalogEntry[] = [
  // Rewrite and paths
  e('rewrite-target', 'rewrite', 'Medium', V.regexPathWithCapture, NS, 'rewrites the path sent upstream (captures $1...), and matches every path of the host as a case-insensitive regular expression', {difference: 'ingressctl forwards the path unchanged'}),
  e('use-regex', 'rewrite', 'Low', V.bool, NS, "matches every path of the host, across Ingresses, as a case-insensitive regular expression", {difference: 'ingressctl matches them as Kubernetes Prefix/Exact paths', when: TRUE}),
  e('app-root', 'rewrite', 'Medium', V.regexPathWithCapture, NS, 'redirects requests for / to the application root (302)', {difference: 'ingressctl proxies / to the backend'}),
  e('preserve-trailing-slash', 'rewrite', 'Medium', V.bool, NS, 'keeps the trailing slash of the path in the HTTPS redirect', {difference: LATER, when: TRUE}),
  e('x-forwarded-prefix', 'rewrite', 'Medium', V.regexPathWithCaptureNoSpace, NS, 'sends this value upstream in an X-Forwarded-Prefix header', {difference: 'ingressctl sends no X-Forwarded-Prefix'}),
  // Redirects
  e('ssl-redirect', 'redirect', 'Low', V.bool, NS, 'redirects HTTP requests to HTTPS (308) when the host has TLS (the default: the ConfigMap ssl-redirect is true)', {difference: 'ingressctl serves them over HTTP', when: TRUE}),
  e('force-ssl-redirect', 'redirect', 'Medium', V.bool, NS, 'redirects HTTP requests to HTTPS (308) even when the host has no TLS', {difference: 'ingressctl serves them over HTTP', when: TRUE}),
  e('permanent-redirect', 'redirect', 'Medium', V.urlCharsKeepSpace, NS, 'answers every request with a redirect to this URL (301, or permanent-redirect-code)', {difference: 'ingressctl proxies to the backend'}),
  e('permanent-redirect-code', 'redirect', 'Low', V.int, NS, 'sets the status of permanent-redirect (300-308; other values give 301)', {difference: LATER, afterValidation: redirectCode(308, 301)}),
  e('temporal-redirect', 'redirect', 'Medium', V.urlCharsKeepSpace, NS, 'answers every request with a redirect to this URL (302, or temporal-redirect-code); it wins over permanent-redirect', {difference: 'ingressctl proxies to the backend', afterValidation: httpSchemeUrl}),
  e('temporal-redirect-code', 'redirect', 'Low', V.int, NS, 'sets the status of temporal-redirect (300-307; other values give 302)', {difference: LATER, afterValidation: redirectCode(307, 302)}),
  e('from-to-www-redirect', 'redirect', 'Low', V.bool, NS, 'redirects www.HOST to HOST, or HOST to www.HOST (308), following the host the rule names', {difference: 'ingressctl answers the other name with its usual no-route 404', when: TRUE}),
  e('relative-redirects', 'redirect', 'Low', V.bool, NS, "sends its own redirects with a relative Location (nginx absolute_redirect off)", {difference: LATER, when: TRUE}),
  e('use-port-in-redirects', 'redirect', 'Low', V.bool, NS, "includes the server's port in the Location of its own redirects (nginx port_in_redirect)", {difference: LATER, when: TRUE}),
  // Server and backend
  e('server-alias', 'server', 'High', V.serverNames, NS, "also serves this Ingress's rules under the alias hosts", {difference: 'ingressctl serves only its rule hosts'}),
  e('default-backend', 'backend', 'Low', V.serviceName, NS, "sends this Ingress's requests to that Service when the backend has no endpoints, and the intercepted custom-http-errors", {difference: 'ingressctl answers 503 when the backend has no endpoints'}),
  e('custom-http-errors', 'backend', 'Low', V.httpErrorCodes, NS, 'intercepts these upstream statuses and answers them from the default backend', {difference: 'ingressctl passes the upstream answer through'}),
  e('disable-proxy-intercept-errors', 'backend', 'Low', V.bool, NS, 'stops intercepting upstream errors for this Ingress even when custom-http-errors (annotation or ConfigMap) is set', {difference: 'ingressctl never intercepts upstream errors', when: FALSE}),
  e('upstream-vhost', 'backend', 'Low', V.serverName, NS, 'sends this Host header upstream', {difference: "ingressctl keeps the client's Host"}),
  e('service-upstream', 'backend', 'Low', V.bool, NS, "proxies to the Service's ClusterIP (kube-proxy picks the pod) instead of balancing over its endpoints itself", {difference: 'ingressctl balances over the endpoints', when: TRUE}),
  e('backend-protocol', 'backend', 'Low', V.backendProtocols, NS, 'sets the protocol spoken to the backend: HTTP, HTTPS, GRPC, GRPCS, AUTO_HTTP or FCGI', {difference: 'ingressctl speaks HTTP/1.1 to the backend', note: 'FCGI is not supported (the value is reported); AUTO_HTTP is spoken as HTTP/1.1'}),
  e('proxy-http-version', 'backend', 'Low', V.httpVersion, NS, 'sets the HTTP version spoken to the backend (1.0 or 1.1; default 1.1)', {difference: 'ingressctl speaks HTTP/1.1', when: ['1.0']}),
  e('connection-proxy-header', 'backend', 'Low', V.connectionHeader, NS, 'sets the Connection header sent upstream (close or keep-alive)', {difference: LATER}),
  e('proxy-redirect-from', 'backend', 'Medium', V.urlChars, NS, "rewrites this prefix of the upstream's Location and Refresh headers into proxy-redirect-to (nginx proxy_redirect)", {difference: 'ingressctl passes Location unchanged'}),
  e('proxy-redirect-to', 'backend', 'Medium', V.urlChars, NS, 'sets the replacement of proxy-redirect-from in Location and Refresh headers', {difference: 'ingressctl passes Location unchanged'}),
  e('proxy-cookie-domain', 'backend', 'Medium', V.cookieDomain, NS, 'rewrites the domain attribute of Set-Cookie answers (FROM TO)', {difference: 'ingressctl passes Set-Cookie unchanged'}),
  e('proxy-cookie-path', 'backend', 'Medium', V.urlChars, NS, 'rewrites the path attribute of Set-Cookie answers (FROM TO)', {difference: 'ingressctl passes Set-Cookie unchanged'}),
  e('ssl-passthrough', 'backend', 'Low', V.bool, NS, "passes the TLS connection through to the backend unterminated, chosen by SNI (needs the controller's --enable-ssl-passthrough); HTTP rules of the host are ignored", {difference: 'ingressctl terminates TLS itself and proxies HTTP', when: TRUE}),
  e('fastcgi-index', 'backend', 'Medium', V.fastcgiIndex, NS, 'sets the FastCGI index file (with backend-protocol FCGI)', {difference: 'ingressctl does not speak FastCGI'}),
  e('fastcgi-params-configmap', 'backend', 'Medium', V.basicChars, NS, 'sends the FastCGI parameters of that ConfigMap (with backend-protocol FCGI)', {difference: 'ingressctl does not speak FastCGI'}),
  // Canary
  e('canary', 'canary', 'Low', V.bool, NS, 'sends only a share of the main Ingress\'s requests (by header, cookie, then weight) to this canary Ingress', {difference: 'ingressctl routes it as an ordinary Ingress, in conflict with the main one', when: TRUE}),
  e('canary-by-header', 'canary', 'Medium', V.basicChars, NS, 'sends requests whose header has the value always (or canary-by-header-value) to the canary, never to it when the value is never', {difference: LATER}),
  e('canary-by-header-value', 'canary', 'Medium', V.basicChars, NS, 'sets the canary-by-header value that selects the canary', {difference: LATER}),
  e('canary-by-header-pattern', 'canary', 'Medium', V.regexChars, NS, 'sets a regular expression the canary-by-header value must match to select the canary', {difference: LATER}),
  e('canary-by-cookie', 'canary', 'Medium', V.basicChars, NS, 'sends requests whose cookie is always to the canary, never when it is never', {difference: LATER}),
  e('canary-weight', 'canary', 'Low', V.int, NS, 'sends this share (out of canary-weight-total) of the other requests to the canary', {difference: LATER}),
  e('canary-weight-total', 'canary', 'Low', V.int, NS, 'sets the total canary-weight is counted against (default 100)', {difference: LATER}),
  // Session affinity and balancing
  e('affinity', 'affinity', 'Low', V.affinity, NS, 'keeps a client on one pod with a session cookie', {difference: 'ingressctl balances every request independently'}),
  e('affinity-mode', 'affinity', 'Medium', V.affinityMode, NS, 'makes sessions balanced (they move when pods scale) or persistent (they never move)', {difference: LATER}),
  e('affinity-canary-behavior', 'affinity', 'Low', V.affinityCanaryBehavior, NS, 'sets whether a sticky session stays on the canary (sticky) or not (legacy)', {difference: LATER}),
  e('session-cookie-name', 'affinity', 'Medium', V.basicChars, NS, 'names the affinity cookie (default INGRESSCOOKIE)', {difference: LATER}),
  e('session-cookie-path', 'affinity', 'Medium', V.urlChars, NS, 'sets the Path of the affinity cookie', {difference: LATER}),
  e('session-cookie-domain', 'affinity', 'Medium', V.basicChars, NS, 'sets the Domain of the affinity cookie', {difference: LATER}),
  e('session-cookie-max-age', 'affinity', 'Medium', V.cookieSecondsKeepSpace, NS, 'sets the Max-Age of the affinity cookie', {difference: LATER}),
  e('session-cookie-expires', 'affinity', 'Medium', V.cookieSeconds, NS, 'sets the Expires of the affinity cookie (seconds from now)', {difference: LATER}),
  e('session-cookie-samesite', 'affinity', 'Low', V.sameSite, NS, 'sets the SameSite attribute of the affinity cookie', {difference: LATER}),
  e('session-cookie-conditional-samesite-none', 'affinity', 'Low', V.bool, NS, 'omits SameSite=None for browsers that mishandle it', {difference: LATER}),
  e('session-cookie-secure', 'affinity', 'Low', V.bool, NS, 'marks the affinity cookie Secure', {difference: LATER}),
  e('session-cookie-change-on-failure', 'affinity', 'Low', V.bool, NS, 'moves the session to another pod when its pod fails', {difference: LATER}),
  e('upstream-hash-by', 'balancing', 'High', V.hashBy, NS, 'picks the pod by a consistent hash of this nginx variable expression (e.g. $request_uri)', {difference: 'ingressctl balances round-robin'}),
  e('upstream-hash-by-subset', 'balancing', 'Low', V.bool, NS, 'hashes to a subset of pods, then balances within it', {difference: LATER}),
  e('upstream-hash-by-subset-size', 'balancing', 'Low', V.int, NS, 'sets the size of the upstream-hash-by subsets (default 3)', {difference: LATER}),
  e('load-balance', 'balancing', 'Low', V.loadBalance, NS, 'sets the balancing algorithm (round_robin, ewma...)', {difference: 'ingressctl balances round-robin'}),
  // Authentication
  e('auth-type', 'auth', 'Low', V.authType, NS, 'requires HTTP authentication (basic or digest) against auth-secret; 401 otherwise', {difference: 'ingressctl proxies without asking for credentials'}),
  e('auth-secret', 'auth', 'Medium', V.basicChars, NS, 'reads the users from this Secret (htpasswd in key auth, or a user map)', {difference: LATER}),
  e('auth-secret-type', 'auth', 'Low', V.authSecretType, NS, 'reads auth-secret as auth-file (htpasswd in key auth, the default) or auth-map (one key per user)', {difference: LATER}),
  e('auth-realm', 'auth', 'Medium', V.charsWithSpace, NS, 'sets the realm of the authentication challenge', {difference: LATER}),
  e('auth-url', 'auth-external', 'High', V.urlWithVariables, NS, 'asks this external authentication service before proxying: 2xx lets the request through, 401/403 are returned to the client', {difference: 'ingressctl proxies without asking', afterValidation: authUrl}),
  e('auth-method', 'auth-external', 'Low', V.httpMethod, NS, 'sets the method of the auth-url request', {difference: LATER}),
  e('auth-signin', 'auth-external', 'High', V.urlWithVariables, NS, 'redirects a 401 from auth-url to this sign-in page', {difference: LATER}),
  e('auth-signin-redirect-param', 'auth-external', 'Medium', V.urlChars, NS, 'sets the query parameter auth-signin receives the original URL in (default rd)', {difference: LATER}),
  e('auth-response-headers', 'auth-external', 'Medium', V.headerList, NS, 'copies these headers of the auth-url answer into the upstream request', {difference: LATER}),
  e('auth-request-redirect', 'auth-external', 'Medium', V.urlChars, NS, 'sets X-Auth-Request-Redirect on the auth-url request', {difference: LATER}),
  e('auth-proxy-set-headers', 'auth-external', 'Medium', V.basicChars, NS, 'sends the headers of that ConfigMap to auth-url', {difference: LATER}),
  e('auth-cache-key', 'auth-external', 'Medium', V.nginxVariable, NS, 'caches auth-url answers under this key', {difference: LATER}),
  e('auth-cache-duration', 'auth-external', 'Medium', V.extendedChars, NS, 'sets how long each auth-url answer status is cached (e.g. 200 202 10m)', {difference: LATER, afterValidation: cacheDuration}),
  e('auth-always-set-cookie', 'auth-external', 'Low', V.bool, NS, 'passes Set-Cookie of the auth-url answer to the client even when the request fails', {difference: LATER}),
  e('auth-keepalive', 'auth-external', 'Low', V.int, NO, 'keeps this many idle connections to auth-url', {difference: TUNING}),
  e('auth-keepalive-share-vars', 'auth-external', 'Low', V.bool, NO, 'shares nginx variables between the auth subrequest and the main request over keep-alive', {difference: TUNING}),
  e('auth-keepalive-requests', 'auth-external', 'Low', V.int, NO, 'sets the requests per keep-alive connection to auth-url', {difference: TUNING}),
  e('auth-keepalive-timeout', 'auth-external', 'Low', V.int, NO, 'sets the idle timeout of keep-alive connections to auth-url', {difference: TUNING}),
  e('enable-global-auth', 'auth-external', 'Low', V.bool, NS, "opts this Ingress out of the ConfigMap's global-auth-url when false", {difference: 'ingressctl applies no global authentication', when: FALSE}),
  e('auth-tls-secret', 'auth-tls', 'Medium', V.basicChars, NS, 'requires client certificates signed by the CA of this Secret (TLS hosts): a missing or wrong certificate gets HTTP 400', {difference: 'ingressctl asks for no client certificate'}),
  e('auth-tls-verify-client', 'auth-tls', 'Medium', V.verifyClient, NS, 'sets on, off, optional or optional_no_ca client certificate verification', {difference: LATER}),
  e('auth-tls-verify-depth', 'auth-tls', 'Low', V.int, NS, 'sets the certificate chain depth checked (default 1)', {difference: LATER}),
  e('auth-tls-error-page', 'auth-tls', 'High', V.errorPage, NS, 'redirects failed client certificate checks to this page', {difference: LATER}),
  e('auth-tls-pass-certificate-to-upstream', 'auth-tls', 'Low', V.bool, NS, 'sends the client certificate upstream in the ssl-client-cert header', {difference: LATER}),
  e('auth-tls-match-cn', 'auth-tls', 'High', V.commonName, NS, "requires the client certificate's CN to match this regular expression (403 otherwise)", {difference: LATER}),
  e('proxy-ssl-secret', 'proxy-ssl', 'Medium', V.basicChars, NS, 'presents this client certificate to the HTTPS backend and trusts its CA', {difference: 'ingressctl presents no client certificate upstream'}),
  e('proxy-ssl-verify', 'proxy-ssl', 'Low', V.onOff, NS, "verifies the backend's certificate against proxy-ssl-secret's CA (default off)", {difference: LATER, when: ['on']}),
  e('proxy-ssl-verify-depth', 'proxy-ssl', 'Low', V.int, NS, "the backend certificate chain depth checked (default 1)", {difference: LATER}),
  e('proxy-ssl-name', 'proxy-ssl', 'High', V.serverName, NS, "the name the backend's certificate is checked against and sent as SNI", {difference: LATER}),
  e('proxy-ssl-server-name', 'proxy-ssl', 'Low', V.onOff, NS, 'sends SNI to the HTTPS backend (default off)', {difference: LATER}),
  e('proxy-ssl-protocols', 'proxy-ssl', 'Low', V.sslProtocols, NS, 'sets the TLS versions offered to the backend', {difference: LATER}),
  e('proxy-ssl-ciphers', 'proxy-ssl', 'Medium', V.sslCiphersUpstream, NS, 'sets the ciphers offered to the backend', {difference: LATER}),
  // CORS
  e('enable-cors', 'cors', 'Low', V.bool, NS, 'answers CORS preflight (OPTIONS) requests itself (204) and adds Access-Control-* headers to answers', {difference: 'ingressctl proxies preflights to the backend and adds no CORS headers', when: TRUE}),
  e('cors-allow-origin', 'cors', 'Medium', V.corsOrigins, NS, 'sets the origins allowed (default *)', {difference: LATER}),
  e('cors-allow-methods', 'cors', 'Medium', V.corsMethods, NS, 'sets the methods allowed (default GET, PUT, POST, DELETE, PATCH, OPTIONS)', {difference: LATER}),
  e('cors-allow-headers', 'cors', 'Medium', V.headerList, NS, 'sets the request headers allowed', {difference: LATER}),
  e('cors-expose-headers', 'cors', 'Medium', V.corsExposeHeaders, NS, 'sets the answer headers exposed to scripts', {difference: LATER}),
  e('cors-allow-credentials', 'cors', 'Low', V.bool, NS, 'sets whether credentials are allowed (default true)', {difference: LATER}),
  e('cors-max-age', 'cors', 'Low', V.int, NS, 'sets how long browsers cache a preflight (default 1728000 s)', {difference: LATER}),
  // Access lists
  e('allowlist-source-range', 'access', 'Medium', V.cidrs, NS, 'answers 403 to clients outside these ranges', {difference: 'ingressctl serves every client', note: 'the client address is the TCP peer, or with ConfigMap use-forwarded-headers the one the realip module derives (forwarded-for-header, proxy-real-ip-cidr, recursive); match assumes --client-ip 127.0.0.1'}),
  e('whitelist-source-range', 'access', 'Medium', V.cidrs, NS, 'answers 403 to clients outside these ranges (older name of allowlist-source-range)', {difference: 'ingressctl serves every client', aliasOf: 'allowlist-source-range', note: 'read only when allowlist-source-range is not set'}),
  e('denylist-source-range', 'access', 'Medium', V.cidrs, NS, 'answers 403 to clients in these ranges', {difference: 'ingressctl serves every client', note: 'the client address is the TCP peer, or with ConfigMap use-forwarded-headers the one the realip module derives (forwarded-for-header, proxy-real-ip-cidr, recursive); match assumes --client-ip 127.0.0.1'}),
  e('satisfy', 'access', 'Low', V.satisfy, NS, 'decides, with authentication and an access list, whether either admits the request (any) or both must (all, the default)', {difference: 'not applied: ingressctl does not emulate authentication, so the access list alone decides'}),
  // Limits
  e('proxy-body-size', 'limits', 'Medium', V.size, NS, 'answers 413 to request bodies larger than this (default 1m; 0 disables the check)', {difference: 'ingressctl accepts bodies of any size', note: 'a streamed (chunked or HTTP/2) body is counted as it is forwarded: past the limit the upstream request is aborted (nginx buffers the body first, so its upstream sees nothing) and the client gets 413 unless the answer has started'}),
  e('limit-rps', 'limits', 'Low', V.int, NS, 'limits each client address to this many requests per second (burst limit-burst-multiplier x), answering 503 (limit-req-status-code) beyond', {difference: 'ingressctl does not limit request rates'}),
  e('limit-rpm', 'limits', 'Low', V.int, NS, 'limits each client address to this many requests per minute, answering 503 (limit-req-status-code) beyond', {difference: 'ingressctl does not limit request rates'}),
  e('limit-connections', 'limits', 'Low', V.int, NS, 'limits each client address to this many concurrent connections, answering 503 beyond', {difference: 'ingressctl does not limit connections'}),
  e('limit-burst-multiplier', 'limits', 'Low', V.int, NS, 'sets the burst allowed above limit-rps/limit-rpm (default 5)', {difference: LATER}),
  e('limit-allowlist', 'limits', 'Low', V.cidrs, NS, 'exempts these client ranges from the rate limits', {difference: LATER}),
  e('limit-whitelist', 'limits', 'Low', V.cidrs, NS, 'exempts these client ranges from the rate limits (older name of limit-allowlist)', {difference: LATER, aliasOf: 'limit-allowlist'}),
  e('limit-rate', 'limits', 'Low', V.int, NS, 'limits the answer rate to this many kilobytes per second per connection', {difference: 'ingressctl does not throttle answers'}),
  e('limit-rate-after', 'limits', 'Low', V.int, NS, 'throttles with limit-rate only after this many kilobytes', {difference: LATER}),
  // Timeouts and retries
  e('proxy-connect-timeout', 'timeouts', 'Low', V.int, NS, 'sets the seconds allowed to connect to the backend (default 5): 504 beyond', {difference: "ingressctl uses serve's timeouts"}),
  e('proxy-send-timeout', 'timeouts', 'Low', V.int, NS, 'sets the seconds allowed between two writes to the backend (default 60)', {difference: "ingressctl uses serve's timeouts"}),
  e('proxy-read-timeout', 'timeouts', 'Low', V.int, NS, 'sets the seconds allowed between two reads from the backend (default 60): 504 beyond', {difference: "ingressctl uses serve's timeouts"}),
  e('proxy-next-upstream', 'timeouts', 'Medium', V.nextUpstream, NS, 'sets which failures retry the request on another pod (default error timeout)', {difference: "ingressctl uses serve's retry policy"}),
  e('proxy-next-upstream-timeout', 'timeouts', 'Low', V.int, NS, 'sets the seconds allowed for all retries (default 0: unlimited)', {difference: LATER}),
  e('proxy-next-upstream-tries', 'timeouts', 'Low', V.int, NS, 'sets the attempts allowed (default 3)', {difference: LATER}),
  // Buffers and nginx tuning
  e('client-body-buffer-size', 'buffers', 'Low', V.size, NO, 'sets the buffer for request bodies before nginx writes them to a temporary file', {difference: TUNING}),
  e('proxy-buffering', 'buffers', 'Low', V.onOffOption, NO, 'sets whether nginx buffers upstream answers (default off)', {difference: 'ingressctl streams answers as they arrive (as with proxy-buffering off)'}),
  e('proxy-buffer-size', 'buffers', 'Low', V.size, NO, 'sets the buffer for the upstream answer headers (default 4k): larger headers make nginx answer 502', {difference: 'ingressctl accepts answer headers up to its HTTP parser limit'}),
  e('proxy-buffers-number', 'buffers', 'Low', V.int, NO, 'sets the number of proxy buffers', {difference: TUNING}),
  e('proxy-busy-buffers-size', 'buffers', 'Low', V.size, NO, 'sets the busy buffers size', {difference: TUNING}),
  e('proxy-max-temp-file-size', 'buffers', 'Low', V.size, NO, 'sets the largest temporary file of a buffered answer', {difference: TUNING}),
  e('proxy-request-buffering', 'buffers', 'Low', V.onOffOption, NO, 'sets whether nginx reads the whole request body before proxying (default on)', {difference: 'ingressctl streams request bodies'}),
  e('http2-push-preload', 'buffers', 'Low', V.bool, NO, 'turns Link preload headers into HTTP/2 pushes (nginx 1.25 removed server push)', {difference: 'ingressctl sends no pushes; browsers ignore pushes today'}),
  e('ssl-ciphers', 'tls', 'Low', V.sslCiphers, NO, 'sets the TLS ciphers offered to clients of the host', {difference: "ingressctl offers Node's default ciphers"}),
  e('ssl-prefer-server-ciphers', 'tls', 'Low', V.bool, NO, "prefers the server's cipher order", {difference: "ingressctl uses Node's default"}),
  // Headers, mirroring, logging, tracing, WAF
  e('custom-headers', 'headers', 'Medium', V.basicChars, NS, 'adds the headers of that ConfigMap (NAMESPACE/NAME) to every answer', {difference: 'ingressctl adds no headers'}),
  e('mirror-target', 'mirror', 'High', V.serverName, NS, 'sends a copy of each request to this URL and discards its answer', {difference: 'ingressctl mirrors nothing'}),
  e('mirror-host', 'mirror', 'High', V.serverName, NS, 'sets the Host header of the mirrored request', {difference: LATER}),
  e('mirror-request-body', 'mirror', 'Low', V.onOff, NS, 'sets whether the mirrored request carries the body (default on)', {difference: LATER}),
  e('enable-access-log', 'logging', 'Low', V.bool, NS, 'writes no access log lines for this Ingress (with false)', {difference: 'ingressctl logs its requests', when: FALSE}),
  e('enable-rewrite-log', 'logging', 'Low', V.bool, NO, 'logs rewrite decisions at notice level in the controller log', {difference: 'ingressctl has no rewrite log; match --explain shows the decisions'}),
  e('enable-opentelemetry', 'tracing', 'Low', V.bool, NO, 'sends OpenTelemetry spans for these requests', {difference: 'ingressctl sends no spans'}),
  e('opentelemetry-trust-incoming-span', 'tracing', 'Low', V.bool, NO, 'continues the trace of an incoming traceparent', {difference: 'ingressctl sends no spans'}),
  e('opentelemetry-operation-name', 'tracing', 'Medium', V.operationName, NO, 'names the OpenTelemetry span', {difference: 'ingressctl sends no spans'}),
  e('enable-modsecurity', 'modsecurity', 'Low', V.bool, NS, 'runs the ModSecurity web application firewall on these requests (blocking ones its rules refuse, with 403, when the rules enforce)', {difference: 'ingressctl inspects nothing', when: TRUE}),
  e('enable-owasp-core-rules', 'modsecurity', 'Low', V.bool, NS, 'loads the OWASP Core Rule Set into ModSecurity', {difference: 'ingressctl inspects nothing', when: TRUE}),
  e('modsecurity-transaction-id', 'modsecurity', 'High', V.nginxVariable, NO, 'sets the ModSecurity transaction id from an nginx variable', {difference: 'ingressctl has no ModSecurity'}),
  // Snippets: raw nginx configuration
  e('configuration-snippet', 'snippets', 'Critical', V.anything, NS, "adds this raw nginx configuration to each location of the Ingress", {difference: 'ingressctl ignores it', snippet: true}),
  e('server-snippet', 'snippets', 'Critical', V.anything, NS, "adds this raw nginx configuration to the host's server block", {difference: 'ingressctl ignores it', snippet: true}),
  e('auth-snippet', 'snippets', 'Critical', V.anything, NS, 'adds this raw nginx configuration to the auth-url location', {difference: 'ingressctl ignores it', snippet: true}),
  e('stream-snippet', 'snippets', 'Critical', V.anything, NS, "adds this raw nginx configuration to nginx's stream (TCP/UDP) block", {difference: 'ingressctl ignores it', snippet: true}),
  e('modsecurity-snippet', 'snippets', 'Critical', V.anything, NS, 'adds these raw ModSecurity rules to the location', {difference: 'ingressctl ignores it', snippet: true}),
]

export const INGRESS_NGINX_CATALOG: AnnotationCatalog = Object.freeze({
  controller: 'ingress-nginx',
  prefix: NGINX_PREFIX,
  reference: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/',
  // annotations.Extractor.Extract: a validation error fails the whole Ingress (CheckIngress in the webhook, syncIngress in the controller).
  onRejectedValue: 'its admission webhook rejects the Ingress, and without the webhook the controller leaves the whole Ingress out',
  entries: Object.freeze([...ENTRIES].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))),
})
