import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {effectiveText, fieldText} from '../../src/diff/format/describe.js'
import type {RouteChange} from '../../src/diff/types.js'
import {diffFixtures, diffTexts} from './helpers.js'

/** One line per route change, for compact assertions. */
function lines(changes: ReadonlyArray<RouteChange>): string[] {
  return changes.map((c) =>
    c.change === 'changed'
      ? `~ ${c.after.host}${c.after.path} ${c.fields.map(fieldText).join('; ')}`
      : `${c.change === 'added' ? '+' : '-'} ${c.route.host}${c.route.path} ${c.route.pathType} ${c.route.backend}`,
  )
}

describe('route-level diff', () => {
  test('reordered documents and keys, comments, flow style and quoting: no diff', () => {
    const r = diffFixtures('base.yaml', 'reordered.yaml')
    assert.equal(r.changed, false)
    assert.deepEqual(r.routes, [])
    assert.deepEqual(r.effective, [])
    assert.deepEqual(r.summary, {added: 0, removed: 0, changed: 0, effective: 0})
  })

  test('the same input on both sides: no diff', () => {
    assert.equal(diffFixtures('many-changes.yaml', 'many-changes.yaml').changed, false)
  })

  test('backend change', () => {
    const r = diffFixtures('base.yaml', 'backend-change.yaml')
    assert.deepEqual(lines(r.routes), ['~ shop.example.com/ backend: web:80 → web-v2:80'])
    assert.deepEqual(r.effective, [])
    assert.equal(r.changed, true)
  })

  test('port change', () => {
    const r = diffFixtures('base.yaml', 'port-change.yaml')
    assert.deepEqual(lines(r.routes), ['~ api.shop.example.com/v1 port: 80 → 8080'])
    const c = r.routes[0]
    assert.ok(c.change === 'changed')
    assert.deepEqual(c.after.backendDetail, {service: {namespace: 'shop', name: 'api', port: {number: 8080}, resolvedPort: 8080}})
  })

  test('pathType change is a change of the route, not an add and a remove', () => {
    const r = diffFixtures('base.yaml', 'pathtype-change.yaml')
    assert.deepEqual(lines(r.routes), ['~ shop.example.com/healthz pathType: Exact → Prefix'])
    assert.deepEqual(r.summary, {added: 0, removed: 0, changed: 1, effective: 1})
    // /healthz/x used to fall through to / (web); the Prefix /healthz takes it now.
    assert.deepEqual(
      r.effective.map((e) => `${e.host}${e.path} ${effectiveText(e)}`),
      ['shop.example.com/healthz/x web:80 → status:8080 (now served by shop/web Prefix /healthz)'],
    )
  })

  test('TLS secret change, on every route of the host', () => {
    const r = diffFixtures('base.yaml', 'tls-change.yaml')
    assert.deepEqual(lines(r.routes), ['~ shop.example.com/ tls: shop/shop-tls → shop/shop-tls-2026', '~ shop.example.com/healthz tls: shop/shop-tls → shop/shop-tls-2026'])
  })

  test('added and removed routes', () => {
    const r = diffFixtures('base.yaml', 'added-removed.yaml')
    assert.deepEqual(lines(r.routes), ['- shop.example.com/healthz Exact status:8080', '+ shop.example.com/static Prefix static:80'])
    assert.deepEqual(r.summary, {added: 1, removed: 1, changed: 0, effective: 1})
  })

  test('ingress owner and protocol changes', () => {
    const ing = (name: string, annotations = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations}spec:
  rules:
    - host: a.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: a, port: {number: 443}}}
`
    const r = diffTexts(ing('one'), ing('two', '  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n'))
    assert.equal(r.routes.length, 1)
    const c = r.routes[0]
    assert.ok(c.change === 'changed')
    const fields = c.fields.map((f) => f.field)
    assert.ok(fields.includes('ingress'), fields.join())
    assert.ok(fields.includes('protocol'), fields.join())
    assert.deepEqual(
      c.fields.filter((f) => f.field === 'ingress' || f.field === 'protocol').map(fieldText),
      ['ingress: shop/one → shop/two', 'protocol: http → https'],
    )
  })

  test('a trailing slash on a Prefix path selects the same requests: no diff', () => {
    const ing = (path: string): string =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a, namespace: x}\nspec:\n  rules:\n    - host: a.example.com\n      http:\n        paths:\n          - {path: ${path}, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}\n`
    assert.equal(diffTexts(ing('/app'), ing('/app/')).changed, false)
    assert.equal(diffTexts(ing('/app'), ing('/apps')).changed, true)
  })

  test('Exact and Prefix on one path are two routes: each pairs with its own kind first', () => {
    const ing = (paths: string[]): string =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a, namespace: x}\nspec:\n  rules:\n    - host: a.example.com\n      http:\n        paths:\n${paths.map((p) => `          - ${p}\n`).join('')}`
    const exact = '{path: /foo, pathType: Exact, backend: {service: {name: e, port: {number: 80}}}}'
    const prefix = '{path: /foo, pathType: Prefix, backend: {service: {name: p, port: {number: 80}}}}'
    assert.deepEqual(lines(diffTexts(ing([exact, prefix]), ing([prefix])).routes), ['- a.example.com/foo Exact e:80'])
    assert.deepEqual(lines(diffTexts(ing([prefix]), ing([prefix, exact])).routes), ['+ a.example.com/foo Exact e:80'])
    assert.deepEqual(lines(diffTexts(ing([exact]), ing([prefix])).routes), ['~ a.example.com/foo pathType: Exact → Prefix; backend: e:80 → p:80'])
  })

  test('--ingress-class applies to both sides', () => {
    // Both fixtures use class nginx: with another class nothing is served on either side.
    assert.equal(diffFixtures('base.yaml', 'many-changes.yaml', 'traefik').changed, false)
    assert.equal(diffFixtures('base.yaml', 'many-changes.yaml', 'nginx').changed, true)
  })

  test('output is sorted by host and path whatever the input order', () => {
    const r = diffFixtures('base.yaml', 'many-changes.yaml')
    assert.deepEqual(lines(r.routes), [
      '+ api.shop.example.com/admin Prefix api:admin',
      '+ api.shop.example.com/v1/orders Prefix orders:8080',
      '~ shop.example.com/ backend: web:80 → web-v2:80; tls: shop/shop-tls → shop/shop-tls-2026',
      '~ shop.example.com/healthz pathType: Exact → Prefix; tls: shop/shop-tls → shop/shop-tls-2026',
    ])
  })
})

describe('effective changes', () => {
  test('a new rule shadows part of an unchanged route', () => {
    const r = diffFixtures('base.yaml', 'shadowing.yaml')
    assert.deepEqual(lines(r.routes), ['+ api.shop.example.com/v1/orders Prefix orders:8080'])
    assert.deepEqual(r.effective, [
      {
        method: 'GET',
        host: 'api.shop.example.com',
        path: '/v1/orders',
        before: {backend: 'api:80', route: 'shop/api Prefix /v1'},
        after: {backend: 'orders:8080', route: 'shop/orders Prefix /v1/orders'},
      },
    ])
    assert.equal(effectiveText(r.effective[0]), 'api:80 → orders:8080 (now served by shop/orders Prefix /v1/orders)')
  })

  test('removing the shadowing rule is explained by the removal: no effective change', () => {
    const r = diffFixtures('shadowing.yaml', 'base.yaml')
    assert.deepEqual(lines(r.routes), ['- api.shop.example.com/v1/orders Prefix orders:8080'])
    assert.deepEqual(r.effective, [])
  })

  test('an exact host takes requests from a wildcard host; the default backend is its own route', () => {
    const r = diffFixtures('wildcard-base.yaml', 'wildcard-new.yaml')
    assert.deepEqual(lines(r.routes), ['+ pr-7.preview.example.com/ Prefix pr-7:80', '~ */ backend: fallback:80 → fallback-v2:80'])
    const def = r.routes[1]
    assert.ok(def.change === 'changed' && def.after.defaultBackend)
    assert.deepEqual(
      r.effective.map((e) => `${e.host}${e.path} ${effectiveText(e)}`),
      ['pr-7.preview.example.com/ preview:80 → pr-7:80 (now served by preview/pr-7 Prefix /)'],
    )
  })

  test('a conflict that resolves the other way moves requests although no route changed in place', () => {
    // Same host, path and pathType in two Ingresses: the older one wins. Making `b` older moves the traffic.
    const ing = (name: string, svc: string, created: string): string =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}, namespace: x, creationTimestamp: "${created}"}\nspec:\n  rules:\n    - host: a.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: ${svc}, port: {number: 80}}}}\n`
    const before = `${ing('a', 'one', '2024-01-01T00:00:00Z')}---\n${ing('b', 'two', '2024-02-01T00:00:00Z')}`
    const after = `${ing('a', 'one', '2024-03-01T00:00:00Z')}---\n${ing('b', 'two', '2024-02-01T00:00:00Z')}`
    const r = diffTexts(before, after)
    assert.deepEqual(lines(r.routes), ['~ a.example.com/ backend: one:80 → two:80; ingress: x/a → x/b'])
    assert.deepEqual(r.effective, [])
  })
})
