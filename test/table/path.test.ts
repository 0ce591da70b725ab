import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {prefixMatches, prefixSegments, requestPath, ruleLength} from '../../src/table/path.js'
import {HostGroup, SegmentIds} from '../../src/table/host-groups.js'
import type {Route} from '../../src/model/routes.js'

describe('path helpers', () => {
  test('requestPath strips query and fragment and keeps the path as sent', () => {
    assert.equal(requestPath('/a/b?x=1#f'), '/a/b')
    assert.equal(requestPath('/a#f?x'), '/a')
    assert.equal(requestPath(''), '/')
    assert.equal(requestPath('?x'), '/')
    assert.equal(requestPath('/a%2Fb/../c'), '/a%2Fb/../c')
    assert.equal(requestPath('*'), '/*')
  })

  test('ruleLength ignores one trailing slash', () => {
    assert.equal(ruleLength('/'), 0)
    assert.equal(ruleLength('/foo'), 4)
    assert.equal(ruleLength('/foo/'), 4)
  })

  test('prefixSegments', () => {
    assert.deepEqual(prefixSegments('/'), [])
    assert.deepEqual(prefixSegments('/foo/bar/'), ['foo', 'bar'])
    assert.deepEqual(prefixSegments('/a//b'), ['a', '', 'b'])
  })

  test('prefixMatches is element-wise', () => {
    assert.equal(prefixMatches('/foo', '/foo'), true)
    assert.equal(prefixMatches('/foo', '/foo/'), true)
    assert.equal(prefixMatches('/foo', '/foo/bar'), true)
    assert.equal(prefixMatches('/foo', '/foobar'), false)
    assert.equal(prefixMatches('/foo/', '/foo'), true)
    assert.equal(prefixMatches('/', '/anything'), true)
  })
})

function route(path: string, pathType: 'Exact' | 'Prefix', name = path): Route {
  return {
    id: `h|${path}|${pathType}`,
    host: 'h',
    path,
    pathType,
    matchKind: pathType,
    backend: {kind: 'service', namespace: 'ns', name, port: {number: 80}, protocol: 'http'},
    ingress: {kind: 'Ingress', namespace: 'ns', name: 'i'},
    ruleIndex: 0,
    pathIndex: 0,
    defaultBackend: false,
    annotations: {},
  }
}

describe('HostGroup trie agrees with the reference matcher', () => {
  test('random paths over a small alphabet', () => {
    const rules = ['/', '/a', '/a/b', '/a/b/', '/b', '/a/bb', '/c/d/e', '/a//b']
    const exact = ['/a', '/a/', '/c/d', '/']
    const g = new HostGroup('h', new SegmentIds())
    const all: Route[] = []
    for (const p of rules) {
      const r = route(p, 'Prefix')
      all.push(r)
      g.insert(r, () => 1)
    }
    for (const p of exact) {
      const r = route(p, 'Exact')
      all.push(r)
      g.insert(r, () => 1)
    }
    const segs = ['a', 'b', 'bb', 'c', 'd', 'e', '']
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    for (let i = 0; i < 3000; i++) {
      const n = 1 + rnd(4)
      let p = ''
      for (let j = 0; j < n; j++) p += `/${segs[rnd(segs.length)]}`
      const got = g.match(p)
      // Reference: every matching route, longest first, Exact before Prefix at equal length.
      const matching = all
        .filter((r) => (r.matchKind === 'Exact' ? r.path === p : prefixMatches(r.path, p)))
        .sort((x, y) => ruleLength(y.path) - ruleLength(x.path) || (x.matchKind === 'Exact' ? -1 : 0) - (y.matchKind === 'Exact' ? -1 : 0))
      const want = matching[0]
      if (!want) assert.equal(got, undefined, p)
      else {
        assert.ok(got, p)
        assert.equal(ruleLength(got.path), ruleLength(want.path), p)
        assert.equal(got.matchKind, want.matchKind, p)
      }
    }
  })
})
