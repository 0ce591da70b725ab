import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {hostMatches, normalizeHost, parentDomain} from '../../src/table/host.js'

describe('normalizeHost', () => {
  const cases: Array<[string, string]> = [
    ['foo.com', 'foo.com'],
    ['Foo.COM', 'foo.com'],
    ['foo.com:8080', 'foo.com'],
    ['FOO.com:443', 'foo.com'],
    ['foo.com.', 'foo.com'],
    ['foo.com.:80', 'foo.com'],
    ['[::1]:8080', '[::1]'],
    ['[::1]', '[::1]'],
    ['[2001:DB8::1]:443', '[2001:db8::1]'],
    ['::1', '::1'],
    ['127.0.0.1:80', '127.0.0.1'],
    ['', ''],
    [' foo.com ', 'foo.com'],
  ]
  for (const [raw, want] of cases) test(`${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => assert.equal(normalizeHost(raw), want))

  test('returns the same string when nothing changes', () => {
    const s = 'already.normal.example'
    assert.equal(normalizeHost(s), s)
  })
})

describe('host patterns', () => {
  test('parentDomain', () => {
    assert.equal(parentDomain('bar.foo.com'), 'foo.com')
    assert.equal(parentDomain('com'), undefined)
    assert.equal(parentDomain('.com'), undefined)
    assert.equal(parentDomain('x.'), undefined)
  })

  test('hostMatches: exact, one-label wildcard, any', () => {
    assert.equal(hostMatches('foo.com', 'foo.com'), true)
    assert.equal(hostMatches('foo.com', 'bar.foo.com'), false)
    assert.equal(hostMatches('*.foo.com', 'bar.foo.com'), true)
    assert.equal(hostMatches('*.foo.com', 'baz.bar.foo.com'), false)
    assert.equal(hostMatches('*.foo.com', 'foo.com'), false)
    assert.equal(hostMatches('*', 'anything'), true)
  })
})
