/**
 * ingress-nginx annotations compiled to route actions and run by the
 * evaluator serve and match share. Expected values follow ingress-nginx's
 * documentation, nginx.tmpl, lua_ingress.lua and its e2e suite
 * (test/e2e/annotations/*.go), written out by hand here.
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {evaluate} from '../../src/actions/evaluate.js'
import {requestOutcome} from '../../src/actions/outcome.js'
import {applyResponse} from '../../src/actions/response.js'
import type {Outcome} from '../../src/actions/types.js'
import {compile} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS, type NginxConfig} from '../../src/compiler/nginx/config.js'
import type {Route} from '../../src/model/routes.js'
import {ingress, rule, snapshot, svc} from '../compiler/helpers.js'

const P = 'nginx.ingress.kubernetes.io/'

function one(
  annotations: Record<string, string>,
  o: {path?: string; host?: string; tls?: boolean; className?: string; config?: NginxConfig; pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific'} = {},
): Route {
  const host = o.host ?? 'app.test'
  const ann = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [P + k, v]))
  const t = compile(
    snapshot({
      ingresses: [
        ingress('web', [rule(host, [o.path ?? '/', o.pathType ?? 'ImplementationSpecific', svc('web', 80)])], {
          annotations: ann,
          className: o.className ?? 'nginx',
          ...(o.tls ? {tls: [{hosts: [host], secretName: 'app-tls'}]} : {}),
        }),
      ],
    }),
    o.config ? {nginxConfig: o.config} : {},
  )
  const r = t.routes.find((x) => x.host === host)
  assert.ok(r, 'the route compiles')
  return r
}

function run(r: Route, url: string, host = r.host): Outcome {
  const m = /^(https?):\/\/[^/]*(.*)$/.exec(url)!
  return requestOutcome(r, {scheme: m[1] as 'http' | 'https', host, target: m[2] || '/'})
}

function config(raw: Record<string, string>, typed: Partial<NginxConfig> = {}): NginxConfig {
  return {...NGINX_DEFAULTS, ...typed, raw}
}

describe('rewrite-target', () => {
  test('captures of the path regex: the documented /something(/|$)(.*) → /$2', () => {
    const r = one({'rewrite-target': '/$2'}, {path: '/something(/|$)(.*)'})
    assert.equal((run(r, 'http://app.test/something') as {upstreamPath: string}).upstreamPath, '/')
    assert.equal((run(r, 'http://app.test/something/') as {upstreamPath: string}).upstreamPath, '/')
    assert.equal((run(r, 'http://app.test/something/new') as {upstreamPath: string}).upstreamPath, '/new')
    // The query string follows the rewritten path (nginx appends the request arguments).
    assert.equal((run(r, 'http://app.test/something/a/b?x=1&y=2') as {upstreamPath: string}).upstreamPath, '/a/b?x=1&y=2')
    // (?i): case-insensitive.
    assert.equal((run(r, 'http://app.test/SOMETHING/new') as {upstreamPath: string}).upstreamPath, '/new')
  })

  test('a fixed target replaces the whole path; the regex is not anchored at the end', () => {
    const r = one({'rewrite-target': '/'}, {path: '/testpath'})
    const o = run(r, 'http://app.test/testpath/deep/x?q=1')
    assert.deepEqual([o.type, (o as {upstreamPath: string}).upstreamPath, o.acted], ['proxy', '/?q=1', ['rewrite-target']])
  })

  test('the rewrite tests the normalised path ($uri); an unrewritten target goes upstream as sent', () => {
    const r = one({'rewrite-target': '/$1'}, {path: '/app/(.*)'})
    assert.equal((requestOutcome(r, {host: 'app.test', target: '/x/../app/%61b?q=1', path: '/app/ab'}) as {upstreamPath: string}).upstreamPath, '/ab?q=1')
    const plain = one({'upstream-vhost': 'in.svc'})
    assert.equal((requestOutcome(plain, {host: 'app.test', target: '/x/../a', path: '/a'}) as {upstreamPath: string}).upstreamPath, '/x/../a')
  })

  test('a target equal to the path rewrites nothing (buildProxyPass), nor sends X-Forwarded-Prefix', () => {
    const r = one({'rewrite-target': '/api', 'x-forwarded-prefix': '/api'}, {path: '/api'})
    const o = run(r, 'http://app.test/api/x') as Extract<Outcome, {type: 'proxy'}>
    assert.equal(o.upstreamPath, '/api/x')
    assert.deepEqual(o.headers, [])
  })

  test('arguments in the target come first; a target ending with ? drops the request arguments', () => {
    const keep = one({'rewrite-target': '/search?src=ing'}, {path: '/find'})
    assert.equal((run(keep, 'http://app.test/find?q=a') as {upstreamPath: string}).upstreamPath, '/search?src=ing&q=a')
    const drop = one({'rewrite-target': '/search?'}, {path: '/find'})
    assert.equal((run(drop, 'http://app.test/find?q=a') as {upstreamPath: string}).upstreamPath, '/search')
  })

  test('a target that is an http(s) URL makes nginx redirect (302)', () => {
    const r = one({'rewrite-target': 'https://new.example.com/$1'}, {path: '/old/(.*)'})
    assert.deepEqual(run(r, 'http://app.test/old/page'), {type: 'redirect', status: 302, location: 'https://new.example.com/page', response: [], acted: ['rewrite-target']})
  })

  test('x-forwarded-prefix goes upstream with the rewrite, captures expanded', () => {
    const r = one({'rewrite-target': '/$2', 'x-forwarded-prefix': '/$1'}, {path: '/(shop)(?:/|$)(.*)'})
    const o = run(r, 'http://app.test/shop/cart') as Extract<Outcome, {type: 'proxy'}>
    assert.equal(o.upstreamPath, '/cart')
    assert.deepEqual(o.headers, [['X-Forwarded-Prefix', '/shop']])
    assert.deepEqual(o.acted, ['rewrite-target', 'x-forwarded-prefix'])
  })

  test('without the nginx profile (another class) nothing acts, and the compiler says so', () => {
    const r = one({'rewrite-target': '/'}, {path: '/testpath', className: 'traefik'})
    assert.equal(r.actions, undefined)
    assert.equal((run(r, 'http://app.test/testpath/x') as {upstreamPath: string}).upstreamPath, '/testpath/x')
    const t = compile(snapshot({ingresses: [ingress('web', [rule('app.test', ['/testpath', 'Prefix', svc('web', 80)])], {className: 'traefik', annotations: {[`${P}rewrite-target`]: '/', [`${P}backend-protocol`]: 'HTTPS'}})]}))
    assert.deepEqual(
      t.diagnostics.map((d) => `${d.rule}: ${d.message}`),
      ['annotation-not-applied: Ingress default/web: nginx.ingress.kubernetes.io/rewrite-target is not applied by ingressctl: this Ingress does not follow ingress-nginx, where the controller rewrites the path sent upstream (captures $1...), and matches every path of the host as a case-insensitive regular expression'],
    )
    // backend-protocol keeps applying whatever the class.
    assert.equal((t.routes[0]!.backend as {protocol: string}).protocol, 'https')
  })
})

describe('app-root', () => {
  test('/ is redirected (302) to $scheme://$http_host<root>; other paths and queries as nginx tests $uri', () => {
    const r = one({'app-root': '/app1'})
    assert.deepEqual(run(r, 'http://app.test/', 'app.test:8080'), {type: 'redirect', status: 302, location: 'http://app.test:8080/app1', response: [], acted: ['app-root']})
    assert.equal((run(r, 'http://app.test/?x=1') as {location: string}).location, 'http://app.test/app1')
    assert.equal(run(r, 'http://app.test/app1').type, 'proxy')
  })

  test('server-wide: a request for / served by another Ingress of the host is redirected too', () => {
    const t = compile(
      snapshot({
        ingresses: [
          ingress('root', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'nginx'}),
          ingress('api', [rule('app.test', ['/api', 'Prefix', svc('api', 80)])], {className: 'nginx', annotations: {[`${P}app-root`]: '/api/home'}}),
        ],
      }),
    )
    const root = t.lookup('app.test', '/').route!
    assert.equal(root.ingress.name, 'root')
    assert.equal((run(root, 'http://app.test/') as {location: string}).location, 'http://app.test/api/home')
  })

  test('a value that is not a path is refused and ignored', () => {
    const t = compile(snapshot({ingresses: [ingress('w', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'nginx', annotations: {[`${P}app-root`]: 'https://x.test/a'}})]}))
    assert.equal(run(t.routes[0]!, 'http://app.test/').type, 'proxy')
    assert.deepEqual(t.diagnostics.map((d) => d.rule), ['invalid-annotation'])
  })
})

describe('ssl-redirect, force-ssl-redirect, HSTS', () => {
  test('on by default for a host with TLS: 308 to https, port dropped, one trailing slash removed', () => {
    const r = one({}, {tls: true, path: '/'})
    assert.deepEqual(run(r, 'http://app.test/foo/?a=1', 'app.test:80'), {type: 'redirect', status: 308, location: 'https://app.test/foo/?a=1', response: [], acted: ['ssl-redirect (default with TLS)']})
    assert.equal((run(r, 'http://app.test/foo/') as {location: string}).location, 'https://app.test/foo')
    assert.equal((run(r, 'http://app.test/') as {location: string}).location, 'https://app.test')
  })

  test('HTTPS answers carry the controller default HSTS; HTTP answers do not', () => {
    const r = one({}, {tls: true})
    const o = run(r, 'https://app.test/x')
    assert.equal(o.type, 'proxy')
    assert.deepEqual(o.response.map((a) => a.type === 'hsts' && a.value), ['max-age=31536000; includeSubDomains'])
    const plain = one({})
    assert.deepEqual(run(plain, 'http://app.test/x').response, [])
  })

  test('no TLS: no redirect; force-ssl-redirect redirects anyway; ssl-redirect "false" turns it off', () => {
    assert.equal(run(one({}), 'http://app.test/x').type, 'proxy')
    assert.equal((run(one({'force-ssl-redirect': 'true'}), 'http://app.test/x') as {location: string}).location, 'https://app.test/x')
    assert.equal(run(one({'ssl-redirect': 'false'}, {tls: true}), 'http://app.test/x').type, 'proxy')
    assert.equal(run(one({'force-ssl-redirect': 'true'}), 'https://app.test/x').type, 'proxy')
  })

  test('preserve-trailing-slash and use-port-in-redirects', () => {
    assert.equal((run(one({'preserve-trailing-slash': 'true'}, {tls: true}), 'http://app.test/foo/') as {location: string}).location, 'https://app.test/foo/')
    assert.equal((run(one({'use-port-in-redirects': 'true'}, {tls: true}), 'http://app.test/foo') as {location: string}).location, 'https://app.test:443/foo')
  })

  test('ConfigMap: ssl-redirect false, force-ssl-redirect true, http-redirect-code, hsts keys', () => {
    assert.equal(run(one({}, {tls: true, config: config({}, {sslRedirect: false})}), 'http://app.test/x').type, 'proxy')
    assert.equal((run(one({}, {config: config({}, {forceSslRedirect: true})}), 'http://app.test/x') as {status: number}).status, 308)
    assert.equal((run(one({}, {tls: true, config: config({'http-redirect-code': '301'})}), 'http://app.test/x') as {status: number}).status, 301)
    // Not one of 301, 302, 307, 308: the controller keeps 308.
    assert.equal((run(one({}, {tls: true, config: config({'http-redirect-code': '303'})}), 'http://app.test/x') as {status: number}).status, 308)
    const hsts = run(one({}, {tls: true, config: config({}, {hstsMaxAge: 600, hstsIncludeSubdomains: false, hstsPreload: true})}), 'https://app.test/')
    assert.deepEqual(hsts.response.map((a) => a.type === 'hsts' && a.value), ['max-age=600; preload'])
    assert.deepEqual(run(one({}, {tls: true, config: config({}, {hsts: false})}), 'https://app.test/').response, [])
  })
})

describe('ConfigMap use-forwarded-headers', () => {
  test('the client X-Forwarded-Proto and -Host decide the HTTPS redirect only when trusted', () => {
    const req = {method: 'GET', scheme: 'http' as const, host: 'app.test', target: '/x'}
    const trusted = one({}, {tls: true, config: config({}, {useForwardedHeaders: true})})
    assert.equal(evaluate(trusted.actions!, {...req, forwardedProto: 'https'}).type, 'proxy')
    assert.deepEqual((evaluate(trusted.actions!, {...req, forwardedProto: 'http', forwardedHost: 'public.test, lb.test'}) as {location: string}).location, 'https://public.test/x')
    const untrusted = one({}, {tls: true})
    assert.equal((evaluate(untrusted.actions!, {...req, forwardedProto: 'https', forwardedHost: 'public.test'}) as {location: string}).location, 'https://app.test/x')
  })
})

describe('permanent-redirect, temporal-redirect', () => {
  test('301 by default, nginx variables expanded; the code annotation within 300–308, else 301', () => {
    assert.deepEqual(run(one({'permanent-redirect': 'https://www.example.org$request_uri'}), 'http://app.test/a?b=1'), {
      type: 'redirect',
      status: 301,
      location: 'https://www.example.org/a?b=1',
      response: [],
      acted: ['permanent-redirect'],
    })
    assert.equal((run(one({'permanent-redirect': 'https://x.test', 'permanent-redirect-code': '308'}), 'http://app.test/') as {status: number}).status, 308)
    assert.equal((run(one({'permanent-redirect': 'https://x.test', 'permanent-redirect-code': '309'}), 'http://app.test/') as {status: number}).status, 301)
  })

  test('temporal: 302 by default, code within 300–307; it wins over permanent-redirect', () => {
    assert.equal((run(one({'temporal-redirect': 'https://t.test/'}), 'http://app.test/') as {status: number}).status, 302)
    assert.equal((run(one({'temporal-redirect': 'https://t.test/', 'temporal-redirect-code': '307'}), 'http://app.test/') as {status: number}).status, 307)
    assert.equal((run(one({'temporal-redirect': 'https://t.test/', 'temporal-redirect-code': '308'}), 'http://app.test/') as {status: number}).status, 302)
    assert.equal((run(one({'temporal-redirect': 'https://t.test/', 'permanent-redirect': 'https://p.test/'}), 'http://app.test/') as {location: string}).location, 'https://t.test/')
  })

  test('a code nginx does not answer with a Location gives the URL as the body', () => {
    assert.deepEqual(run(one({'permanent-redirect': 'https://x.test/', 'permanent-redirect-code': '300'}), 'http://app.test/'), {type: 'respond', status: 300, body: 'https://x.test/', response: [], acted: ['permanent-redirect', 'permanent-redirect-code']})
  })

  test('the location return runs before the HTTPS redirect (rewrite module before the Lua handler)', () => {
    assert.equal((run(one({'permanent-redirect': 'https://x.test/'}, {tls: true}), 'http://app.test/') as {location: string}).location, 'https://x.test/')
  })

  test('a URL that is not http(s) is refused', () => {
    const r = one({'permanent-redirect': 'ftp://x.test/'})
    assert.equal(run(r, 'http://app.test/').type, 'proxy')
  })
})

describe('upstream Host, from-to-www, response rewriting', () => {
  test('upstream-vhost sets the Host sent upstream', () => {
    const o = run(one({'upstream-vhost': 'internal.svc'}), 'http://app.test/x') as Extract<Outcome, {type: 'proxy'}>
    assert.deepEqual([o.upstreamPath, o.upstreamHost], ['/x', 'internal.svc'])
  })

  test('from-to-www-redirect: www.<host> answers 308 to <host> with the port, trailing slash removed', () => {
    const t = compile(snapshot({ingresses: [ingress('w', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'nginx', annotations: {[`${P}from-to-www-redirect`]: 'true'}})]}))
    const www = t.lookup('www.app.test', '/foo/').route!
    assert.equal(www.host, 'www.app.test')
    assert.deepEqual(run(www, 'http://www.app.test/foo/'), {type: 'redirect', status: 308, location: 'http://app.test:80/foo', response: [], acted: ['from-to-www-redirect']})
    assert.equal(run(t.lookup('app.test', '/foo').route!, 'http://app.test/foo').type, 'proxy')
  })

  test('proxy-redirect-from/to rewrite Location; off by default', () => {
    const r = one({'proxy-redirect-from': 'http://internal:8080/', 'proxy-redirect-to': 'https://app.test/'})
    const o = run(r, 'http://app.test/')
    assert.deepEqual(applyResponse(['Location', 'http://internal:8080/login?x=1', 'content-length', '0'], o.response), ['Location', 'https://app.test/login?x=1', 'content-length', '0'])
    assert.deepEqual(run(one({}), 'http://app.test/').response, [])
  })

  test('proxy-cookie-domain and proxy-cookie-path rewrite Set-Cookie', () => {
    const r = one({'proxy-cookie-domain': 'localhost app.test', 'proxy-cookie-path': '/two/ /'})
    const o = run(r, 'http://app.test/')
    assert.deepEqual(applyResponse(['set-cookie', 'a=1; Domain=.LOCALHOST; Path=/two/x', 'set-cookie', 'b=2; domain=other.test; path=/one'], o.response), [
      'set-cookie',
      'a=1; Domain=app.test; Path=/x',
      'set-cookie',
      'b=2; domain=other.test; path=/one',
    ])
  })

  test('ConfigMap proxy-cookie-path applies where the annotation is absent', () => {
    const o = run(one({}, {config: config({'proxy-cookie-path': '/ /app/'})}), 'http://app.test/')
    assert.deepEqual(applyResponse(['set-cookie', 's=1; path=/'], o.response), ['set-cookie', 's=1; path=/app/'])
  })

  test('HSTS replaces what the upstream sent', () => {
    const o = run(one({}, {tls: true}), 'https://app.test/')
    assert.deepEqual(applyResponse(['strict-transport-security', 'max-age=1', 'x', 'y'], o.response), ['x', 'y', 'strict-transport-security', 'max-age=31536000; includeSubDomains'])
  })
})

describe('server-alias, proxy-http-version', () => {
  test('server-alias: the alias hosts serve the host\'s paths (all Ingresses of the host); a rule host is never taken over', () => {
    const t = compile(
      snapshot({
        ingresses: [
          ingress('main', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'nginx', annotations: {[`${P}server-alias`]: 'Alias.test, other.test, ,alias.test'}}),
          ingress('api', [rule('app.test', ['/api', 'Prefix', svc('api', 80)])], {className: 'nginx'}),
          ingress('other', [rule('other.test', ['/', 'Prefix', svc('other', 80)])], {className: 'nginx'}),
        ],
      }),
    )
    const at = (host: string, path: string) => {
      const r = t.lookup(host, path).route
      return r ? `${r.host} ${r.ingress.name}` : '404'
    }
    assert.equal(at('alias.test', '/x'), 'alias.test main')
    assert.equal(at('alias.test', '/api/v1'), 'alias.test api')
    assert.equal(at('other.test', '/'), 'other.test other')
  })

  test('server-alias on an Ingress not following ingress-nginx does nothing', () => {
    const t = compile(snapshot({ingresses: [ingress('main', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'traefik', annotations: {[`${P}server-alias`]: 'alias.test'}})]}))
    assert.equal(t.lookup('alias.test', '/').matched, false)
    assert.deepEqual(t.diagnostics.map((d) => d.rule), ['annotation-not-applied'])
  })

  test('proxy-http-version 1.0 is reported as not applied; 1.1 is accepted silently', () => {
    const rules = (v: string) =>
      compile(snapshot({ingresses: [ingress('w', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {className: 'nginx', annotations: {[`${P}proxy-http-version`]: v}})]})).diagnostics.map((d) => d.rule)
    assert.deepEqual(rules('1.0'), ['unsupported-annotation-value'])
    assert.deepEqual(rules('1.1'), [])
    // ingress-nginx's own parser refuses any other value (ValidateOptions 1.0, 1.1): reported once, as rejected.
    assert.deepEqual(rules('2'), ['annotation-value-rejected'])
  })
})
