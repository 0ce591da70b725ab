import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {ingress, rule, snapshot, svc} from './helpers.js'

const backendName = (t: ReturnType<typeof compile>, host: string, path = '/') => {
  const r = t.lookup(host, path)
  return r.route ? (r.route.backend.kind === 'service' ? r.route.backend.name : r.route.backend.name) : undefined
}

describe('Kubernetes docs: hostname wildcards', () => {
  // https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
  const table = compile(snapshot({ingresses: [ingress('wild', [rule('*.foo.com', ['/', 'Prefix', svc('wild', 80)])])]}))
  const rows: Array<[string, boolean, string]> = [
    ['bar.foo.com', true, 'matches based on shared suffix'],
    ['baz.bar.foo.com', false, 'no match, wildcard only covers a single DNS label'],
    ['foo.com', false, 'no match, wildcard only covers a single DNS label'],
  ]
  for (const [host, matches, why] of rows) {
    test(`*.foo.com vs ${host}: ${why}`, () => {
      assert.equal(table.lookup(host, '/').matched, matches)
      const ex = table.explain(host, '/')
      assert.equal(ex.matched, matches)
      if (!matches) {
        assert.deepEqual(ex.candidates.map((c) => c.reason), ['host-mismatch'])
        assert.match(ex.candidates[0]!.detail, /exactly one (DNS )?label/)
      }
    })
  }
})

describe('hosts', () => {
  const table = compile(
    snapshot({
      ingresses: [
        ingress('a', [
          rule('foo.bar.com', ['/', 'Prefix', svc('exact-host', 80)]),
          rule('*.bar.com', ['/', 'Prefix', svc('wildcard', 80)], ['/only-wild', 'Prefix', svc('wildcard-only', 80)]),
          rule(undefined, ['/', 'Prefix', svc('any-host', 80)], ['/only-any', 'Prefix', svc('any-only', 80)]),
        ]),
      ],
    }),
  )

  test('exact host, wildcard host, rule without host', () => {
    assert.equal(backendName(table, 'foo.bar.com'), 'exact-host')
    assert.equal(backendName(table, 'baz.bar.com'), 'wildcard')
    assert.equal(backendName(table, 'bar.com'), 'any-host')
    assert.equal(backendName(table, 'a.baz.bar.com'), 'any-host')
    assert.equal(backendName(table, 'other.org'), 'any-host')
  })

  test('host-first: the most specific host group wins, then paths within it only', () => {
    // foo.bar.com has only `/`, so /only-wild is served by foo.bar.com's `/`, not the wildcard's /only-wild.
    assert.equal(backendName(table, 'foo.bar.com', '/only-wild'), 'exact-host')
    assert.equal(backendName(table, 'x.bar.com', '/only-wild'), 'wildcard-only')
    assert.equal(backendName(table, 'x.bar.com', '/only-any'), 'wildcard')
    assert.equal(backendName(table, 'nothing.example', '/only-any/x'), 'any-only')
  })

  test('no fallback to a less specific host when no path matches: default backend or 404', () => {
    const t = compile(
      snapshot({
        ingresses: [ingress('b', [rule('foo.com', ['/api', 'Prefix', svc('api', 80)]), rule(undefined, ['/', 'Prefix', svc('any', 80)])])],
      }),
    )
    assert.equal(t.lookup('foo.com', '/web').matched, false)
    const withDefault = compile(
      snapshot({
        ingresses: [
          ingress('b', [rule('foo.com', ['/api', 'Prefix', svc('api', 80)]), rule(undefined, ['/', 'Prefix', svc('any', 80)])], {defaultBackend: svc('fallback', 80)}),
        ],
      }),
    )
    assert.equal(backendName(withDefault, 'foo.com', '/web'), 'fallback')
    const ex = withDefault.explain('foo.com', '/web')
    assert.equal(ex.route?.defaultBackend, true)
    const lessSpecific = ex.candidates.filter((c) => c.reason === 'less-specific-host')
    assert.deepEqual(lessSpecific.map((c) => c.route.host), ['*'])
    assert.match(lessSpecific[0]!.detail, /its path would match/)
  })

  test('Host header: port, case, trailing dot and IPv6 literals', () => {
    assert.equal(backendName(table, 'FOO.Bar.COM:8443'), 'exact-host')
    assert.equal(backendName(table, 'foo.bar.com.'), 'exact-host')
    assert.equal(backendName(table, 'foo.bar.com.:80'), 'exact-host')
    assert.equal(backendName(table, 'Baz.BAR.com:1'), 'wildcard')
    assert.equal(table.lookup('FOO.bar.com:8080', '/').host, 'foo.bar.com')
    assert.equal(table.lookup('[::1]:8080', '/').host, '[::1]')
    assert.equal(backendName(table, '[::1]:8080'), 'any-host')
    assert.equal(backendName(table, '127.0.0.1:8080'), 'any-host')
    assert.equal(backendName(table, ''), 'any-host')
  })

  test('a wildcard route is only reached for hosts one label below its parent', () => {
    const t = compile(snapshot({ingresses: [ingress('w', [rule('*.foo.com', ['/', 'Prefix', svc('w', 80)])])]}))
    assert.equal(t.lookup('.foo.com', '/').matched, false)
    assert.equal(t.lookup('x.foo.com', '/').matched, true)
    assert.equal(t.lookup('X.FOO.COM:443', '/').matched, true)
  })

  test('hosts lists every rule host, sorted, `*` included', () => {
    assert.deepEqual(table.hosts, ['*', '*.bar.com', 'foo.bar.com'])
  })
})
