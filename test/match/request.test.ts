import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {UsageError} from '../../src/errors.js'
import {parseMatchRequest} from '../../src/match/request.js'

describe('parseMatchRequest', () => {
  const ok: Array<[string, string[], {host: string; path: string; scheme?: string; hostFrom: string}]> = [
    ['http://shop.example.com/cart?x=1', [], {host: 'shop.example.com', path: '/cart?x=1', scheme: 'http', hostFrom: 'url'}],
    ['https://Shop.Example.com:8443/a/b#frag', [], {host: 'Shop.Example.com:8443', path: '/a/b#frag', scheme: 'https', hostFrom: 'url'}],
    ['HTTP://shop.example.com', [], {host: 'shop.example.com', path: '/', scheme: 'http', hostFrom: 'url'}],
    ['http://user:pw@shop.example.com/x', [], {host: 'shop.example.com', path: '/x', scheme: 'http', hostFrom: 'url'}],
    ['http://[::1]:8080/x', [], {host: '[::1]:8080', path: '/x', scheme: 'http', hostFrom: 'url'}],
    ['shop.example.com/cart', [], {host: 'shop.example.com', path: '/cart', hostFrom: 'url'}],
    ['shop.example.com', [], {host: 'shop.example.com', path: '/', hostFrom: 'url'}],
    ['shop.example.com?q', [], {host: 'shop.example.com', path: '/?q', hostFrom: 'url'}],
    ['/cart', [], {host: '', path: '/cart', hostFrom: 'none'}],
    ['/cart', ['Host: api.example.com'], {host: 'api.example.com', path: '/cart', hostFrom: 'header'}],
    ['http://a.com/x', ['host:b.com:81', 'X-Other: 1'], {host: 'b.com:81', path: '/x', scheme: 'http', hostFrom: 'header'}],
    ['http://a.com/a/../b', [], {host: 'a.com', path: '/a/../b', scheme: 'http', hostFrom: 'url'}],
  ]
  for (const [url, headers, want] of ok) {
    test(`${url} ${headers.join(' ')}`, () => {
      const r = parseMatchRequest(url, headers)
      assert.deepEqual({host: r.host, path: r.path, ...(r.scheme ? {scheme: r.scheme} : {}), hostFrom: r.hostFrom}, want)
    })
  }

  const bad: Array<[string, string[], RegExp]> = [
    ['', [], /empty URL/],
    ['ftp://a.com/', [], /scheme ftp/],
    ['http:///x', [], /no host/],
    ['http://a.com:http/', [], /port "http"/],
    ['http://a.com:70000/', [], /port "70000"/],
    ['http://a b/', [], /whitespace/],
    ['http://[::1/', [], /IPv6/],
    ['/x', ['Host'], /not a "Name: value" header/],
    ['/x', ['Host:'], /value is empty/],
    ['/x', ['Host: a/b'], /not a host name/],
  ]
  for (const [url, headers, msg] of bad) {
    test(`rejects ${JSON.stringify(url)} ${headers.join(' ')}`, () => {
      assert.throws(
        () => parseMatchRequest(url, headers),
        (e: unknown) => e instanceof UsageError && e.exitCode === 2 && msg.test(e.message),
      )
    })
  }
})
