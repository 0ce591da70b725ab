/**
 * Compiles the ingress-nginx annotations of routes (and the controller
 * ConfigMap's settings) into each route's ordered `actions`, and adds the
 * routes ingress-nginx's from-to-www-redirect servers answer. Pure.
 * Routes that do not follow the ingress-nginx profile get no actions, so
 * their requests take the path they always did.
 */
import {DEFAULT_BODY_SIZE, parseNginxSize} from '../actions/size.js'
import type {RouteAction} from '../actions/types.js'
import type {Route, ServiceBackend} from '../model/routes.js'
import {NGINX_PREFIX} from './annotations/nginx-kinds.js'
import {NGINX_DEFAULTS, type NginxConfig} from './nginx/config.js'

const A = (name: string) => NGINX_PREFIX + name

/** ingress-nginx accepts these in `http-redirect-code` (internal/ingress/controller/template/configmap.go); otherwise 308. */
const REDIRECT_CODES = new Set([301, 302, 307, 308])

/** The ConfigMap settings the actions read, with the controller's defaults. */
export interface ActionSettings {
  readonly sslRedirect: boolean
  readonly forceSslRedirect: boolean
  readonly httpRedirectCode: number
  readonly preserveTrailingSlash: boolean
  readonly usePortInRedirects: boolean
  readonly useForwardedHeaders: boolean
  /** The Strict-Transport-Security value, or undefined with `hsts: false`. */
  readonly hsts?: string
  readonly proxyRedirectFrom: string
  readonly proxyRedirectTo: string
  readonly proxyCookieDomain: string
  readonly proxyCookiePath: string
  /** ConfigMap `proxy-body-size` (default 1m), as written. */
  readonly proxyBodySize: string
  /** ConfigMap whitelist-source-range / denylist-source-range: the ranges of routes without the annotation. */
  readonly allowRanges: readonly string[]
  readonly denyRanges: readonly string[]
  /** ConfigMap forwarded-for-header (X-Forwarded-For) and proxy-real-ip-cidr (0.0.0.0/0), used with use-forwarded-headers. */
  readonly forwardedForHeader: string
  readonly proxyRealIpCidr: readonly string[]
}

/** configmap.go splits these lists on commas; empty entries are dropped. */
function rawList(raw: Readonly<Record<string, string>>, key: string, dflt: readonly string[]): readonly string[] {
  const v = raw[key]
  if (v === undefined) return dflt
  return v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

function rawBool(raw: Readonly<Record<string, string>>, key: string, dflt: boolean): boolean {
  const v = raw[key]
  if (v === undefined) return dflt
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return dflt
}

export function actionSettings(config: NginxConfig = NGINX_DEFAULTS): ActionSettings {
  const raw = config.raw
  const code = Number(raw['http-redirect-code'] ?? 308)
  let hsts: string | undefined
  if (config.hsts) {
    hsts = `max-age=${config.hstsMaxAge}`
    if (config.hstsIncludeSubdomains) hsts += '; includeSubDomains'
    if (config.hstsPreload) hsts += '; preload'
  }
  return {
    sslRedirect: config.sslRedirect,
    forceSslRedirect: config.forceSslRedirect,
    httpRedirectCode: REDIRECT_CODES.has(code) ? code : 308,
    preserveTrailingSlash: rawBool(raw, 'preserve-trailing-slash', false),
    usePortInRedirects: rawBool(raw, 'use-port-in-redirects', false),
    useForwardedHeaders: config.useForwardedHeaders,
    ...(hsts !== undefined ? {hsts} : {}),
    proxyRedirectFrom: raw['proxy-redirect-from'] ?? 'off',
    proxyRedirectTo: raw['proxy-redirect-to'] ?? 'off',
    proxyCookieDomain: raw['proxy-cookie-domain'] ?? 'off',
    proxyCookiePath: raw['proxy-cookie-path'] ?? 'off',
    proxyBodySize: raw['proxy-body-size'] ?? DEFAULT_BODY_SIZE,
    allowRanges: rawList(raw, 'whitelist-source-range', []),
    denyRanges: rawList(raw, 'denylist-source-range', []),
    forwardedForHeader: raw['forwarded-for-header'] || 'X-Forwarded-For',
    proxyRealIpCidr: rawList(raw, 'proxy-real-ip-cidr', ['0.0.0.0/0']),
  }
}

/** Whether a route follows ingress-nginx (its compiled controller profile). */
export function followsNginx(route: Route): boolean {
  return route.profile?.name === 'ingress-nginx'
}

function ann<T>(r: Route, name: string): T | undefined {
  return r.annotations[A(name)] as T | undefined
}

/** The location-level actions of one route, in phase order; undefined when there are none. */
/** Resolves the Service a default-backend annotation names (namespace, name) to a backend. */
export type ServiceLookup = (namespace: string, name: string) => ServiceBackend

export function routeActions(r: Route, s: ActionSettings, appRoot?: {root: string; by: string}, lookup?: ServiceLookup): RouteAction[] | undefined {
  const out: RouteAction[] = []
  if (appRoot) out.push({type: 'app-root', root: appRoot.root, by: [appRoot.by]})
  // client_max_body_size (nginx.tmpl, per location): the annotation, else the ConfigMap's proxy-body-size.
  // A value nginx cannot read falls back to the ConfigMap's (the annotation's module reports it), then to 1m.
  const bodyAnn = ann<string>(r, 'proxy-body-size')
  const bodyLimit = (bodyAnn !== undefined ? parseNginxSize(bodyAnn) : undefined) ?? parseNginxSize(s.proxyBodySize) ?? parseNginxSize(DEFAULT_BODY_SIZE)!
  if (bodyLimit > 0) out.push({type: 'body-size', limit: bodyLimit, by: [bodyAnn !== undefined && parseNginxSize(bodyAnn) !== undefined ? 'proxy-body-size' : 'ConfigMap proxy-body-size']})

  // redirect/redirect.go: temporal-redirect wins; codes outside the range fall back to the default.
  const temporal = ann<string>(r, 'temporal-redirect')
  const permanent = ann<string>(r, 'permanent-redirect')
  if (temporal !== undefined) {
    const c = ann<number>(r, 'temporal-redirect-code')
    const status = c !== undefined && c >= 300 && c <= 307 ? c : 302
    out.push({type: 'return', status, url: temporal, by: c !== undefined ? ['temporal-redirect', 'temporal-redirect-code'] : ['temporal-redirect']})
  } else if (permanent !== undefined) {
    const c = ann<number>(r, 'permanent-redirect-code')
    const status = c !== undefined && c >= 300 && c <= 308 ? c : 301
    out.push({type: 'return', status, url: permanent, by: c !== undefined ? ['permanent-redirect', 'permanent-redirect-code'] : ['permanent-redirect']})
  }

  // template.go buildProxyPass: no rewrite when the target equals the path.
  const target = ann<string>(r, 'rewrite-target')
  const rewrites = target !== undefined && target !== r.path && !r.defaultBackend
  if (rewrites) out.push({type: 'rewrite', pattern: r.path, target, by: ['rewrite-target']})

  const force = ann<boolean>(r, 'force-ssl-redirect') ?? s.forceSslRedirect
  const whenTls = ann<boolean>(r, 'ssl-redirect') ?? s.sslRedirect
  const hasTls = r.tls !== undefined
  if (force || (whenTls && hasTls)) {
    const by: string[] = []
    if (force) by.push(ann<boolean>(r, 'force-ssl-redirect') !== undefined ? 'force-ssl-redirect' : 'ConfigMap force-ssl-redirect')
    else by.push(ann<boolean>(r, 'ssl-redirect') !== undefined ? 'ssl-redirect' : 'ssl-redirect (default with TLS)')
    const preserve = ann<boolean>(r, 'preserve-trailing-slash') ?? s.preserveTrailingSlash
    const usePort = ann<boolean>(r, 'use-port-in-redirects') ?? s.usePortInRedirects
    if (ann<boolean>(r, 'preserve-trailing-slash') !== undefined) by.push('preserve-trailing-slash')
    if (ann<boolean>(r, 'use-port-in-redirects') !== undefined) by.push('use-port-in-redirects')
    out.push({type: 'https-redirect', force, whenTls, hasTls, status: s.httpRedirectCode, preserveTrailingSlash: preserve, usePort, trustForwarded: s.useForwardedHeaders, by})
  }

  // ipallowlist/ipdenylist: an annotation replaces the ConfigMap's list; allowlist-source-range wins over its old name.
  const allowOwn = ann<readonly string[]>(r, 'allowlist-source-range')
  const allowOld = allowOwn === undefined ? ann<readonly string[]>(r, 'whitelist-source-range') : undefined
  const allow = allowOwn ?? allowOld ?? s.allowRanges
  const denyOwn = ann<readonly string[]>(r, 'denylist-source-range')
  const deny = denyOwn ?? s.denyRanges
  if (allow.length > 0 || deny.length > 0) {
    const allowBy = allowOwn ? 'allowlist-source-range' : allowOld ? 'whitelist-source-range' : 'ConfigMap whitelist-source-range'
    const denyBy = denyOwn ? 'denylist-source-range' : 'ConfigMap denylist-source-range'
    out.push({
      type: 'access',
      allow,
      deny,
      allowBy,
      denyBy,
      ...(s.useForwardedHeaders ? {realIp: {header: s.forwardedForHeader, trusted: s.proxyRealIpCidr}} : {}),
      by: [...(deny.length > 0 ? [denyBy] : []), ...(allow.length > 0 ? [allowBy] : [])],
    })
  }

  const vhost = ann<string>(r, 'upstream-vhost')
  if (vhost !== undefined) out.push({type: 'upstream-host', host: vhost, by: ['upstream-vhost']})
  const prefix = ann<string>(r, 'x-forwarded-prefix')
  if (prefix !== undefined && rewrites) out.push({type: 'request-header', name: 'X-Forwarded-Prefix', value: prefix, by: ['x-forwarded-prefix']})
  const connection = ann<string>(r, 'connection-proxy-header')
  if (connection !== undefined) out.push({type: 'request-header', name: 'Connection', value: connection, by: ['connection-proxy-header']})

  // lua_ingress.lua header(): HSTS on HTTPS answers of servers with a certificate ("servers running SSL").
  if (s.hsts !== undefined && hasTls) out.push({type: 'hsts', value: s.hsts, by: ['ConfigMap hsts']})
  const from = ann<string>(r, 'proxy-redirect-from') ?? s.proxyRedirectFrom
  const to = ann<string>(r, 'proxy-redirect-to') ?? s.proxyRedirectTo
  // nginx.tmpl: `off` and `default` leave Location alone (proxy_pass names no URI); a `to` of off disables the rule.
  if (from !== 'off' && from !== 'default' && to !== 'off') {
    out.push({type: 'proxy-redirect', from, to, by: ['proxy-redirect-from', 'proxy-redirect-to'].map((k) => (ann(r, k) !== undefined ? k : `ConfigMap ${k}`))})
  }
  for (const [name, type] of [
    ['proxy-cookie-domain', 'cookie-domain'],
    ['proxy-cookie-path', 'cookie-path'],
  ] as const) {
    const v = ann<string>(r, name) ?? (type === 'cookie-domain' ? s.proxyCookieDomain : s.proxyCookiePath)
    if (v === 'off') continue
    const [f, t] = v.split(/\s+/)
    if (f !== undefined && t !== undefined) out.push({type, from: f, to: t, by: [ann(r, name) !== undefined ? name : `ConfigMap ${name}`]})
  }
  const db = ann<string>(r, 'default-backend')
  if (db !== undefined && lookup && r.backend.kind === 'service') {
    const base = {
      backend: lookup(r.ingress.namespace, db),
      namespace: r.ingress.namespace,
      ingress: r.ingress.name,
      service: r.backend.name,
      servicePort: String(r.backend.port.number ?? r.backend.port.name ?? ''),
    }
    const codes = ann<readonly number[]>(r, 'custom-http-errors')
    if (codes !== undefined) out.push({type: 'custom-errors', codes, ...base, by: ['custom-http-errors', 'default-backend']})
    out.push({type: 'default-backend', ...base, by: ['default-backend']})
  }
  return out.length > 0 ? out : undefined
}

/**
 * Actions for every ingress-nginx route, app-root applied server-wide as
 * nginx.tmpl writes it (the first location with app-root in ingress-nginx's
 * location order: longest path first), plus the from-to-www redirect hosts.
 */
export function attachActions(routes: Route[], config: NginxConfig = NGINX_DEFAULTS, lookup?: ServiceLookup): Route[] {
  // Nothing follows ingress-nginx: the routes stay as they are (no extra work for spec inputs).
  if (!routes.some(followsNginx)) return routes
  const s = actionSettings(config)
  const appRoots = new Map<string, {root: string; path: string}>()
  const hosts = new Set<string>()
  for (const r of routes) {
    hosts.add(r.host)
    if (!followsNginx(r)) continue
    const root = ann<string>(r, 'app-root')
    if (root === undefined) continue
    const prev = appRoots.get(r.host)
    if (!prev || r.path.length > prev.path.length || (r.path.length === prev.path.length && r.path > prev.path)) appRoots.set(r.host, {root, path: r.path})
  }
  const out: Route[] = []
  const www = new Map<string, Route>()
  for (const r of routes) {
    if (!followsNginx(r)) {
      out.push(r)
      continue
    }
    const app = appRoots.get(r.host)
    const actions = routeActions(r, s, app ? {root: app.root, by: 'app-root'} : undefined, lookup)
    out.push(actions ? Object.freeze({...r, actions: Object.freeze(actions)}) : r)
    if (ann<boolean>(r, 'from-to-www-redirect') === true && !r.host.startsWith('*')) {
      const from = r.host.startsWith('www.') ? r.host.slice(4) : `www.${r.host}`
      if (!hosts.has(from) && !www.has(from)) {
        const hsts: RouteAction[] = s.hsts !== undefined && r.tls !== undefined ? [{type: 'hsts', value: s.hsts, by: ['ConfigMap hsts']}] : []
        www.set(
          from,
          Object.freeze({
            ...r,
            id: `${from}|/|Prefix`,
            host: from,
            path: '/',
            pathType: 'Prefix',
            matchKind: 'Prefix',
            actions: Object.freeze([{type: 'www-redirect', to: r.host, status: s.httpRedirectCode, by: ['from-to-www-redirect']}, ...hsts] as RouteAction[]),
          }),
        )
      }
    }
  }
  for (const r of www.values()) out.push(r)
  for (const r of aliasRoutes(out, hosts)) out.push(r)
  return out
}

/**
 * server-alias: the alias hosts serve every path of the host's server. The
 * first Ingress (in input order) that sets aliases for a host decides them;
 * an alias that is a rule host is skipped (controller.go createServers).
 */
function aliasRoutes(routes: readonly Route[], hosts: ReadonlySet<string>): Route[] {
  const aliases = new Map<string, readonly string[]>()
  for (const r of routes) {
    if (!followsNginx(r) || aliases.has(r.host)) continue
    const list = ann<readonly string[]>(r, 'server-alias')
    if (list) aliases.set(r.host, list)
  }
  if (aliases.size === 0) return []
  const taken = new Set<string>()
  const out: Route[] = []
  for (const [host, list] of aliases) {
    for (const alias of list) {
      if (alias === host || hosts.has(alias) || taken.has(alias)) continue
      taken.add(alias)
      for (const r of routes) {
        if (r.host !== host) continue
        out.push(Object.freeze({...r, id: `${alias}|${r.path}|${r.pathType}`, host: alias}))
      }
    }
  }
  return out
}
