/**
 * The ingress-nginx profile: which Ingresses follow it, the locations the
 * controller writes for their paths, and nginx's location selection over
 * them. Cases derived from nginx's location documentation
 * (https://nginx.org/en/docs/http/ngx_http_core_module.html#location),
 * ingress-nginx's controller (location.go, controller.go, template.go) and
 * the behaviour its e2e suite checks (test/e2e/ingress/pathtype_*.go,
 * test/e2e/annotations/rewrite.go).
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile, type CompileOptions} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS} from '../../src/compiler/nginx/config.js'
import type {Ingress} from '../../src/model/objects.js'
import type {Entry} from '../../src/model/snapshot.js'
import {ingress, ingressClass, rule, snapshot, svc, type PathSpec} from './helpers.js'

const HOST = 'app.test'
const REGEX = {'nginx.ingress.kubernetes.io/use-regex': 'true'}

function nginxIngress(name: string, paths: PathSpec[], o: {annotations?: Record<string, string>; creationTimestamp?: string; host?: string} = {}): Entry<Ingress> {
  return ingress(name, [rule(o.host ?? HOST, ...paths)], {className: 'nginx', ...(o.annotations ? {annotations: o.annotations} : {}), ...(o.creationTimestamp ? {creationTimestamp: o.creationTimestamp} : {})})
}

/** The backend Service that serves `path` on HOST, or '-' when no route does. */
function served(ingresses: Entry<Ingress>[], options: CompileOptions = {}) {
  const table = compile(snapshot({ingresses}), options)
  return (path: string, host = HOST): string => {
    const m = table.lookup(host, path)
    if (!m.matched || !m.route) return '-'
    const b = m.route.backend
    const name = b.kind === 'service' ? b.name : '?'
    return m.location?.slashRedirect ? `301 ${name}` : name
  }
}

/** The nginx location serving `path` on HOST (what explain, and so match, reports): `= /foo`, `/foo/`, `~* "^/foo"`, or '-'. */
function locationOf(ingresses: Entry<Ingress>[]) {
  const table = compile(snapshot({ingresses}))
  return (path: string): string => {
    const l = table.explain(HOST, path).location
    if (!l) return '-'
    return l.modifier === '~*' ? `~* "${l.path}"` : l.modifier === '' ? l.path : `${l.modifier} ${l.path}`
  }
}

describe('ingress-nginx paths without regex', () => {
  test('Prefix /aaa is `= /aaa` plus `/aaa/`: /aaacccc is not served', () => {
    const s = served([nginxIngress('a', [['/aaa', 'Prefix', svc('aaa', 80)]])])
    assert.equal(s('/aaa'), 'aaa')
    assert.equal(s('/aaa/'), 'aaa')
    assert.equal(s('/aaa/cccc'), 'aaa')
    assert.equal(s('/aaacccc'), '-')
    const loc = locationOf([nginxIngress('a', [['/aaa', 'Prefix', svc('aaa', 80)]])])
    assert.equal(loc('/aaa'), '= /aaa')
    assert.equal(loc('/aaa/cccc'), '/aaa/')
  })

  test('ImplementationSpecific is read as Prefix (SetDefaultNGINXPathType), not as a string prefix', () => {
    const s = served([nginxIngress('a', [['/impl', 'ImplementationSpecific', svc('impl', 80)]])])
    assert.equal(s('/impl'), 'impl')
    assert.equal(s('/impl/x'), 'impl')
    assert.equal(s('/implx'), '-')
    assert.equal(locationOf([nginxIngress('a', [['/impl', 'ImplementationSpecific', svc('impl', 80)]])])('/impl/x'), '/impl/')
  })

  test('Exact is `= path`: a trailing slash or a sub-path is not served', () => {
    const s = served([nginxIngress('a', [['/exact', 'Exact', svc('exact', 80)]])])
    assert.equal(s('/exact'), 'exact')
    assert.equal(s('/exact/'), '-')
    assert.equal(s('/exact/x'), '-')
    assert.equal(locationOf([nginxIngress('a', [['/exact', 'Exact', svc('exact', 80)]])])('/exact'), '= /exact')
  })

  test('Prefix /slash/ (trailing slash): /slash gets nginx\'s 301 to /slash/, unlike the spec profile', () => {
    const paths: PathSpec[] = [['/slash/', 'Prefix', svc('slash', 80)]]
    const s = served([nginxIngress('a', paths)])
    assert.equal(s('/slash'), '301 slash')
    assert.equal(s('/slash/'), 'slash')
    assert.equal(s('/slash/x'), 'slash')
    const spec = served([nginxIngress('a', paths)], {controller: 'spec'})
    assert.equal(spec('/slash'), 'slash')
  })

  test('an Exact path and a Prefix path of one value: the exact location wins at the path, the prefix below it', () => {
    const s = served([nginxIngress('a', [['/foo', 'Prefix', svc('prefix', 80)]]), nginxIngress('b', [['/foo', 'Exact', svc('exact', 80)]])])
    assert.equal(s('/foo'), 'exact')
    assert.equal(s('/foo/x'), 'prefix')
    // With an Exact /foo, the Prefix path gets only its /foo/ location.
    const loc = locationOf([nginxIngress('a', [['/foo', 'Prefix', svc('prefix', 80)]]), nginxIngress('b', [['/foo', 'Exact', svc('exact', 80)]])])
    assert.equal(loc('/foo'), '= /foo')
    assert.equal(loc('/foo/x'), '/foo/')
  })

  test('the longest prefix wins; static matching is case-sensitive', () => {
    const s = served([nginxIngress('a', [['/', 'Prefix', svc('root', 80)], ['/api', 'Prefix', svc('api', 80)], ['/api/v2', 'Prefix', svc('v2', 80)]])])
    assert.equal(s('/api/v2/x'), 'v2')
    assert.equal(s('/api/v1'), 'api')
    assert.equal(s('/API/v1'), 'root')
    assert.equal(locationOf([nginxIngress('a', [['/', 'Prefix', svc('root', 80)], ['/api/v2', 'Prefix', svc('v2', 80)]])])('/api/v2/x'), '/api/v2/')
  })

  test('nginx matches the normalized URI: %-escapes decoded, slashes merged, dot segments resolved; .. above the root is refused', () => {
    const s = served([nginxIngress('a', [['/aaa', 'Prefix', svc('aaa', 80)], ['/bbb', 'Exact', svc('bbb', 80)]])])
    assert.equal(s('/%61aa/x'), 'aaa')
    assert.equal(s('//aaa//x'), 'aaa')
    assert.equal(s('/aaa/../bbb'), 'bbb')
    assert.equal(s('/aaa/./x'), 'aaa')
    assert.equal(s('/../aaa'), '-')
    // The spec profile matches the path as sent.
    const spec = served([nginxIngress('a', [['/aaa', 'Prefix', svc('aaa', 80)]])], {controller: 'spec'})
    assert.equal(spec('/%61aa/x'), '-')
  })
})

describe('ingress-nginx regex mode (use-regex or rewrite-target on any Ingress of the host)', () => {
  test('every path of the host becomes ~* "^path": a plain Prefix /foo then also serves /FOO and /foox', () => {
    const s = served([
      nginxIngress('plain', [['/foo', 'Prefix', svc('plain', 80)]]),
      nginxIngress('regex', [['/foo.+', 'ImplementationSpecific', svc('regex', 80)]], {annotations: {...REGEX, 'nginx.ingress.kubernetes.io/rewrite-target': '/new/backend'}}),
    ])
    assert.equal(s('/foo'), 'plain')
    assert.equal(s('/FOO'), 'plain')
    assert.equal(s('/foo/bar'), 'regex')
    assert.equal(s('/foox'), 'regex')
  })

  test('regexes are tried longest path first, not longest match: /foo/bar/bar goes to /foo/bar/[a-z]{3}', () => {
    const s = served([
      nginxIngress('plain', [['/foo/bar/bar', 'Prefix', svc('plain', 80)]]),
      nginxIngress('regex', [['/foo/bar/[a-z]{3}', 'ImplementationSpecific', svc('regex', 80)]], {annotations: REGEX}),
    ])
    assert.equal(s('/foo/bar/bar'), 'regex')
  })

  test('a rewrite-target alone turns regex mode on, and Exact paths lose their exactness', () => {
    const s = served([
      nginxIngress('exact', [['/exact', 'Exact', svc('exact', 80)]]),
      nginxIngress('rw', [['/other', 'Prefix', svc('rw', 80)]], {annotations: {'nginx.ingress.kubernetes.io/rewrite-target': '/'}}),
    ])
    assert.equal(s('/exact/more'), 'exact')
    assert.equal(s('/EXACTLY'), 'exact')
  })

  test('a rewrite-target equal to the path does not turn regex mode on', () => {
    const a = [nginxIngress('a', [['/exact', 'Exact', svc('exact', 80)]], {annotations: {'nginx.ingress.kubernetes.io/rewrite-target': '/exact'}})]
    assert.equal(served(a)('/exact/more'), '-')
    assert.equal(locationOf(a)('/exact'), '= /exact')
  })

  test('use-regex is read as Go reads booleans: "True" and "1" turn it on, "yes" does not', () => {
    for (const [value, on] of [['True', true], ['1', true], ['yes', false], ['false', false]] as const) {
      const s = served([nginxIngress('a', [['/a[0-9]', 'ImplementationSpecific', svc('a', 80)]], {annotations: {'nginx.ingress.kubernetes.io/use-regex': value}})])
      assert.equal(s('/a7'), on ? 'a' : '-', value)
    }
  })

  test('Exact / loses to the server\'s own / location, written before it', () => {
    const s = served([nginxIngress('a', [['/', 'Exact', svc('root', 80)], ['/x', 'ImplementationSpecific', svc('x', 80)]], {annotations: REGEX})])
    assert.equal(s('/'), '-')
    assert.equal(s('/x'), 'x')
  })

  test('capture groups of the matched regex and the regex itself come with the match', () => {
    const table = compile(snapshot({ingresses: [nginxIngress('a', [['/foo/bar/(.+)', 'ImplementationSpecific', svc('a', 80)]], {annotations: REGEX})]}))
    const m = table.lookup(HOST, '/foo/bar/baz?q=1')
    assert.equal(m.location?.modifier, '~*')
    assert.equal(m.location?.path, '^/foo/bar/(.+)')
    assert.deepEqual(m.location?.captures, ['/foo/bar/baz', 'baz'])
    assert.ok(m.location?.regex)
    assert.equal(new RegExp(m.location.regex.source, m.location.regex.flags).exec('/FOO/bar/qux')?.[1], 'qux')
  })

  test('a regex JavaScript cannot express is an error naming the construct, and its location never matches', () => {
    const table = compile(snapshot({ingresses: [nginxIngress('a', [['/a++', 'ImplementationSpecific', svc('a', 80)], ['/b', 'Prefix', svc('b', 80)]], {annotations: REGEX})]}))
    const d = table.diagnostics.find((x) => x.rule === 'nginx-regex-unsupported')
    assert.ok(d)
    assert.equal(d.severity, 'error')
    assert.match(d.message, /possessive quantifier \+\+/)
    assert.equal(table.lookup(HOST, '/aaa').matched, false)
    assert.equal(table.lookup(HOST, '/b').route?.backend.kind === 'service' && table.lookup(HOST, '/b').route?.path, '/b')
  })

  test('explain says why the other locations lost under nginx\'s algorithm', () => {
    const table = compile(
      snapshot({
        ingresses: [
          nginxIngress('plain', [['/foo', 'Prefix', svc('plain', 80)]]),
          nginxIngress('regex', [['/foo/bar/(.+)', 'ImplementationSpecific', svc('regex', 80)]], {annotations: REGEX}),
        ],
      }),
    )
    const e = table.explain(HOST, '/foo/bar/x')
    assert.equal(e.route?.path, '/foo/bar/(.+)')
    const plain = e.candidates.find((c) => c.route.path === '/foo')
    assert.equal(plain?.reason, 'earlier-regex')
    assert.ok(e.steps.some((s) => s.includes('regex mode') && s.includes('default/regex')))
    assert.ok(e.steps.some((s) => s.includes('first matching regex')))
  })
})

describe('prefix locations and regex locations together (nginx\'s algorithm)', () => {
  test('a regex location wins over a matching prefix location; explain calls it regex-over-prefix', async () => {
    // ingress-nginx never mixes them in one server; the selection follows nginx all the same.
    const {NginxServerMatcher} = await import('../../src/table/nginx-server.js')
    const route = (path: string) => ({path}) as never
    const m = new NginxServerMatcher({
      host: HOST,
      regexMode: false,
      locations: [
        {modifier: '', path: '/images/', route: route('prefix'), origin: 'path'},
        {modifier: '^~', path: '/static/', route: route('nosearch'), origin: 'path'},
        {modifier: '~*', path: '\\.(gif|jpg)$', route: route('regex'), origin: 'path', regex: {source: '\\.(gif|jpg)$', flags: 'i'}},
        {modifier: '=', path: '/', route: route('exact'), origin: 'path'},
      ],
    })
    const pick = (uri: string) => (m.select(uri)?.location.route as {path: string} | undefined)?.path
    assert.equal(pick('/'), 'exact')
    assert.equal(pick('/images/a.txt'), 'prefix')
    assert.equal(pick('/images/a.GIF'), 'regex')
    assert.equal(pick('/static/a.gif'), 'nosearch')
    assert.equal(pick('/other'), undefined)
  })
})

describe('duplicates under ingress-nginx', () => {
  test('the first Ingress in the controller\'s order wins: oldest, then namespace/name from the greatest; a warning names both', () => {
    const paths: PathSpec[] = [['/dup', 'Prefix', svc('alpha', 80)]]
    const table = compile(snapshot({ingresses: [nginxIngress('alpha', paths), nginxIngress('zeta', [['/dup', 'Prefix', svc('zeta', 80)]])]}))
    assert.equal(table.lookup(HOST, '/dup').route?.ingress.name, 'zeta')
    const d = table.diagnostics.find((x) => x.rule === 'duplicate-route')
    assert.ok(d)
    assert.match(d.message, /Ingress default\/alpha: .* also declared by Ingress default\/zeta/)
    const aged = compile(
      snapshot({
        ingresses: [nginxIngress('alpha', paths, {creationTimestamp: '2024-01-01T00:00:00Z'}), nginxIngress('zeta', [['/dup', 'Prefix', svc('zeta', 80)]], {creationTimestamp: '2025-01-01T00:00:00Z'})],
      }),
    )
    assert.equal(aged.lookup(HOST, '/dup').route?.ingress.name, 'alpha')
  })

  test('ImplementationSpecific and Prefix on one path are duplicates (both are Prefix to ingress-nginx)', () => {
    const table = compile(snapshot({ingresses: [nginxIngress('b', [['/p', 'ImplementationSpecific', svc('b', 80)]]), nginxIngress('a', [['/p', 'Prefix', svc('a', 80)]])]}))
    assert.equal(table.lookup(HOST, '/p/x').route?.ingress.name, 'b')
    assert.ok(table.diagnostics.some((d) => d.rule === 'duplicate-route' && /Ingress default\/a: host app.test path \/p \(Prefix\) is also declared by Ingress default\/b/.test(d.message)))
  })
})

describe('strict-validate-path-type', () => {
  const bad = (): Entry<Ingress> => nginxIngress('bad', [['/foo/[a-z]+', 'Prefix', svc('bad', 80)]])
  test('an Exact or Prefix path with regex characters: ingress-nginx refuses the Ingress (default true since v1.12)', () => {
    const table = compile(snapshot({ingresses: [bad()]}))
    assert.equal(table.routes.length, 0)
    const d = table.diagnostics.find((x) => x.rule === 'nginx-path-rejected')
    assert.ok(d)
    assert.equal(d.severity, 'error')
    assert.match(d.message, /"\/foo\/\[a-z\]\+" cannot be used with pathType Prefix/)
  })
  test('ImplementationSpecific paths are not checked; strict-validate-path-type: "false" turns the check off; the spec profile never checks', () => {
    assert.equal(compile(snapshot({ingresses: [nginxIngress('ok', [['/foo/[a-z]+', 'ImplementationSpecific', svc('ok', 80)]])]})).routes.length, 1)
    assert.equal(compile(snapshot({ingresses: [bad()]}), {nginxConfig: {...NGINX_DEFAULTS, raw: {'strict-validate-path-type': 'false'}}}).routes.length, 1)
    assert.equal(compile(snapshot({ingresses: [bad()]}), {controller: 'spec'}).routes.length, 1)
  })
})

describe('lookup (the trie, for hosts without regex) and explain (the locations) agree', () => {
  test('on every request of a mixed set of paths, in both modes', () => {
    const paths: PathSpec[] = [
      ['/', 'Prefix', svc('root', 80)],
      ['/a', 'Prefix', svc('a', 80)],
      ['/a/b/', 'Prefix', svc('ab', 80)],
      ['/a/b/c', 'Exact', svc('abc', 80)],
      ['/d/', 'Exact', svc('d', 80)],
      ['/impl', 'ImplementationSpecific', svc('impl', 80)],
      ['/café', 'ImplementationSpecific', svc('cafe', 80)],
    ]
    // '/caf\u00c3\u00a9/x': the UTF-8 bytes of /café/x as a request path arrives (one code unit per byte).
    const requests = ['/caf\u00c3\u00a9/x', '/café/x', '/a', '/a/', '/ab', '/a/b', '/a/b/', '/a/b/c', '/a/b/c/', '/a/b/cd', '/d', '/d/', '/d/x', '/impl', '/impl/', '/implx', '/A', '//a', '/a/./b/c', '/x/../a/b/c', '/%61/b/c', '/..', '/a%2']
    for (const annotations of [undefined, REGEX]) {
      const table = compile(snapshot({ingresses: [nginxIngress('a', paths, annotations ? {annotations} : {})]}))
      for (const r of requests) {
        const l = table.lookup(HOST, r)
        const e = table.explain(HOST, r)
        const what = `${annotations ? 'regex' : 'static'} ${r}`
        assert.equal(l.route, e.route, what)
        if (r === '/caf\u00c3\u00a9/x') assert.equal(l.route?.path, '/café', what)
        assert.equal(l.location?.slashRedirect ?? false, e.location?.slashRedirect ?? false, what)
      }
    }
  })
})

describe('controller profile', () => {
  const path: PathSpec = ['/', 'Prefix', svc('s', 80)]
  const profileOf = (e: Entry<Ingress>, classes = [] as ReturnType<typeof ingressClass>[], options: CompileOptions = {}) => {
    const r = compile(snapshot({ingresses: [e], ingressClasses: classes}), options).routes[0]!
    return r.profile
  }
  const nginxClass = (name: string, isDefault = false) => {
    const c = ingressClass(name, isDefault)
    c.object.spec = {controller: 'k8s.io/ingress-nginx'}
    return c
  }

  test('IngressClass with spec.controller k8s.io/ingress-nginx, whatever its name', () => {
    const p = profileOf(ingress('a', [rule(HOST, path)], {className: 'public'}), [nginxClass('public')])
    assert.equal(p?.name, 'ingress-nginx')
    assert.match(p!.reason, /IngressClass public has spec.controller k8s.io\/ingress-nginx/)
  })
  test('class nginx with no IngressClass of that name in the input; the legacy annotation counts', () => {
    assert.equal(profileOf(ingress('a', [rule(HOST, path)], {className: 'nginx'}))?.name, 'ingress-nginx')
    assert.equal(profileOf(ingress('a', [rule(HOST, path)], {annotations: {'kubernetes.io/ingress.class': 'nginx'}}))?.name, 'ingress-nginx')
  })
  test('an IngressClass nginx of another controller is not ingress-nginx', () => {
    assert.equal(profileOf(ingress('a', [rule(HOST, path)], {className: 'nginx'}), [ingressClass('nginx')])?.name, 'spec')
  })
  test('class-less: nginx.ingress.kubernetes.io annotations, or a default IngressClass of ingress-nginx', () => {
    assert.equal(profileOf(ingress('a', [rule(HOST, path)], {annotations: {'nginx.ingress.kubernetes.io/ssl-redirect': 'false'}}))?.name, 'ingress-nginx')
    assert.equal(profileOf(ingress('a', [rule(HOST, path)]))?.name, 'spec')
    assert.equal(profileOf(ingress('a', [rule(HOST, path)]), [nginxClass('main', true)])?.name, 'ingress-nginx')
  })
  test('--controller forces one profile for all', () => {
    const forced = profileOf(ingress('a', [rule(HOST, path)], {className: 'nginx'}), [], {controller: 'spec'})
    assert.deepEqual(forced, {name: 'spec', reason: '--controller spec'})
    assert.equal(profileOf(ingress('a', [rule(HOST, path)]), [], {controller: 'ingress-nginx'})?.name, 'ingress-nginx')
  })
})
