/**
 * Every row of the "Examples" table under "Path types" in the Kubernetes
 * Ingress documentation (https://kubernetes.io/docs/concepts/services-networking/ingress/#examples),
 * plus the request-side details the table implies (query strings, case).
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {ingress, rule, snapshot, svc, type PathSpec} from './helpers.js'

interface Row {
  kind: string
  paths: Array<[string, 'Exact' | 'Prefix' | 'ImplementationSpecific']>
  requests: string[]
  /** Index into paths of the path that must serve the request, or 'default' (no rule matches). */
  expect: number | 'default'
}

// Columns: Kind | Path(s) | Request path(s) | Matches?
const ROWS: Row[] = [
  {kind: 'Prefix', paths: [['/', 'Prefix']], requests: ['/', '/foo', '/foo/bar/baz', '/FOO', '/a.b', '/%20'], expect: 0},
  {kind: 'Exact', paths: [['/foo', 'Exact']], requests: ['/foo'], expect: 0},
  {kind: 'Exact', paths: [['/foo', 'Exact']], requests: ['/bar'], expect: 'default'},
  {kind: 'Exact', paths: [['/foo', 'Exact']], requests: ['/foo/'], expect: 'default'},
  {kind: 'Exact', paths: [['/foo/', 'Exact']], requests: ['/foo'], expect: 'default'},
  {kind: 'Prefix', paths: [['/foo', 'Prefix']], requests: ['/foo', '/foo/'], expect: 0},
  {kind: 'Prefix', paths: [['/foo/', 'Prefix']], requests: ['/foo', '/foo/'], expect: 0},
  {kind: 'Prefix', paths: [['/aaa/bb', 'Prefix']], requests: ['/aaa/bbb'], expect: 'default'},
  {kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], requests: ['/aaa/bbb'], expect: 0},
  {kind: 'Prefix', paths: [['/aaa/bbb/', 'Prefix']], requests: ['/aaa/bbb'], expect: 0}, // ignores trailing slash
  {kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], requests: ['/aaa/bbb/'], expect: 0}, // matches trailing slash
  {kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], requests: ['/aaa/bbb/ccc'], expect: 0}, // matches subpath
  {kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], requests: ['/aaa/bbbxyz'], expect: 'default'}, // not a string prefix
  {kind: 'Prefix', paths: [['/', 'Prefix'], ['/aaa', 'Prefix']], requests: ['/aaa/ccc'], expect: 1},
  {kind: 'Prefix', paths: [['/', 'Prefix'], ['/aaa', 'Prefix'], ['/aaa/bbb', 'Prefix']], requests: ['/aaa/bbb'], expect: 2},
  {kind: 'Prefix', paths: [['/', 'Prefix'], ['/aaa', 'Prefix'], ['/aaa/bbb', 'Prefix']], requests: ['/ccc'], expect: 0},
  {kind: 'Prefix', paths: [['/aaa', 'Prefix']], requests: ['/ccc'], expect: 'default'}, // uses default backend
  {kind: 'Mixed', paths: [['/foo', 'Prefix'], ['/foo', 'Exact']], requests: ['/foo'], expect: 1}, // prefers Exact
]

function tableFor(row: Row) {
  const paths: PathSpec[] = row.paths.map(([p, t], i) => [p, t, svc(`path-${i}`, 80)])
  return compile(snapshot({ingresses: [ingress('example', [rule(undefined, ...paths)], {defaultBackend: svc('default-backend', 80)})]}))
}

describe('Kubernetes docs: path type examples', () => {
  for (const row of ROWS) {
    for (const request of row.requests) {
      const label = `${row.kind} ${row.paths.map(([p, t]) => `${t} ${p}`).join(', ')} vs ${request} → ${row.expect === 'default' ? 'default backend' : row.paths[row.expect]!.join(' ')}`
      test(label, () => {
        const table = tableFor(row)
        assert.deepEqual(table.diagnostics, [])
        for (const host of ['foo.example.com', 'localhost']) {
          const r = table.lookup(host, request)
          assert.equal(r.matched, true)
          const want = row.expect === 'default' ? 'default-backend' : `path-${row.expect}`
          assert.equal(r.route!.backend.kind === 'service' && r.route!.backend.name, want)
          assert.equal(r.route!.defaultBackend, row.expect === 'default')
          // explain() takes the same decision.
          assert.equal(table.explain(host, request).route, r.route)
        }
      })
    }
  }
})

describe('request path details', () => {
  const table = compile(
    snapshot({
      ingresses: [ingress('q', [rule('foo.com', ['/foo', 'Exact', svc('exact', 80)], ['/bar', 'Prefix', svc('prefix', 80)])])],
    }),
  )

  test('the query string never takes part (Exact and Prefix)', () => {
    assert.equal(table.lookup('foo.com', '/foo?x=1').route?.path, '/foo')
    assert.equal(table.lookup('foo.com', '/foo?').route?.path, '/foo')
    assert.equal(table.lookup('foo.com', '/bar?next=/foo').route?.path, '/bar')
    assert.equal(table.lookup('foo.com', '/barx?y=/bar').matched, false)
    assert.equal(table.lookup('foo.com', '/foo?x=1').path, '/foo')
  })

  test('the fragment never takes part', () => {
    assert.equal(table.lookup('foo.com', '/foo#top').route?.path, '/foo')
    assert.equal(table.lookup('foo.com', '/bar/x#y?z').route?.path, '/bar')
  })

  test('Exact is case-sensitive and Prefix compares segments case-sensitively', () => {
    assert.equal(table.lookup('foo.com', '/FOO').matched, false)
    assert.equal(table.lookup('foo.com', '/Bar/x').matched, false)
  })

  test('no percent-decoding: the path is matched as sent', () => {
    assert.equal(table.lookup('foo.com', '/%66oo').matched, false)
    // An encoded slash is not a separator: `/bar%2Fx` is one segment, not `/bar` + `x`.
    assert.equal(table.lookup('foo.com', '/bar%2Fx').matched, false)
  })

  test('an empty path is `/`', () => {
    const t = compile(snapshot({ingresses: [ingress('root', [rule(undefined, ['/', 'Exact', svc('root', 80)])])]}))
    assert.equal(t.lookup('x', '').route?.path, '/')
    assert.equal(t.lookup('x', '?a=b').route?.path, '/')
  })
})
