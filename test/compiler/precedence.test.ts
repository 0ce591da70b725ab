import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {ingress, rule, snapshot, svc} from './helpers.js'

function name(route: {backend: {kind: string; name: string}} | undefined): string | undefined {
  return route?.backend.name
}

describe('precedence', () => {
  test('the longest matching path wins, across Ingresses of the same host (rules merge)', () => {
    const t = compile(
      snapshot({
        ingresses: [
          ingress('root', [rule('shop.example.com', ['/', 'Prefix', svc('web', 80)])]),
          ingress('api', [rule('shop.example.com', ['/api', 'Prefix', svc('api', 80)], ['/api/v2', 'Prefix', svc('api-v2', 80)])], {namespace: 'team'}),
          ingress('login', [rule('shop.example.com', ['/api/v2/login', 'Exact', svc('login', 80)])]),
        ],
      }),
    )
    assert.equal(name(t.lookup('shop.example.com', '/').route), 'web')
    assert.equal(name(t.lookup('shop.example.com', '/api').route), 'api')
    assert.equal(name(t.lookup('shop.example.com', '/api/v1/x').route), 'api')
    assert.equal(name(t.lookup('shop.example.com', '/api/v2').route), 'api-v2')
    assert.equal(name(t.lookup('shop.example.com', '/api/v2/login').route), 'login')
    assert.equal(name(t.lookup('shop.example.com', '/api/v2/login/x').route), 'api-v2')
    assert.equal(t.lookup('shop.example.com', '/api').route?.ingress.namespace, 'team')
    assert.deepEqual(t.diagnostics, [])
  })

  test('equal length: Exact beats Prefix, whatever the order and the Ingress', () => {
    for (const order of [0, 1]) {
      const a = ingress('prefix', [rule('x.com', ['/foo', 'Prefix', svc('prefix', 80)])], {creationTimestamp: '2020-01-01T00:00:00Z'})
      const b = ingress('exact', [rule('x.com', ['/foo', 'Exact', svc('exact', 80)])], {creationTimestamp: '2024-01-01T00:00:00Z'})
      const t = compile(snapshot({ingresses: order ? [a, b] : [b, a]}))
      assert.equal(name(t.lookup('x.com', '/foo').route), 'exact')
      assert.equal(name(t.lookup('x.com', '/foo/').route), 'prefix')
      const ex = t.explain('x.com', '/foo')
      assert.deepEqual(
        ex.candidates.map((c) => [c.route.pathType, c.reason]),
        [['Prefix', 'prefix-loses-to-exact']],
      )
      assert.match(ex.candidates[0]!.detail, /Exact \/foo wins over Prefix \/foo at equal length/)
    }
  })

  test('Exact /foo/ beats Prefix /foo for /foo/ (lengths ignore the trailing slash)', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/foo', 'Prefix', svc('prefix', 80)], ['/foo/', 'Exact', svc('exact', 80)])])]}))
    assert.equal(name(t.lookup('x.com', '/foo/').route), 'exact')
    assert.equal(name(t.lookup('x.com', '/foo').route), 'prefix')
  })

  test('ImplementationSpecific is matched as Prefix', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/docs', 'ImplementationSpecific', svc('docs', 80)])])]}))
    const r = t.lookup('x.com', '/docs/intro').route
    assert.equal(r?.pathType, 'ImplementationSpecific')
    assert.equal(r?.matchKind, 'Prefix')
    assert.equal(t.lookup('x.com', '/docsx').matched, false)
  })

  test('explain lists shorter paths and path mismatches with the reason', () => {
    const t = compile(
      snapshot({
        ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('root', 80)], ['/a', 'Prefix', svc('a', 80)], ['/b', 'Exact', svc('b', 80)], ['/a/b', 'Prefix', svc('ab', 80)])])],
      }),
    )
    const ex = t.explain('x.com', '/a/b/c?q=1')
    assert.equal(ex.path, '/a/b/c')
    assert.equal(name(ex.route), 'ab')
    assert.deepEqual(
      ex.candidates.map((c) => `${c.route.path}:${c.reason}`),
      ['/:shorter-path', '/a:shorter-path', '/b:path-mismatch'],
    )
    assert.ok(ex.steps.length >= 3)
    assert.match(ex.steps.join('\n'), /longest matching prefix/)
  })
})

describe('conflicts', () => {
  test('same host, path and pathType in two Ingresses: the oldest wins, warning names both with file:line', () => {
    const older = ingress('older', [rule('x.com', ['/app', 'Prefix', svc('old', 80)])], {namespace: 'b', creationTimestamp: '2021-05-01T10:00:00Z', file: 'old.yaml', line: 12})
    const newer = ingress('newer', [rule('x.com', ['/app', 'Prefix', svc('new', 80)])], {namespace: 'a', creationTimestamp: '2023-05-01T10:00:00Z', file: 'new.yaml', line: 30})
    for (const ingresses of [[older, newer], [newer, older]]) {
      const t = compile(snapshot({ingresses}))
      assert.equal(name(t.lookup('x.com', '/app/x').route), 'old')
      assert.equal(t.routes.length, 1)
      const dup = t.diagnostics.filter((d) => d.rule === 'duplicate-route')
      assert.equal(dup.length, 1)
      const d = dup[0]!
      assert.equal(d.severity, 'warning')
      assert.deepEqual(d.object, {kind: 'Ingress', namespace: 'a', name: 'newer'})
      assert.equal(d.location?.file, 'new.yaml')
      assert.equal(d.location?.line, 30)
      assert.match(d.message, /a\/newer/)
      assert.match(d.message, /b\/older \(old\.yaml:12:\d+\)/)
      assert.deepEqual(d.related?.[0]?.object, {kind: 'Ingress', namespace: 'b', name: 'older'})
      assert.equal(d.related?.[0]?.location?.file, 'old.yaml')
      const ex = t.explain('x.com', '/app')
      assert.deepEqual(
        ex.candidates.map((c) => [c.route.ingress.name, c.reason]),
        [['newer', 'conflict-loser']],
      )
    }
  })

  test('three Ingresses with the same route, in any input order: the oldest wins, each other one gets its warning', () => {
    const mk = (n: string, year: number) => ingress(n, [rule('x.com', ['/app', 'Exact', svc(n, 80)], ['/other', 'Prefix', svc(n, 80)])], {creationTimestamp: `${year}-01-01T00:00:00Z`})
    const [a, b, c] = [mk('a', 2022), mk('b', 2020), mk('c', 2021)]
    for (const ingresses of [[a, b, c], [c, a, b], [b, c, a]]) {
      const t = compile(snapshot({ingresses}))
      assert.deepEqual(t.routes.map((r) => `${r.path}:${name(r)}`), ['/app:b', '/other:b'])
      const dup = t.diagnostics.filter((d) => d.rule === 'duplicate-route')
      assert.deepEqual(dup.map((d) => `${d.object?.name}→${d.related?.[0]?.object?.name}`).sort(), ['a→b', 'a→b', 'c→b', 'c→b'])
      assert.deepEqual(t.explain('x.com', '/app').candidates.filter((x) => x.reason === 'conflict-loser').map((x) => `${x.route.path}:${x.route.ingress.name}`), ['/app:c', '/app:a', '/other:c', '/other:a'])
    }
  })

  test('same creationTimestamp (or none): namespace/name decides', () => {
    const a = ingress('zeta', [rule('x.com', ['/', 'Prefix', svc('zeta', 80)])], {namespace: 'alpha'})
    const b = ingress('alpha', [rule('x.com', ['/', 'Prefix', svc('alpha', 80)])], {namespace: 'beta'})
    assert.equal(name(compile(snapshot({ingresses: [b, a]})).lookup('x.com', '/').route), 'zeta')
    // An Ingress with a creationTimestamp is older than one without.
    const c = ingress('created', [rule('x.com', ['/', 'Prefix', svc('created', 80)])], {namespace: 'zzz', creationTimestamp: '2022-01-01T00:00:00Z'})
    assert.equal(name(compile(snapshot({ingresses: [a, b, c]})).lookup('x.com', '/').route), 'created')
  })

  test('a path repeated in one Ingress: the first one written wins', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/p', 'Exact', svc('first', 80)]), rule('x.com', ['/p', 'Exact', svc('second', 80)])])]}))
    assert.equal(name(t.lookup('x.com', '/p').route), 'first')
    assert.deepEqual(t.diagnostics.map((d) => d.rule), ['duplicate-route'])
    assert.match(t.diagnostics[0]!.message, /declared twice/)
  })

  test('Prefix /foo and /foo/ select the same requests: deterministic choice, both stay in the table', () => {
    const a = ingress('a', [rule('x.com', ['/foo/', 'Prefix', svc('slash', 80)])], {creationTimestamp: '2020-01-01T00:00:00Z'})
    const b = ingress('b', [rule('x.com', ['/foo', 'Prefix', svc('noslash', 80)])], {creationTimestamp: '2021-01-01T00:00:00Z'})
    const t = compile(snapshot({ingresses: [b, a]}))
    assert.deepEqual(t.routes.map((r) => r.path), ['/foo', '/foo/'])
    // The older Ingress wins.
    for (const p of ['/foo', '/foo/', '/foo/x']) assert.equal(name(t.lookup('x.com', p).route), 'slash')
    const ex = t.explain('x.com', '/foo')
    assert.deepEqual(ex.candidates.map((c) => [c.route.path, c.reason]), [['/foo', 'conflict-loser']])
    // Same Ingress: the path written without the trailing slash.
    const one = compile(snapshot({ingresses: [ingress('c', [rule('x.com', ['/foo/', 'Prefix', svc('slash', 80)], ['/foo', 'Prefix', svc('noslash', 80)])])]}))
    assert.equal(name(one.lookup('x.com', '/foo/bar').route), 'noslash')
  })

  test('Prefix beats ImplementationSpecific on the same path', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/p', 'ImplementationSpecific', svc('impl', 80)], ['/p', 'Prefix', svc('prefix', 80)])])]}))
    assert.equal(name(t.lookup('x.com', '/p').route), 'prefix')
    assert.equal(t.routes.length, 2)
  })
})

describe('default backend', () => {
  test('used when no rule matches; the route has host *, path /, Prefix, id *|default, and is listed last', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/app', 'Prefix', svc('app', 80)])], {defaultBackend: svc('fallback', 8080)})]}))
    const d = t.lookup('y.com', '/anything').route!
    assert.equal(d.id, '*|default')
    assert.equal(d.host, '*')
    assert.equal(d.path, '/')
    assert.equal(d.pathType, 'Prefix')
    assert.equal(d.defaultBackend, true)
    assert.equal(d.ruleIndex, -1)
    assert.equal(t.defaultRoute, d)
    assert.equal(t.routes.at(-1), d)
    assert.equal(name(t.lookup('x.com', '/app').route), 'app')
    assert.equal(name(t.lookup('x.com', '/other').route), 'fallback')
  })

  test('a defaultBackend alone (no rules) serves everything', () => {
    const t = compile(snapshot({ingresses: [ingress('only', [], {defaultBackend: svc('only', 80)})]}))
    assert.equal(name(t.lookup('any.host', '/x/y').route), 'only')
    assert.deepEqual(t.hosts, [])
  })

  test('several Ingresses with a defaultBackend: the oldest wins with a warning', () => {
    const a = ingress('a', [], {defaultBackend: svc('a', 80), creationTimestamp: '2022-01-01T00:00:00Z', line: 3})
    const b = ingress('b', [], {defaultBackend: svc('b', 80), creationTimestamp: '2021-01-01T00:00:00Z', line: 9})
    const t = compile(snapshot({ingresses: [a, b]}))
    assert.equal(name(t.defaultRoute), 'b')
    const w = t.diagnostics.filter((d) => d.rule === 'multiple-default-backends')
    assert.equal(w.length, 1)
    assert.equal(w[0]!.severity, 'warning')
    assert.equal(w[0]!.object?.name, 'a')
    assert.equal(w[0]!.related?.[0]?.object?.name, 'b')
    const ex = t.explain('h', '/')
    assert.deepEqual(ex.candidates.map((c) => [c.route.ingress.name, c.reason]), [['a', 'conflict-loser']])
  })

  test('no rule and no default backend: not matched (404)', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/app', 'Exact', svc('app', 80)])])]}))
    const r = t.lookup('x.com', '/app/')
    assert.deepEqual(r, {matched: false, host: 'x.com', path: '/app/'})
    // A match carries the same fields as own, enumerable data (spread, JSON and structured clone see them).
    const m = t.lookup('X.com:80', '/app?q')
    assert.deepEqual({...m}, {matched: true, route: t.routes[0], host: 'x.com', path: '/app'})
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(m))), ['matched', 'route', 'host', 'path'])
    assert.equal(structuredClone(m).route?.path, '/app')
    const ex = t.explain('y.com', '/app')
    assert.equal(ex.matched, false)
    assert.deepEqual(ex.candidates.map((c) => [c.route.host, c.reason]), [['x.com', 'host-mismatch']])
    assert.match(ex.steps.join('\n'), /404/)
  })
})
