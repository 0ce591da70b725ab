/**
 * Address ranges as nginx's allow/deny read them, and the client address
 * ngx_http_realip_module derives. Cases follow nginx's realip documentation
 * (set_real_ip_from 192.168.1.0/24, 192.168.2.1, 2001:0db8::/32;
 * real_ip_header X-Forwarded-For; real_ip_recursive on) and ingress-nginx's
 * defaults (proxy-real-ip-cidr 0.0.0.0/0).
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {inAny, parseIp, parseRange, realClientIp} from '../../src/net/ip-range.js'

const has = (ranges: string[], addr: string) => inAny(parseIp(addr)!, ranges)

describe('ranges', () => {
  test('IPv4 CIDRs and single addresses', () => {
    assert.equal(has(['10.0.0.0/8'], '10.255.1.2'), true)
    assert.equal(has(['10.0.0.0/8'], '11.0.0.1'), false)
    assert.equal(has(['192.168.1.7'], '192.168.1.7'), true)
    assert.equal(has(['192.168.1.7'], '192.168.1.8'), false)
    assert.equal(has(['127.0.0.1/32'], '127.0.0.1'), true)
    assert.equal(has(['0.0.0.0/0'], '203.0.113.9'), true)
    // host bits of the range are ignored, as nginx does
    assert.equal(has(['10.1.2.3/16'], '10.1.200.1'), true)
  })
  test('IPv6 CIDRs and single addresses', () => {
    assert.equal(has(['2001:db8::/32'], '2001:0db8:ffff::1'), true)
    assert.equal(has(['2001:db8::/32'], '2001:db9::1'), false)
    assert.equal(has(['::1'], '::1'), true)
    assert.equal(has(['::1'], '::2'), false)
    assert.equal(has(['::/0'], '2001:db8::1'), true)
    // an IPv4 range never holds an IPv6 client and the reverse
    assert.equal(has(['0.0.0.0/0'], '2001:db8::1'), false)
    assert.equal(has(['2001:db8::/32'], '10.0.0.1'), false)
  })
  test('IPv4-mapped IPv6 peers (dual-stack sockets) compare as IPv4', () => {
    assert.equal(has(['127.0.0.0/8'], '::ffff:127.0.0.1'), true)
    assert.deepEqual(parseIp('::ffff:10.0.0.1'), parseIp('10.0.0.1'))
  })
  test('embedded IPv4 notation and compressed forms denote the same address', () => {
    assert.deepEqual(parseIp('64:ff9b::192.0.2.1'), parseIp('64:ff9b::c000:201'))
    assert.deepEqual(parseIp('2001:db8:0:0:0:0:0:1'), parseIp('2001:db8::1'))
  })
  test('what is not an address or CIDR', () => {
    for (const bad of ['', 'foo', '10.0.0.0/33', '10.0.0.256', '2001:db8::/129', '10.0.0.0/', '1.2.3.4/8/8']) assert.equal(parseRange(bad), undefined, bad)
  })
})

describe('realClientIp (ngx_http_realip_module, real_ip_recursive on)', () => {
  const trusted = ['192.168.1.0/24', '192.168.2.1', '2001:0db8::/32']
  test('a trusted peer is replaced by the last untrusted address of the header', () => {
    assert.equal(realClientIp('192.168.1.10', '203.0.113.5, 192.168.2.1', trusted), '203.0.113.5')
    assert.equal(realClientIp('192.168.2.1', '198.51.100.1, 203.0.113.5', trusted), '203.0.113.5')
    assert.equal(realClientIp('2001:db8::1', '198.51.100.7', trusted), '198.51.100.7')
  })
  test('every address trusted: the leftmost one', () => {
    assert.equal(realClientIp('192.168.1.10', '192.168.1.5, 192.168.2.1', trusted), '192.168.1.5')
  })
  test('an untrusted peer keeps its own address, whatever the header says', () => {
    assert.equal(realClientIp('10.0.0.1', '203.0.113.5', trusted), '10.0.0.1')
  })
  test('no header, an empty header, or an entry that is not an address: the peer', () => {
    assert.equal(realClientIp('192.168.1.10', undefined, trusted), '192.168.1.10')
    assert.equal(realClientIp('192.168.1.10', '', trusted), '192.168.1.10')
    assert.equal(realClientIp('192.168.1.10', '203.0.113.5, unknown', trusted), '192.168.1.10')
    // read from the right: an untrusted address ends the walk before a bad entry further left
    assert.equal(realClientIp('192.168.1.10', 'unknown, 203.0.113.5', trusted), '203.0.113.5')
  })
  test('addresses with ports are read without them', () => {
    assert.equal(realClientIp('192.168.1.10', '203.0.113.5:4711', trusted), '203.0.113.5')
    assert.equal(realClientIp('192.168.1.10', '[2001:db9::7]:4711', trusted), '2001:db9::7')
  })
  test("ingress-nginx's default proxy-real-ip-cidr 0.0.0.0/0 trusts every IPv4 hop: the leftmost IPv4 address wins", () => {
    assert.equal(realClientIp('127.0.0.1', '1.1.1.1, 2.2.2.2', ['0.0.0.0/0']), '1.1.1.1')
    // an IPv6 hop is not in 0.0.0.0/0: it is the client
    assert.equal(realClientIp('127.0.0.1', '1.1.1.1, 2001:db8::9', ['0.0.0.0/0']), '2001:db8::9')
  })
  test('without use-forwarded-headers (no trusted ranges): the peer', () => {
    assert.equal(realClientIp('127.0.0.1', '1.1.1.1', undefined), '127.0.0.1')
  })
})
