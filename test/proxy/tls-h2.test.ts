import assert from 'node:assert/strict'
import * as http2 from 'node:http2'
import * as https from 'node:https'
import {readFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import type {TLSSocket} from 'node:tls'
import {after, before, describe, it} from 'node:test'
import {closeServer, get, httpBackend, ingressYaml, reflect, request, serveYaml, serviceYaml, type Backend, type Started} from './helpers.js'
import {CA} from './tls-fixtures.js'
import {testTls} from './tls-fixtures.js'

interface H2Reply {
  status: number
  headers: http2.IncomingHttpHeaders
  body: string
  trailers?: http2.IncomingHttpHeaders
}

function h2Request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string): Promise<H2Reply> {
  return new Promise((resolve, reject) => {
    const s = session.request(headers, {endStream: body === undefined})
    let status = 0
    let rh: http2.IncomingHttpHeaders = {}
    let trailers: http2.IncomingHttpHeaders | undefined
    let data = ''
    s.on('response', (h) => {
      rh = h
      status = Number(h[':status'])
    })
    s.on('trailers', (t) => (trailers = t))
    s.setEncoding('utf8')
    s.on('data', (c) => (data += c))
    s.on('end', () => resolve({status, headers: rh, body: data, ...(trailers ? {trailers} : {})}))
    s.on('error', reject)
    if (body !== undefined) s.end(body)
  })
}

describe('proxy TLS, HTTP/2 and h2c', () => {
  let web: Backend
  let h2cUpstream: http2.Http2Server
  let h2cPort: number
  let gw: Started
  let secureUpstream: https.Server
  before(async () => {
    // An upstream speaking TLS (a --map https:// URL), with a certificate the gateway does not verify.
    const fixture = (n: string) => readFileSync(new URL(`../../../test/proxy/fixtures/${n}`, import.meta.url), 'utf8')
    secureUpstream = https.createServer({cert: fixture('a-test.crt'), key: fixture('a-test.key')}, (req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({name: 'tls-upstream', url: req.url, host: req.headers.host, encrypted: (req.socket as TLSSocket).encrypted}))
    })
    await new Promise<void>((r) => secureUpstream.listen(0, '127.0.0.1', r))
    const securePort = (secureUpstream.address() as AddressInfo).port
    web = await httpBackend(reflect('web'))
    // An HTTP/2 cleartext upstream (Service appProtocol kubernetes.io/h2c).
    h2cUpstream = http2.createServer()
    h2cUpstream.on('stream', (stream, headers) => {
      let n = 0
      stream.on('data', (c: Buffer) => (n += c.length))
      stream.on('end', () => {
        stream.respond({':status': 200, 'content-type': 'application/json', 'x-upstream': 'h2c'}, {waitForTrailers: true})
        stream.on('wantTrailers', () => stream.sendTrailers({'x-done': 'yes'}))
        stream.end(JSON.stringify({name: 'h2c', authority: headers[':authority'], path: headers[':path'], method: headers[':method'], xfp: headers['x-forwarded-proto'], bodyBytes: n}))
      })
    })
    await new Promise<void>((r) => h2cUpstream.listen(0, '127.0.0.1', r))
    h2cPort = (h2cUpstream.address() as AddressInfo).port
    const yaml =
      ingressYaml('tls', [
        {host: 'a.test', path: '/', service: 'web', port: 80},
        {host: 'shop.b.test', path: '/', service: 'web', port: 80},
        {host: 'grpcish.test', path: '/', service: 'h2', port: 80},
        {host: 'secure-upstream.test', path: '/', service: 'secure', port: 443},
      ]) +
      serviceYaml('secure', 443) +
      serviceYaml('web', 80) +
      serviceYaml('h2', 80, 'kubernetes.io/h2c')
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`, `h2=http://127.0.0.1:${h2cPort}`, `secure=https://127.0.0.1:${securePort}`]}, {httpsPort: 0, tls: testTls})
  })
  after(async () => {
    await gw.close()
    await web.close()
    await closeServer(h2cUpstream)
    await closeServer(secureUpstream)
  })

  it('speaks TLS to upstreams mapped with https:// (bodyless and with a body)', async () => {
    const r = await get(gw.port, 'secure-upstream.test', '/tls?x=1')
    assert.equal(r.status, 200)
    assert.deepEqual(JSON.parse(r.body), {name: 'tls-upstream', url: '/tls?x=1', host: 'secure-upstream.test', encrypted: true})
    const p = await request(gw.port, {method: 'POST', path: '/post', headers: {host: 'secure-upstream.test'}, body: 'data'})
    assert.equal(JSON.parse(p.body).encrypted, true)
  })

  function httpsGet(servername: string, path: string): Promise<{status: number; body: string; cert: string; alpn: string | false | null}> {
    return new Promise((resolve, reject) => {
      const req = https.request({host: '127.0.0.1', port: gw.httpsPort, servername, path, ca: CA, agent: false, headers: {host: servername}}, (res) => {
        const sock = res.socket as TLSSocket
        const cert = sock.getPeerCertificate().subject?.CN ?? ''
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body, cert: String(cert), alpn: sock.alpnProtocol}))
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('serves HTTPS with the certificate chosen by SNI, wildcards included', async () => {
    const a = await httpsGet('a.test', '/x')
    assert.equal(a.status, 200)
    assert.equal(a.cert, 'a.test')
    assert.equal(a.alpn, false)
    const body = JSON.parse(a.body)
    assert.equal(body.headers['x-forwarded-proto'], 'https')
    assert.equal(body.headers['x-forwarded-port'], String(gw.httpsPort))
    const b = await httpsGet('shop.b.test', '/y')
    assert.equal(b.status, 200)
    assert.equal(b.cert, '*.b.test')
    await assert.rejects(httpsGet('unknown.test', '/'))
  })

  it('speaks HTTP/2 over TLS (ALPN h2) to HTTP/1.1 upstreams, and still HTTP/1.1 by ALPN', async () => {
    const session = http2.connect(`https://127.0.0.1:${gw.httpsPort}`, {ca: CA, servername: 'a.test'})
    try {
      const r = await h2Request(session, {':method': 'POST', ':path': '/h2?x=1', ':authority': 'a.test', 'content-type': 'text/plain', cookie: ['a=1', 'b=2']}, 'hello h2')
      assert.equal((session.socket as TLSSocket).alpnProtocol, 'h2')
      assert.equal(r.status, 200)
      const body = JSON.parse(r.body)
      assert.equal(body.name, 'web')
      assert.equal(body.url, '/h2?x=1')
      assert.equal(body.method, 'POST')
      assert.equal(body.headers.host, 'a.test')
      assert.equal(body.headers.cookie, 'a=1; b=2')
      assert.equal(body.bodyBytes, 8)
      assert.equal(gw.infos.at(-1)?.protocol, 'h2')
    } finally {
      session.close()
    }
    const h1 = await new Promise<string | false | null>((resolve, reject) => {
      const options = {host: '127.0.0.1', port: gw.httpsPort, servername: 'a.test', ca: CA, agent: false, ALPNProtocols: ['http/1.1'], headers: {host: 'a.test'}} as https.RequestOptions
      const req = https.request(options, (res) => {
        res.resume()
        res.on('end', () => resolve((res.socket as TLSSocket).alpnProtocol))
      })
      req.on('error', reject)
      req.end()
    })
    assert.equal(h1, 'http/1.1')
  })

  it('accepts h2c with prior knowledge on the HTTP port, next to HTTP/1.1', async () => {
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    try {
      const r = await h2Request(session, {':method': 'GET', ':path': '/plain', ':authority': 'a.test'})
      assert.equal(r.status, 200)
      assert.equal(JSON.parse(r.body).headers['x-forwarded-proto'], 'http')
      assert.equal(gw.infos.at(-1)?.protocol, 'h2c')
      const missing = await h2Request(session, {':method': 'GET', ':path': '/', ':authority': 'nope.test', accept: 'application/json'})
      assert.equal(missing.status, 404)
      assert.equal(JSON.parse(missing.body).error, 'no-route')
    } finally {
      session.close()
    }
    const h1 = await get(gw.port, 'a.test', '/plain')
    assert.equal(h1.status, 200)
  })

  it('forwards HTTP/1.1 clients to an h2c upstream, with trailers', async () => {
    const r = await request(gw.port, {method: 'POST', path: '/call', headers: {host: 'grpcish.test', te: 'trailers'}, body: 'abcd'})
    assert.equal(r.status, 200)
    assert.equal(r.headers['x-upstream'], 'h2c')
    const body = JSON.parse(r.body)
    assert.deepEqual(body, {name: 'h2c', authority: 'grpcish.test', path: '/call', method: 'POST', xfp: 'http', bodyBytes: 4})
    assert.equal(r.trailers['x-done'], 'yes')
  })

  it('forwards HTTP/2 clients to an h2c upstream, with trailers', async () => {
    const session = http2.connect(`https://127.0.0.1:${gw.httpsPort}`, {ca: CA, servername: 'a.test'})
    try {
      const r = await h2Request(session, {':method': 'GET', ':path': '/h2h2', ':authority': 'grpcish.test'})
      assert.equal(r.status, 200)
      assert.equal(JSON.parse(r.body).xfp, 'https')
      assert.equal(r.trailers?.['x-done'], 'yes')
    } finally {
      session.close()
    }
  })
})
