/**
 * What a route does to a request besides choosing its backend: typed, plain
 * data (no functions, no RegExp objects, so compiled tables cross worker
 * threads by structured clone) compiled from the Ingress's annotations.
 *
 * A route's `actions` list is ordered by ingress-nginx's request phases:
 * server-level rewrite (app-root) → location rewrite (`return`, `rewrite`) →
 * the controller's Lua rewrite (HTTPS redirect) → upstream (Host, headers) →
 * response headers (HSTS, Location and Set-Cookie rewriting).
 * src/actions/evaluate.ts executes the request side, src/actions/response.ts
 * the response side; serve, match, routes and diff all read this same data.
 */

import type {ServiceBackend} from '../model/routes.js'

/** Which annotations (or ConfigMap keys) produced an action, for `--explain` and `routes`. */
export interface ActionSource {
  /** Annotation keys without the `nginx.ingress.kubernetes.io/` prefix, or `ConfigMap <key>`. */
  readonly by: readonly string[]
}

/** `if ($uri = /) { return 302 $scheme://$http_host<root>; }` at server level (app-root). */
export interface AppRootAction extends ActionSource {
  readonly type: 'app-root'
  readonly root: string
}

/**
 * `return <status> <url>;` in the location (permanent-redirect / temporal-redirect).
 * The URL may hold nginx variables (`$request_uri`, `$host`...), expanded per request.
 */
export interface ReturnAction extends ActionSource {
  readonly type: 'return'
  readonly status: number
  readonly url: string
}

/**
 * `rewrite "(?i)<path>" <target> break;` (rewrite-target): when the regex
 * matches the request path anywhere (it is not anchored), the whole path
 * becomes `target` with `$1`… replaced by the captures.
 */
export interface RewriteAction extends ActionSource {
  readonly type: 'rewrite'
  /** The location path, used as a case-insensitive regular expression. */
  readonly pattern: string
  readonly target: string
}

/** The controller's Lua redirect from HTTP to HTTPS (ssl-redirect / force-ssl-redirect). */
export interface HttpsRedirectAction extends ActionSource {
  readonly type: 'https-redirect'
  /** force-ssl-redirect: also without a TLS certificate for the host. */
  readonly force: boolean
  /** ssl-redirect in effect (annotation, or ConfigMap `ssl-redirect`). */
  readonly whenTls: boolean
  /** The host has a certificate (spec.tls). */
  readonly hasTls: boolean
  /** ConfigMap `http-redirect-code` (308 by default). */
  readonly status: number
  /** preserve-trailing-slash: keep a trailing `/` of the request URI. */
  readonly preserveTrailingSlash: boolean
  /** use-port-in-redirects: add the HTTPS port. */
  readonly usePort: boolean
  /** ConfigMap use-forwarded-headers: X-Forwarded-Proto and X-Forwarded-Host from the client are trusted. */
  readonly trustForwarded: boolean
}

/** The host of a `from-to-www-redirect` server: `return 308 $scheme://<to>:$server_port<uri>`. */
export interface WwwRedirectAction extends ActionSource {
  readonly type: 'www-redirect'
  readonly to: string
  readonly status: number
}

/** `proxy_set_header Host <host>` (upstream-vhost). */
export interface UpstreamHostAction extends ActionSource {
  readonly type: 'upstream-host'
  readonly host: string
}

/** `proxy_set_header <name> <value>` (x-forwarded-prefix, connection-proxy-header); `$1`… expand to the rewrite captures. */
export interface RequestHeaderAction extends ActionSource {
  readonly type: 'request-header'
  readonly name: string
  readonly value: string
}

/** Strict-Transport-Security on HTTPS answers (ConfigMap hsts, hsts-max-age, hsts-include-subdomains, hsts-preload). */
export interface HstsAction extends ActionSource {
  readonly type: 'hsts'
  readonly value: string
}

/** `proxy_redirect <from> <to>`: a Location or Refresh header starting with `from` gets `to` instead. */
export interface ProxyRedirectAction extends ActionSource {
  readonly type: 'proxy-redirect'
  readonly from: string
  readonly to: string
}

/** `proxy_cookie_domain <from> <to>` / `proxy_cookie_path <from> <to>` on Set-Cookie. */
export interface CookieRewriteAction extends ActionSource {
  readonly type: 'cookie-domain' | 'cookie-path'
  readonly from: string
  readonly to: string
}

/**
 * default-backend: the Service that answers when the route's Service has no
 * endpoints, with the fields ingress-nginx sends it.
 */
export interface DefaultBackendAction extends ActionSource {
  readonly type: 'default-backend'
  readonly backend: ServiceBackend
  /** X-Namespace, X-Ingress-Name, X-Service-Name, X-Service-Port of the route. */
  readonly namespace: string
  readonly ingress: string
  readonly service: string
  readonly servicePort: string
}

/** custom-http-errors: upstream answers with these statuses are replaced by the default backend's answer to `/`. */
export interface CustomErrorsAction extends Omit<DefaultBackendAction, 'type'> {
  readonly type: 'custom-errors'
  readonly codes: readonly number[]
}

/**
 * `client_max_body_size <limit>` (proxy-body-size, ConfigMap default 1m): a
 * request whose body is larger gets 413 and nothing goes upstream. Only
 * routes with a limit carry it (`0`, unlimited, compiles to no action).
 */
export interface BodySizeAction extends ActionSource {
  readonly type: 'body-size'
  /** Bytes (> 0). */
  readonly limit: number
}

/**
 * nginx.tmpl's access rules: `deny` for each denied range, then `allow` for
 * each allowed range and `deny all` (when there is an allow list). First match
 * wins, so a client in both lists is refused. Refused clients get 403.
 */
export interface AccessAction extends ActionSource {
  readonly type: 'access'
  readonly allow: readonly string[]
  readonly deny: readonly string[]
  /** Which annotation (or `ConfigMap <key>`) gave each list. */
  readonly allowBy: string
  readonly denyBy: string
  /** With ConfigMap use-forwarded-headers: the real-ip header and the ranges it is trusted from (real_ip_recursive on). */
  readonly realIp?: {readonly header: string; readonly trusted: readonly string[]}
}

export type RouteAction =
  | AccessAction
  | AppRootAction
  | BodySizeAction
  | ReturnAction
  | RewriteAction
  | HttpsRedirectAction
  | WwwRedirectAction
  | UpstreamHostAction
  | RequestHeaderAction
  | HstsAction
  | ProxyRedirectAction
  | CookieRewriteAction
  | DefaultBackendAction
  | CustomErrorsAction

export type RouteActionType = RouteAction['type']

/** The request as the evaluator sees it. */
export interface ActionRequest {
  readonly method: string
  readonly scheme: 'http' | 'https'
  /** Host header (or :authority) as sent, port included when sent ('' when none). */
  readonly host: string
  /** Request target in origin form: path and query as sent. */
  readonly target: string
  /**
   * nginx's `$uri`: the path as nginx normalises it (decoded, dot segments and
   * double slashes resolved), what `rewrite` and app-root test. Default: the
   * target's path as sent. The target goes upstream unchanged unless rewritten.
   */
  readonly path?: string
  /** X-Forwarded-Proto and X-Forwarded-Host as the client sent them (read only with use-forwarded-headers). */
  readonly forwardedProto?: string
  readonly forwardedHost?: string
  /** The request's Content-Length when it declares one (checked against body-size). */
  readonly contentLength?: number
  /** The TCP peer's address (access lists); without it access lists are not checked. */
  readonly clientIp?: string
  /** The value of the access list's real-ip header (X-Forwarded-For by default), read only with use-forwarded-headers. */
  readonly forwardedFor?: string
}

/** The listener the request arrived on. */
export interface ActionListener {
  /** Port the request arrived on (nginx's `$server_port`). */
  readonly port: number
  /** The gateway's HTTPS port (the controller's 443). */
  readonly httpsPort: number
}

/** A response-side change, applied to the upstream's answer (or the gateway's own). */
export type ResponseAction = HstsAction | ProxyRedirectAction | CookieRewriteAction

/** What happens to a request. */
export type Outcome =
  | {
      readonly type: 'proxy'
      /** Request target sent upstream (path and query). */
      readonly upstreamPath: string
      /** Host sent upstream when it differs from the client's (upstream-vhost). */
      readonly upstreamHost?: string
      /** Request fields set on the way upstream (replacing any of the same name). */
      readonly headers: ReadonlyArray<readonly [string, string]>
      readonly response: ReadonlyArray<ResponseAction>
      /** Annotations (and ConfigMap keys) that acted. */
      readonly acted: readonly string[]
    }
  | {
      readonly type: 'redirect'
      readonly status: number
      readonly location: string
      readonly response: ReadonlyArray<ResponseAction>
      readonly acted: readonly string[]
    }
  | {
      readonly type: 'respond'
      readonly status: number
      readonly body: string
      /** Content-Type of the body (default application/octet-stream, as nginx's `return` sends it). */
      readonly contentType?: string
      readonly response: ReadonlyArray<ResponseAction>
      readonly acted: readonly string[]
    }
