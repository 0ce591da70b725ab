import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import type {Route} from '../../src/model/routes.js'
import {HostIndex} from '../../src/table/host-groups.js'
import {ANY_HOST, hostMatches, hostSpecificity} from '../../src/table/host.js'

/** One `/` Prefix route for `host`: a lookup's answer names the host group that served it. */
function route(host: string): Route {
  return {
    id: `${host}|/|Prefix`,
    host,
    path: '/',
    pathType: 'Prefix',
    matchKind: 'Prefix',
    backend: {kind: 'service', namespace: 'ns', name: 'svc', port: {number: 80}, protocol: 'http'},
    ingress: {kind: 'Ingress', namespace: 'ns', name: 'i'},
    ruleIndex: 0,
    pathIndex: 0,
    defaultBackend: false,
    annotations: {},
  }
}

function indexOf(hosts: readonly string[]): HostIndex {
  const index = new HostIndex()
  for (const h of hosts) index.group(h).insert(route(h), () => 1)
  index.seal()
  return index
}

/** The reference: the most specific rule host matching `host` (exact, then wildcard, then any). */
function reference(hosts: readonly string[], host: string): string | undefined {
  return hosts.filter((p) => hostMatches(p, host)).sort((a, b) => hostSpecificity(a) - hostSpecificity(b))[0]
}

function assertSelects(index: HostIndex, hosts: readonly string[], host: string): void {
  assert.equal(index.lookup(host, '/')?.host, reference(hosts, host), JSON.stringify(host))
}

describe('host selection by hash agrees with the reference', () => {
  test('hosts that differ in one code unit, by length, by parity of length, by label', () => {
    const hosts = ['a.com', 'a.co', 'a.comm', 'b.com', 'ab.com', 'foo.com', '*.foo.com', '*.a.com', 'x.y.foo.com', '*.y.foo.com', '[::1]', '127.0.0.1', 'xn--bcher-kva.example', '*.com']
    const index = indexOf(hosts)
    const requests = [
      ...hosts.filter((h) => !h.startsWith('*')),
      'a.cop', 'a.c', 'a.coM', 'b.foo.com', 'bar.a.com', 'a.b.a.com', 'foo.co', 'oo.com', 'y.foo.com', 'z.y.foo.com', 'foo', '.foo.com', 'foo.', '.', '',
      'com', 'x.com', 'x.com.', '[::2]', '127.0.0.2', 'bücher.example', 'xn--bcher-kva.exampl', 'a.com\u0000', 'a.co\u0000',
    ]
    for (const h of requests) assertSelects(index, hosts, h)
  })

  test('without an any-host group an unknown host has no route; with one it gets that group', () => {
    assert.equal(indexOf(['a.com']).lookup('b.com', '/'), undefined)
    assert.equal(indexOf(['a.com', ANY_HOST]).lookup('b.com', '/')?.host, ANY_HOST)
  })

  test('a host whose trie holds no route (an Exact path without a leading slash never matches) selects nothing', () => {
    const index = new HostIndex()
    index.group('e.com').insert({...route('e.com'), path: 'x', pathType: 'Exact', matchKind: 'Exact'}, () => 1)
    index.group('f.com').insert(route('f.com'), () => 1)
    index.seal()
    assert.equal(index.lookup('e.com', '/x'), undefined)
    assert.equal(index.lookup('e.com', 'x'), undefined)
    assert.equal(index.lookup('f.com', '/x')?.host, 'f.com')
  })

  test('code units above 0xFF and lone surrogates compare as the whole unit, not a byte of it', () => {
    const hosts = ['\u0101.com', '\u0001\u0001.com', '\ud800x.com', '*.\u0101.com']
    const index = indexOf(hosts)
    for (const h of [...hosts.slice(0, 3), '\u0001.com', '\u0100.com', '\u0101.co', '\ud801x.com', 'x.\u0101.com', 'x.\u0100.com', '\u0101\u0001.com']) assertSelects(index, hosts, h)
  })

  test('thousands of hosts: every one found, near misses not', () => {
    // Enough keys that probe chains form at half load; near misses share the hash slots' neighbourhood.
    const hosts: string[] = []
    for (let i = 0; i < 4000; i++) hosts.push(i % 4 === 3 ? `*.t${i}.example.com` : `app-${i}.example.com`)
    const index = indexOf(hosts)
    for (let i = 0; i < 4000; i++) {
      for (const h of [`app-${i}.example.com`, `x.t${i}.example.com`, `app-${i}.example.co`, `app-${i}0.example.com`, `t${i}.example.com`]) assertSelects(index, hosts, h)
    }
  })
})
