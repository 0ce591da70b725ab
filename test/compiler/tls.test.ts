import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {ingress, rule, snapshot, svc} from './helpers.js'

describe('TLS bindings', () => {
  const t = compile(
    snapshot({
      ingresses: [
        ingress('shop', [rule('shop.example.com', ['/', 'Prefix', svc('shop', 80)]), rule('*.example.com', ['/', 'Prefix', svc('wild', 80)]), rule(undefined, ['/', 'Prefix', svc('any', 80)])], {
          namespace: 'shop',
          tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}, {hosts: ['*.example.com'], secretName: 'wild-tls'}],
        }),
        ingress('catch-all', [rule('other.org', ['/', 'Prefix', svc('other', 80)])], {namespace: 'edge', tls: [{secretName: 'default-tls'}]}),
      ],
    }),
  )

  test('one binding per host, sorted by host; empty hosts → *; secret namespace = Ingress namespace', () => {
    assert.deepEqual(
      t.tls.map((b) => [b.host, `${b.secretNamespace}/${b.secretName}`, b.ingress.name]),
      [
        ['*', 'edge/default-tls', 'catch-all'],
        ['*.example.com', 'shop/wild-tls', 'shop'],
        ['shop.example.com', 'shop/shop-tls', 'shop'],
      ],
    )
  })

  test('tlsFor: exact host, then *.parent (one label), then *', () => {
    assert.equal(t.tlsFor('shop.example.com')?.secretName, 'shop-tls')
    assert.equal(t.tlsFor('SHOP.example.com.')?.secretName, 'shop-tls')
    assert.equal(t.tlsFor('api.example.com')?.secretName, 'wild-tls')
    assert.equal(t.tlsFor('a.api.example.com')?.secretName, 'default-tls')
    assert.equal(t.tlsFor('example.com')?.secretName, 'default-tls')
    assert.equal(t.tlsFor('other.org')?.secretName, 'default-tls')
  })

  test('Route.tls is the binding for the route host (a * route gets only the * binding)', () => {
    const by = new Map(t.routes.map((r) => [r.host, r.tls?.secretName]))
    assert.equal(by.get('shop.example.com'), 'shop-tls')
    assert.equal(by.get('*.example.com'), 'wild-tls')
    assert.equal(by.get('*'), 'default-tls')
    assert.equal(by.get('other.org'), 'default-tls')
  })

  test('a TLS entry without secretName binds the host without a Secret', () => {
    const t2 = compile(snapshot({ingresses: [ingress('a', [rule('a.com', ['/', 'Prefix', svc('a', 80)])], {tls: [{hosts: ['a.com']}]})]}))
    const b = t2.tlsFor('a.com')!
    assert.equal(b.host, 'a.com')
    assert.equal(b.secretName, undefined)
    assert.equal(t2.tlsFor('b.com'), undefined)
    assert.equal(t2.lookup('a.com', '/').route?.tls, b)
  })

  test('same host, different Secrets in two Ingresses: the oldest wins with tls-conflict', () => {
    const older = ingress('older', [rule('a.com', ['/', 'Prefix', svc('a', 80)])], {creationTimestamp: '2020-01-01T00:00:00Z', tls: [{hosts: ['a.com'], secretName: 'old-cert'}], line: 5})
    const newer = ingress('newer', [rule('a.com', ['/x', 'Prefix', svc('a', 80)])], {creationTimestamp: '2021-01-01T00:00:00Z', tls: [{hosts: ['a.com'], secretName: 'new-cert'}], line: 40})
    const t2 = compile(snapshot({ingresses: [newer, older]}))
    assert.equal(t2.tlsFor('a.com')?.secretName, 'old-cert')
    assert.equal(t2.tls.length, 1)
    const c = t2.diagnostics.filter((d) => d.rule === 'tls-conflict')
    assert.equal(c.length, 1)
    assert.equal(c[0]!.object?.name, 'newer')
    assert.equal(c[0]!.location?.line, 40)
    assert.equal(c[0]!.related?.[0]?.object?.name, 'older')
    assert.match(c[0]!.message, /default\/new-cert.*default\/old-cert/)
    // Every route of the host uses the winning binding.
    assert.ok(t2.routes.every((r) => r.tls?.secretName === 'old-cert'))
  })

  test('the same Secret listed by two Ingresses is not a conflict', () => {
    const a = ingress('a', [rule('a.com', ['/', 'Prefix', svc('a', 80)])], {tls: [{hosts: ['a.com'], secretName: 'cert'}]})
    const b = ingress('b', [rule('a.com', ['/b', 'Prefix', svc('a', 80)])], {tls: [{hosts: ['a.com'], secretName: 'cert'}]})
    assert.deepEqual(compile(snapshot({ingresses: [a, b]})).diagnostics, [])
  })
})
