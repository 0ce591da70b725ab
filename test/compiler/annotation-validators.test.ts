/**
 * The value checks of ingress-nginx's annotation parsers, case by case. The
 * cases follow Go's semantics as ingress-nginx uses them (strconv.ParseBool
 * and Atoi, net.ParseCIDR/ParseIP, its character-class regexes with spaces
 * removed first where the parser says so) and its documentation's examples.
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import * as V from '../../src/compiler/annotations/validators.js'
import type {Validator} from '../../src/compiler/annotations/validators.js'

function cases(name: string, v: Validator, ok: readonly string[], bad: readonly string[]): void {
  test(name, () => {
    for (const s of ok) assert.equal(v.check(s), undefined, `${JSON.stringify(s)} should be accepted`)
    for (const s of bad) assert.notEqual(v.check(s), undefined, `${JSON.stringify(s)} should be refused`)
  })
}

describe('annotation validators (as ingress-nginx parses)', () => {
  cases('booleans: strconv.ParseBool forms only', V.bool, ['true', 'false', '1', '0', 't', 'F', 'TRUE', 'False'], ['yes', 'on', 'tRue', ' true', 'enabled'])
  cases('integers: strconv.Atoi (sign allowed, no spaces, no units, no floats)', V.int, ['10', '-1', '+5', '0'], ['1.5', '10s', ' 10', '0x10', '', '99999999999999999999'])
  cases('sizes: digits with an optional b/k/m/g in any case; spaces are removed first', V.size, ['8k', '1M', '1000', '0', '16G', '8b', '8 k'], ['8kb', '1.5m', '-1', 'm', '1t'])
  cases(
    'CIDRs and addresses, comma-separated and trimmed (Go rejects leading zeros and zones)',
    V.cidrs,
    ['10.0.0.0/8, 192.168.0.1', '::1/128,2001:db8::/32', '0.0.0.0/0', ''],
    ['10.0.0.0/33', '300.0.0.1', '10.0.0.01', 'fe80::1%eth0', '10.0.0.0/8;', '10.0.0.0/8,', 'example.com'],
  )
  cases('Service names: a DNS-1035 label', V.serviceName, ['web', 'web-1', 'a'.repeat(63)], ['Web', '1web', 'web_1', 'web-', 'ns/web', 'a'.repeat(64)])
  cases(
    'redirect URLs (permanent-redirect keeps spaces: a space is refused)',
    V.urlCharsKeepSpace,
    ['https://example.com/path?x=1&y=2', 'https://www.example.com:8443/a,b', '/relative'],
    ['https://example.com/a b', 'https://x.com/<script>', 'https://x.com/#frag', 'https://x.com/\r\nSet-Cookie:x'],
  )
  cases('rewrite targets: a path with $N captures, no regex characters', V.regexPathWithCapture, ['/$1', '/app/$2/x', '/', '$1'], ['/a b', '/(.*)', '/a?b', 'https://x.com/a b'])
  cases('server names (upstream-vhost, proxy-ssl-name): trimmed, regex characters allowed', V.serverName, ['  internal.svc  ', '*.example.com', '~^www\\d+\\.example\\.com$'], ['a;b', 'a b', 'x"y'])
  cases('server-alias: comma-separated server names', V.serverNames, ['a.com, *.b.com', 'a.com,b.com'], ['a.com,b c.com', 'a.com;b.com'])
  cases(
    'CORS origins: scheme://host[:port] with an optional *. wildcard, null, or *',
    V.corsOrigins,
    ['https://a.com, https://*.b.com:8443', '*', 'null', 'https://a.com'],
    ['https://a.com/path', 'https://a.com;https://b.com'],
  )
  cases('proxy-cookie-domain: off, or FROM TO', V.cookieDomain, ['off', 'localhost example.org', '.internal   example.org'], ['example.org', 'a b c', 'OFF'])
  cases('proxy-next-upstream: space-separated known cases', V.nextUpstream, ['error timeout http_502', 'off', 'non_idempotent'], ['error,timeout', 'http_501', 'error  timeout'])
  cases('custom-http-errors: 4xx/5xx codes, commas (spaces removed first)', V.httpErrorCodes, ['404,503', '404, 503', '500'], ['200', '404;503', '4044'])
  cases('auth-tls-match-cn: CN= and a valid regular expression', V.commonName, ['CN=foo', 'CN=(a|b)\\.example\\.com'], ['foo', 'cn=foo', 'CN=('])
  test('auth-cache-duration: status codes then a time, comma-separated (read after the character check)', () => {
    for (const s of ['200 202 10m, 401 30s', '5m', '200 1h 30m']) assert.equal(V.cacheDurationProblem(s), undefined, s)
    for (const s of ['10m 200', '200', '5x']) assert.notEqual(V.cacheDurationProblem(s), undefined, s)
    assert.notEqual(V.extendedChars.check('200;10m'), undefined)
  })
  cases('backend-protocol: case-insensitive, trimmed options', V.backendProtocols, [' grpc ', 'Grpc', 'AUTO_HTTP', 'fcgi'], ['SPDY', 'h2c', 'GRPC S'])
  cases('proxy-buffering / proxy-request-buffering: case-sensitive on/off', V.onOffOption, ['on', 'off', ' off '], ['OFF', 'On', 'true'])
  cases('proxy-http-version: 1.0 or 1.1', V.httpVersion, ['1.0', '1.1'], ['2', 'HTTP/1.1', '1'])
  cases('load-balance: the algorithms ingress-nginx knows (case-sensitive)', V.loadBalance, ['round_robin', 'ewma', 'chash'], ['least_conn', 'EWMA', 'random'])
  cases('session-cookie-samesite: none/lax/strict in any case', V.sameSite, ['None', 'lax', 'STRICT'], ['none;', 'always'])
  cases('auth-method: an HTTP method in capitals', V.httpMethod, ['GET', 'POST', 'OPTIONS'], ['get', 'FETCH'])
  cases('auth-response-headers and cors-allow-headers: header names and commas', V.headerList, ['X-User, X-Email', 'Authorization'], ['X-User;X-Email', 'X:User'])
  cases('upstream-hash-by: nginx variables', V.hashBy, ['$request_uri', '$binary_remote_addr$http_x_user', '${cookie_id}'], ['$request_uri;', '$http_x"'])
  cases('proxy-ssl-protocols: TLSv1.2 and TLSv1.3', V.sslProtocols, ['TLSv1.2 TLSv1.3', 'TLSv1.3'], ['TLSv1.1', 'SSLv3'])

  test("quirks kept as ingress-nginx has them: auth-type's regex is unanchored, the cookie seconds regex has an unanchored ^0 alternative", () => {
    assert.equal(V.authType.check('xbasicx'), undefined)
    assert.notEqual(V.authType.check('bearer'), undefined)
    assert.equal(V.cookieSeconds.check('0abc'), undefined)
    assert.equal(V.cookieSeconds.check('-1'), undefined)
    assert.notEqual(V.cookieSeconds.check('abc'), undefined)
  })

  test('every string check refuses line breaks (the parsers\' "malicious string" check)', () => {
    for (const v of [V.basicChars, V.urlChars, V.headerList, V.regexPathWithCapture]) assert.notEqual(v.check('/a\nb'), undefined)
  })

  test('parseGoBool and parseGoInt read values as Go does', () => {
    assert.deepEqual(['1', 't', 'True', '0', 'f', 'FALSE', 'yes'].map(V.parseGoBool), [true, true, true, false, false, false, undefined])
    assert.deepEqual(['42', '-7', '+3', '3.0', '4k'].map(V.parseGoInt), [42, -7, 3, undefined, undefined])
  })
})

test('long refused values are checked without catastrophic backtracking (the nested repetitions of the CORS and cipher patterns)', () => {
  const long = 'a'.repeat(5000)
  assert.notEqual(V.corsOrigins.check(`${long}/`), undefined)
  assert.notEqual(V.corsOrigins.check(`${':1'.repeat(2000)}/`), undefined)
  assert.notEqual(V.corsMethods.check(`${long}1`), undefined)
  assert.notEqual(V.corsExposeHeaders.check(`${long}!`), undefined)
  assert.notEqual(V.sslCiphers.check(`${long}#`), undefined)
  assert.equal(V.sslCiphers.check('ECDHE-RSA-AES128-GCM-SHA256:!aNULL@SECLEVEL=2@STRENGTH'), undefined)
  assert.equal(V.corsMethods.check('GET, PUT,POST'), undefined)
  assert.equal(V.corsExposeHeaders.check('X-Total, *'), undefined)
})
