import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {emptySnapshot} from '../../src/model/snapshot.js'
import {ingress, rawIngress, rule, snapshot, svc} from './helpers.js'

describe('route table', () => {
  const make = () =>
    compile(
      snapshot({
        ingresses: [
          ingress('b', [rule('b.com', ['/z', 'Prefix', svc('z', 80)], ['/a', 'Exact', svc('a', 80)], ['/a', 'Prefix', svc('a2', 80)])], {defaultBackend: svc('d', 80)}),
          ingress('a', [rule(undefined, ['/', 'Prefix', svc('any', 80)]), rule('a.com', ['/', 'ImplementationSpecific', svc('x', 80)])]),
          ingress('c', [rule('*.b.com', ['/', 'Prefix', svc('w', 80)])]),
        ],
      }),
    )

  test('routes sorted by host, path, pathType; default route last; ids host|path|pathType', () => {
    assert.deepEqual(make().routes.map((r) => r.id), [
      '*|/|Prefix',
      '*.b.com|/|Prefix',
      'a.com|/|ImplementationSpecific',
      'b.com|/a|Exact',
      'b.com|/a|Prefix',
      'b.com|/z|Prefix',
      '*|default',
    ])
  })

  test('the same snapshot compiles to the same table whatever the input order', () => {
    const t1 = make()
    const reversed = compile(
      snapshot({
        ingresses: [
          ingress('c', [rule('*.b.com', ['/', 'Prefix', svc('w', 80)])]),
          ingress('a', [rule(undefined, ['/', 'Prefix', svc('any', 80)]), rule('a.com', ['/', 'ImplementationSpecific', svc('x', 80)])]),
          ingress('b', [rule('b.com', ['/z', 'Prefix', svc('z', 80)], ['/a', 'Exact', svc('a', 80)], ['/a', 'Prefix', svc('a2', 80)])], {defaultBackend: svc('d', 80)}),
        ],
      }),
    )
    assert.deepEqual(JSON.parse(JSON.stringify(reversed.routes)), JSON.parse(JSON.stringify(t1.routes)))
  })

  test('the table, its arrays and its routes are frozen', () => {
    const t = make()
    assert.ok(Object.isFrozen(t))
    assert.ok(Object.isFrozen(t.routes))
    assert.ok(Object.isFrozen(t.tls))
    assert.ok(Object.isFrozen(t.diagnostics))
    assert.ok(Object.isFrozen(t.hosts))
    for (const r of t.routes) {
      assert.ok(Object.isFrozen(r))
      assert.ok(Object.isFrozen(r.backend))
      assert.ok(Object.isFrozen(r.annotations))
    }
    assert.throws(() => (t.routes as unknown as unknown[]).push(1))
  })

  test('lookup and explain work detached from the table (held by reference by the proxy)', () => {
    const {lookup, explain, tlsFor} = make()
    assert.equal(lookup('b.com', '/a').route?.pathType, 'Exact')
    assert.equal(explain('b.com', '/a').route?.pathType, 'Exact')
    assert.equal(tlsFor('b.com'), undefined)
  })

  test('an empty snapshot compiles to an empty table', () => {
    const t = compile(emptySnapshot())
    assert.deepEqual([t.routes, t.tls, t.diagnostics, t.hosts], [[], [], [], []])
    assert.equal(t.defaultRoute, undefined)
    assert.equal(t.lookup('x', '/').matched, false)
    assert.equal(t.explain('x', '/').matched, false)
  })

  test('route locations point at the path field', () => {
    const t = compile(snapshot({ingresses: [ingress('loc', [rule('a.com', ['/x', 'Exact', svc('a', 80)])], {file: 'dir/loc.yaml', line: 7})]}))
    assert.deepEqual(t.routes[0]!.location, {file: 'dir/loc.yaml', line: 7, col: 8, field: 'spec.rules[0].http.paths[0].path'})
  })
})

describe('API-server validation', () => {
  test('an Ingress the API server would reject is left out, and its errors are in the diagnostics', () => {
    const good = ingress('good', [rule('good.com', ['/', 'Prefix', svc('good', 80)])])
    const bad = rawIngress({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {name: 'bad'},
      spec: {rules: [{host: 'bad.com', http: {paths: [{path: '/', backend: {service: {name: 'x', port: {number: 80}}}}]}}]},
    })
    const t = compile(snapshot({ingresses: [good, bad]}))
    assert.deepEqual(t.hosts, ['good.com'])
    const errs = t.diagnostics.filter((d) => d.severity === 'error')
    assert.deepEqual(errs.map((d) => [d.rule, d.object?.name]), [['path-type-required', 'bad']])
  })

  test('validation runs regardless of class, and the class exclusion is not reported on top of a rejection', () => {
    const bad = rawIngress({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {name: 'bad'},
      spec: {ingressClassName: 'other', rules: [{host: 'BAD.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'x', port: {number: 80}}}}]}}]},
    })
    const t = compile(snapshot({ingresses: [bad]}), {ingressClass: 'nginx'})
    assert.deepEqual(t.diagnostics.map((d) => d.rule), ['invalid-host'])
  })

  test('an Ingress whose spec is a string does not crash the compiler', () => {
    const weird = rawIngress({apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'weird'}, spec: 'oops' as never})
    const t = compile(snapshot({ingresses: [weird]}))
    assert.equal(t.routes.length, 0)
    assert.ok(t.diagnostics.some((d) => d.severity === 'error'))
  })
})
