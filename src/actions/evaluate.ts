/**
 * Executes a route's request-side actions for one request: the one function
 * `serve` and `match` both call, so they cannot disagree. Pure: no I/O.
 * Routes without actions never get here (callers test `route.actions`).
 *
 * Order and semantics follow what ingress-nginx generates
 * (rootfs/etc/nginx/template/nginx.tmpl, rootfs/etc/nginx/lua/lua_ingress.lua):
 * 1. server level: app-root's `if ($uri = /) { return 302 ... }`, the
 *    from-to-www redirect server;
 * 2. location, ngx_http_rewrite_module in order: the permanent/temporal
 *    `return`, then `rewrite "(?i)path" target break;`;
 * 3. the Lua rewrite handler, which nginx runs after the rewrite module: the
 *    HTTP → HTTPS redirect;
 * 4. proxying: Host (upstream-vhost) and extra request fields
 *    (X-Forwarded-Prefix, Connection), captures from the rewrite expanded.
 */
import {rewriteRegex} from './regex.js'
import type {ActionListener, ActionRequest, Outcome, ResponseAction, RouteAction} from './types.js'
import {expand, hostName, type VarContext} from './vars.js'
import {inAny, parseIp, realClientIp} from '../net/ip-range.js'

/** Statuses nginx's `return` answers with a Location (others take the text as the body). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

const NONE: ResponseAction[] = []

/** nginx's own 403 page. */
const FORBIDDEN = '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>ingressctl</center>\r\n</body>\r\n</html>\r\n'

/** When no listener is given (`match`): the controller's own ports. */
export const CONTROLLER_LISTENER: ActionListener = Object.freeze({port: 80, httpsPort: 443})

export function evaluate(actions: ReadonlyArray<RouteAction>, req: ActionRequest, listener: ActionListener = CONTROLLER_LISTENER): Outcome {
  const target = req.target
  const q = target.indexOf('?')
  let uri = req.path ?? (q === -1 ? target : target.slice(0, q))
  let args = q === -1 ? '' : target.slice(q + 1)
  let rewritten = false
  let captures: Array<string | undefined> | undefined
  let upstreamHost: string | undefined
  const headers: Array<readonly [string, string]> = []
  const response: ResponseAction[] = []
  const acted: string[] = []
  const serverPort = String(req.scheme === 'https' ? listener.httpsPort : listener.port)
  const vars = (): VarContext => ({
    scheme: req.scheme,
    httpHost: req.host,
    uri,
    args,
    requestUri: target,
    method: req.method,
    serverPort,
    ...(captures ? {captures} : {}),
  })
  // The gateway's own answers get only HSTS (proxy_redirect and proxy_cookie_* rewrite upstream answers).
  const answerResponse = () => (req.scheme === 'https' ? response.filter((r) => r.type === 'hsts') : NONE)
  // Response-side actions apply to every answer of the location, the gateway's own redirects included.
  for (const a of actions) if (a.type === 'hsts' || a.type === 'proxy-redirect' || a.type === 'cookie-domain' || a.type === 'cookie-path') response.push(a)

  let rewriteDone = false
  for (const a of actions) {
    switch (a.type) {
      case 'app-root':
        if (uri === '/') {
          acted.push(...a.by)
          return {type: 'redirect', status: 302, location: `${req.scheme}://${req.host}${a.root}`, response: answerResponse(), acted}
        }
        break
      case 'body-size':
        // ngx_http_core_find_config_handler: a declared Content-Length above the location's
        // client_max_body_size is refused once the location is chosen, before its rewrite phase.
        if (req.contentLength !== undefined && req.contentLength > a.limit) {
          acted.push(...a.by)
          return {type: 'respond', status: 413, body: TOO_LARGE_BODY, response: answerResponse(), acted}
        }
        break
      case 'www-redirect': {
        acted.push(...a.by)
        const location = `${req.scheme}://${a.to}:${serverPort}${trimSlash(target)}`
        return {type: 'redirect', status: a.status, location, response: answerResponse(), acted}
      }
      case 'return': {
        if (rewriteDone) break
        acted.push(...a.by)
        const text = expand(a.url, vars())
        if (REDIRECT_STATUSES.has(a.status)) return {type: 'redirect', status: a.status, location: text, response: answerResponse(), acted}
        return {type: 'respond', status: a.status, body: text, response: answerResponse(), acted}
      }
      case 'rewrite': {
        if (rewriteDone) break
        const re = rewriteRegex(a.pattern)
        const m = re?.exec(uri)
        if (!m) break
        captures = Array.from(m)
        acted.push(...a.by)
        rewriteDone = true // `break`: no further rewrite-module directive of the location
        // nginx: arguments in the replacement come first and the request's follow, unless the replacement ends with `?`.
        const qi = a.target.indexOf('?')
        const c = vars()
        const next = expand(qi === -1 ? a.target : a.target.slice(0, qi), c)
        let nextArgs = args
        if (qi !== -1) {
          const keepOld = !a.target.endsWith('?')
          const own = expand(a.target.slice(qi + 1, keepOld ? undefined : -1), c)
          nextArgs = keepOld && args ? (own ? `${own}&${args}` : args) : own
        }
        // nginx: a replacement starting with http://, https:// or $scheme is a redirect (302).
        const redirect = /^https?:\/\//i.test(a.target) || a.target.startsWith('$scheme')
        if (redirect) {
          return {type: 'redirect', status: 302, location: nextArgs ? `${next}?${nextArgs}` : next, response: answerResponse(), acted}
        }
        uri = next
        args = nextArgs
        rewritten = true
        break
      }
      case 'https-redirect': {
        // lua_ingress.lua: with use-forwarded-headers the client's X-Forwarded-Proto and -Host (first of a list) stand for the request's.
        const scheme = a.trustForwarded && req.forwardedProto ? req.forwardedProto : req.scheme
        const host = a.trustForwarded && req.forwardedHost ? req.forwardedHost.split(',')[0]!.trim() : req.host
        if (scheme === 'http' && (a.force || (a.whenTls && a.hasTls))) {
          // The redirect is built from the request URI: what acted before it shows nowhere.
          acted.length = 0
          acted.push(...a.by)
          const requestUri = a.preserveTrailingSlash ? target : trimSlash(target)
          const port = a.usePort || listener.httpsPort !== 443 ? `:${listener.httpsPort}` : ''
          return {type: 'redirect', status: a.status, location: `https://${hostName(host)}${port}${requestUri}`, response: answerResponse(), acted}
        }
        break
      }
      case 'access': {
        // Access phase, after the rewrite phase (returns, rewrites and the Lua HTTPS redirect answer first).
        if (req.clientIp === undefined) break
        const client = realClientIp(req.clientIp, a.realIp ? req.forwardedFor : undefined, a.realIp?.trusted)
        const ip = parseIp(client)
        const denied = ip !== undefined && inAny(ip, a.deny)
        if (denied || (a.allow.length > 0 && (ip === undefined || !inAny(ip, a.allow)))) {
          acted.length = 0
          acted.push(denied ? a.denyBy : a.allowBy)
          return {type: 'respond', status: 403, body: FORBIDDEN, contentType: 'text/html', response: answerResponse(), acted}
        }
        if (a.allow.length > 0) acted.push(a.allowBy)
        break
      }
      case 'upstream-host':
        upstreamHost = a.host
        acted.push(...a.by)
        break
      case 'request-header':
        headers.push([a.name, expand(a.value, vars())])
        acted.push(...a.by)
        break
      default:
        break
    }
  }
  for (const r of response) if (r.type !== 'hsts' || req.scheme === 'https') acted.push(...r.by)
  return {
    type: 'proxy',
    upstreamPath: rewritten ? (args ? `${uri}?${args}` : uri) : target,
    ...(upstreamHost !== undefined ? {upstreamHost} : {}),
    headers,
    response: req.scheme === 'https' ? response : response.filter((r) => r.type !== 'hsts'),
    acted: dedupe(acted),
  }
}

/** ingress-nginx's redirects drop one trailing `/` of the request URI (preserve-trailing-slash keeps it). */
function trimSlash(requestUri: string): string {
  return requestUri.endsWith('/') ? requestUri.slice(0, -1) : requestUri
}

function dedupe(list: string[]): string[] {
  return list.length < 2 ? list : [...new Set(list)]
}

/** nginx's own 413 page (ngx_http_error_413_page with the ingress-nginx server tokens off). */
export const TOO_LARGE_BODY = '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
