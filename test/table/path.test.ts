import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {prefixMatches, prefixSegments, requestPath, ruleLength} from '../../src/table/path.js'
import {HostGroup} from '../../src/table/host-groups.js'
import {PackedTrie} from '../../src/table/packed-trie.js'
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
    const g = new HostGroup('h', new PackedTrie())
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
    packed(g)
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
      assertAgreesWithReference(g, all, p)
    }
  })

  test('a node with more children than are scanned one by one (searched by bisection)', () => {
    // 60 siblings under `/`: leaves, nodes with a child, nodes with an Exact route, and requests for siblings that do not exist.
    const g = new HostGroup('h', new PackedTrie())
    const all: Route[] = []
    const add = (r: Route) => {
      all.push(r)
      g.insert(r, () => 1)
    }
    for (let i = 0; i < 60; i += 1) {
      if (i % 7 !== 6) add(route(`/w${i}`, 'Prefix'))
      if (i % 3 === 0) add(route(`/w${i}/x`, 'Prefix'))
      if (i % 5 === 0) add(route(`/w${i}`, 'Exact'))
    }
    add(route('/', 'Prefix'))
    packed(g)
    for (let i = 0; i < 66; i++) for (const tail of ['', '/', '/x', '/x/y', '/y']) assertAgreesWithReference(g, all, `/w${i}${tail}`)
  })
})

/** Packs a group built on its own trie, ready for match(). */
function packed(g: HostGroup): void {
  g.pack()
  g.trie.freeze()
}

/** The group's answer is the reference's: every matching route, longest first, Exact before Prefix at equal length. */
function assertAgreesWithReference(g: HostGroup, all: readonly Route[], p: string): void {
  const got = g.match(p)
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

describe('HostGroup trie: insertion order does not matter', () => {
  test('every order of nested and same-prefix rules gives the same, preferred answers', () => {
    // Nested prefixes (leaves that later get children, nodes that later get a route),
    // the same prefix twice (`/a/b` and `/a/b/`: the preferred one must win in any order), Exact beside Prefix.
    const specs: Array<[string, 'Prefix' | 'Exact']> = [['/a/b/c', 'Prefix'], ['/a', 'Prefix'], ['/a/b', 'Prefix'], ['/a/b/', 'Prefix'], ['/', 'Prefix'], ['/x/y', 'Prefix'], ['/x', 'Exact'], ['/a/b', 'Exact']]
    const routes = specs.map(([p, t]) => route(p, t))
    const rank = new Map(routes.map((r, i) => [r, i]))
    const prefer = (a: Route, b: Route) => rank.get(a)! - rank.get(b)!
    const paths = ['/', '/a', '/a/', '/a/b', '/a/b/', '/a/bc', '/a/b/c', '/a/b/c/d', '/a/b/cd', '/x', '/x/', '/x/y', '/x/y/z', '/x/yz', '/z']
    let seed = 11
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    let expected: Array<Route | undefined> | undefined
    for (let round = 0; round < 60; round++) {
      const order = [...routes]
      for (let i = order.length - 1; i > 0; i--) {
        const j = rnd(i + 1)
        ;[order[i], order[j]] = [order[j]!, order[i]!]
      }
      const g = new HostGroup('h', new PackedTrie())
      for (const r of order) g.insert(r, prefer)
      packed(g)
      const got = paths.map((p) => g.match(p))
      expected ??= got
      assert.deepEqual(got, expected, `insertion order ${order.map((r) => `${r.matchKind}:${r.path}`).join(' ')}`)
    }
    // And the answers themselves: longest prefix, Exact first at equal length, the preferred of `/a/b` and `/a/b/`.
    const at = (p: string) => expected![paths.indexOf(p)]
    assert.equal(at('/a/b'), routes[7], 'Exact /a/b')
    assert.equal(at('/a/b/'), routes[2], 'Prefix /a/b (preferred over /a/b/)')
    assert.equal(at('/a/b/c/d'), routes[0])
    assert.equal(at('/a/b/cd'), routes[2])
    assert.equal(at('/a/bc'), routes[1])
    assert.equal(at('/x'), routes[6])
    assert.equal(at('/x/'), routes[4], '/x is Exact only: `/x/` falls back to /')
    assert.equal(at('/x/y/z'), routes[5])
    assert.equal(at('/z'), routes[4])
  })
})
