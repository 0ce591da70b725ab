import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {prefersJson} from '../../src/proxy/accept.js'
import {requestHead, responseHead} from '../../src/proxy/headers.js'
import {grpcMessage} from '../../src/proxy/problems.js'
import {CLIENT_DEFAULTS} from '../../src/proxy/options.js'
import {parseDuration} from '../../src/serve/duration.js'
import {SERVE_DEFAULTS} from '../../src/serve/options.js'

describe('prefersJson', () => {
  const cases: Array<[string | undefined, boolean]> = [
    [undefined, false],
    ['*/*', false],
    ['application/json', true],
    ['application/problem+json', true],
    ['application/json, text/plain, */*', true],
    ['text/plain, application/json', false],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
    ['text/plain;q=0.5, application/json', true],
    ['application/json;q=0', false],
    ['application/*', true],
  ]
  for (const [accept, json] of cases) it(`${accept ?? '(none)'} → ${json ? 'JSON' : 'text'}`, () => assert.equal(prefersJson(accept), json))
})

describe('grpcMessage', () => {
  it('percent-encodes only bytes outside printable ASCII and %', () => {
    assert.equal(grpcMessage('no route: a/b 100%'), 'no route: a/b 100%25')
    assert.equal(grpcMessage('é\n'), '%C3%A9%0A')
  })
})

describe('header rewriting', () => {
  const client = {remoteAddress: '127.0.0.1', proto: 'http', port: '8080'}
  it('drops fields named by Connection (any case, repeated headers) and keeps end-to-end ones', () => {
    const h = requestHead(['Host', 'x.test', 'Connection', 'X-A', 'connection', 'x-b, close', 'X-A', '1', 'x-b', '2', 'X-C', '3'], client, undefined, false)
    assert.deepEqual(h.list.slice(0, 4), ['Host', 'x.test', 'X-C', '3'])
  })
  it('re-frames chunked bodies and drops Trailer on responses that cannot carry it', () => {
    const h = requestHead(['Host', 'x', 'Transfer-Encoding', 'chunked'], client, undefined, false)
    assert.equal(h.hasBody, true)
    assert.deepEqual(h.list.slice(-2), ['transfer-encoding', 'chunked'])
    assert.deepEqual(responseHead(['Trailer', 'x-sum', 'Content-Length', '3'], true).list, ['Content-Length', '3'])
    assert.deepEqual(responseHead(['Trailer', 'x-sum', 'Transfer-Encoding', 'chunked'], true).list, ['trailer', 'x-sum'])
    assert.deepEqual(responseHead(['Trailer', 'x-sum', 'Transfer-Encoding', 'chunked'], false).list, [])
  })
  it('builds Host and a single Cookie from HTTP/2 fields', () => {
    const h = requestHead([':method', 'GET', ':authority', 'h2.test', ':path', '/', 'cookie', 'a=1', 'cookie', 'b=2'], client, false, false)
    assert.equal(h.host, 'h2.test')
    assert.deepEqual(h.list.slice(0, 4), ['host', 'h2.test', 'cookie', 'a=1; b=2'])
    assert.equal(h.hasBody, false)
  })
})

describe('client timeout defaults', () => {
  it('serve flags default to the gateway defaults (nginx: client_header_timeout 60s, keepalive_timeout 75s, ssl_handshake_timeout 60s)', () => {
    assert.deepEqual(
      {
        headerTimeoutMs: parseDuration('client-header-timeout', SERVE_DEFAULTS.clientHeaderTimeout),
        keepAliveTimeoutMs: parseDuration('keepalive-timeout', SERVE_DEFAULTS.keepAliveTimeout),
        tlsHandshakeTimeoutMs: parseDuration('tls-handshake-timeout', SERVE_DEFAULTS.tlsHandshakeTimeout),
        http2IdleTimeoutMs: parseDuration('http2-idle-timeout', SERVE_DEFAULTS.http2IdleTimeout),
        http2PingIntervalMs: parseDuration('http2-ping-interval', SERVE_DEFAULTS.http2PingInterval),
      },
      CLIENT_DEFAULTS,
    )
    assert.deepEqual(CLIENT_DEFAULTS, {headerTimeoutMs: 60_000, keepAliveTimeoutMs: 75_000, tlsHandshakeTimeoutMs: 60_000, http2IdleTimeoutMs: 75_000, http2PingIntervalMs: 60_000})
  })
})
