/**
 * ingress-nginx annotations executed by the gateway over real sockets: an
 * upstream that reports what it received (path, Host, headers), HTTP/1.1,
 * h2c, h2 over TLS and WebSocket upgrades. Expected values follow
 * ingress-nginx (nginx.tmpl, lua_ingress.lua, test/e2e/annotations/*.go).
 */
import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as http2 from 'node:http2'
import * as https from 'node:https'
import type {AddressInfo} from 'node:net'
import {after, before, describe, it} from 'node:test'
import {WebSocket, WebSocketServer} from 'ws'
import {compile} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS} from '../../src/compiler/nginx/config.js'
import {createFileResolver, parseMapFlags} from '../../src/upstreams/file/index.js'
import {closeServer, get, httpBackend, nginxIngressYaml, request, serveYaml, snapshotOf, startGateway, type Backend, type Started} from './helpers.js'
import {CA, testTls} from './tls-fixtures.js'

const ing = (name: string, host: string, path: string, annotations: Record<string, string>, o: {tls?: boolean; service?: string} = {}): string =>
  nginxIngressYaml(name, host, annotations, {...o, path, pathType: 'ImplementationSpecific'})

/** Answers with what it received; `/set-*` paths answer with a Location and cookies to rewrite. */
function report(): http.RequestListener {
  return (req, res) => {
    let n = 0
    req.on('data', (c: Buffer) => (n += c.length))
    req.on('end', () => {
      const extra: Record<string, string | string[]> = {}
      if (req.url?.startsWith('/set-')) {
        extra['location'] = 'http://internal.svc:8080/login?next=%2F'
        extra['set-cookie'] = ['sid=1; Domain=internal.svc; Path=/app/inner', 'pref=2; Path=/other']
      }
      const body = JSON.stringify({url: req.url, host: req.headers.host, headers: req.headers, bodyBytes: n})
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, {'content-type': 'application/json', 'strict-transport-security': 'max-age=5', ...extra})
      res.end(body)
    })
  }
}

function httpsGet(port: number, servername: string, path: string): Promise<{status: number; headers: http.IncomingHttpHeaders; body: string}> {
  return new Promise((resolve, reject) => {
    const req = https.request({host: '127.0.0.1', port, servername, path, ca: CA, agent: false, headers: {host: servername}}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}))
    })
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.end()
  })
}

function h2Get(origin: string, authority: string, path: string, options: http2.SecureClientSessionOptions = {}): Promise<{headers: http2.IncomingHttpHeaders; body: string}> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin, options)
    session.on('error', reject)
    const stream = session.request({':path': path, ':authority': authority})
    let body = ''
    let headers: http2.IncomingHttpHeaders = {}
    stream.setEncoding('utf8')
    stream.on('response', (h) => (headers = h))
    stream.on('data', (c: string) => (body += c))
    stream.on('end', () => {
      session.close()
      resolve({headers, body})
    })
    stream.on('error', reject)
  })
}

describe('ingress-nginx annotations in the gateway', () => {
  let web: Backend
  let gw: Started
  let wsPort: number
  let wsServer: http.Server
  let wss: WebSocketServer

  before(async () => {
    web = await httpBackend(report())
    wsServer = http.createServer((_q, s) => s.end('no'))
    wss = new WebSocketServer({server: wsServer})
    wss.on('connection', (ws, req) => ws.send(JSON.stringify({url: req.url, host: req.headers.host})))
    await new Promise<void>((r) => wsServer.listen(0, '127.0.0.1', r))
    wsPort = (wsServer.address() as AddressInfo).port
    const yaml = [
      // Plain paths: the captures of regex paths are covered with the compiler (test/actions).
      ing('rw', 'rw.test', '/something', {'rewrite-target': '/new', 'x-forwarded-prefix': '/something'}),
      ing('vhost', 'vhost.test', '/', {'upstream-vhost': 'internal.svc'}),
      ing('secure', 'a.test', '/', {}, {tls: true}),
      ing('moved', 'moved.test', '/', {'permanent-redirect': 'https://new.test/landing?from=old'}),
      ing('root', 'root.test', '/', {'app-root': '/app1'}),
      ing('cookies', 'cookies.test', '/', {
        'proxy-redirect-from': 'http://internal.svc:8080/',
        'proxy-redirect-to': 'https://cookies.test/',
        'proxy-cookie-domain': 'internal.svc cookies.test',
        'proxy-cookie-path': '/app/ /',
      }),
      ing('ws', 'ws.test', '/socket', {'rewrite-target': '/live'}, {service: 'ws'}),
      ing('wss', 'ws.b.test', '/', {}, {tls: true, service: 'ws'}),
      ing('fallback', 'fallback.test', '/', {'default-backend': 'web'}, {service: 'gone'}),
      ing('nofallback', 'nofallback.test', '/', {}, {service: 'gone'}),
      ing('down', 'a.test', '/down', {}, {tls: true, service: 'gone'}),
      ing('pages', 'pages.test', '/', {'custom-http-errors': '404, 503', 'default-backend': 'errors'}),
    ].join('---\n')
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`, `errors=http://127.0.0.1:${web.port}`, `ws=http://127.0.0.1:${wsPort}`]}, {httpsPort: 0, tls: testTls})
  })

  after(async () => {
    await gw?.close()
    await web?.close()
    for (const c of wss?.clients ?? []) c.terminate()
    await new Promise<void>((r) => wss.close(() => r()))
    await closeServer(wsServer)
  })

  it('rewrite-target: the upstream gets the rewritten path, the query and X-Forwarded-Prefix; the access log keeps the request', async () => {
    const r = await get(gw.port, 'rw.test', '/something/new/page?x=1')
    assert.equal(r.status, 200)
    const got = JSON.parse(r.body)
    // The whole path matched by (?i)/something becomes the target; the query follows.
    assert.equal(got.url, '/new?x=1')
    assert.equal(got.host, 'rw.test')
    assert.equal(got.headers['x-forwarded-prefix'], '/something')
    const info = gw.infos.find((i) => i.path === '/something/new/page?x=1')
    assert.ok(info, 'the access log names the path the client sent')
    assert.equal(info.host, 'rw.test')
  })

  it('rewrite-target with a request body (streamed upstream)', async () => {
    const r = await request(gw.port, {method: 'POST', path: '/something/upload', headers: {host: 'rw.test', 'content-type': 'text/plain'}, body: 'hello'})
    const got = JSON.parse(r.body)
    assert.deepEqual([got.url, got.bodyBytes], ['/new', 5])
  })

  it('rewrite-target over h2c', async () => {
    const r = await h2Get(`http://127.0.0.1:${gw.port}`, 'rw.test', '/something/h2')
    assert.equal(JSON.parse(r.body).url, '/new')
  })

  it('upstream-vhost: Host upstream replaced, X-Forwarded-Host keeps the client host', async () => {
    const got = JSON.parse((await get(gw.port, 'vhost.test', '/x')).body)
    assert.equal(got.host, 'internal.svc')
    assert.equal(got.headers['x-forwarded-host'], 'vhost.test')
    assert.equal(gw.infos.find((i) => i.path === '/x' && i.host === 'vhost.test')?.status, 200)
  })

  it('ssl-redirect (default with TLS): HTTP gets 308 to the HTTPS listener, trailing slash removed', async () => {
    const r = await get(gw.port, 'a.test', '/dir/?q=1')
    assert.equal(r.status, 308)
    assert.equal(r.headers.location, `https://a.test:${gw.httpsPort}/dir/?q=1`)
    const slash = await get(gw.port, 'a.test', '/dir/')
    assert.equal(slash.headers.location, `https://a.test:${gw.httpsPort}/dir`)
    // Over h2c too.
    const h2 = await h2Get(`http://127.0.0.1:${gw.port}`, 'a.test', '/h2')
    assert.equal(h2.headers[':status'], 308)
    assert.equal(h2.headers.location, `https://a.test:${gw.httpsPort}/h2`)
  })

  it('HSTS on HTTPS answers (replacing the upstream one), HTTP/1.1 and h2', async () => {
    const r = await httpsGet(gw.httpsPort!, 'a.test', '/x')
    assert.equal(r.status, 200)
    assert.equal(r.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
    const h2 = await h2Get(`https://127.0.0.1:${gw.httpsPort}`, 'a.test', '/y', {ca: CA, servername: 'a.test'})
    assert.equal(h2.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
    // The gateway's own error answers of the location carry it too (no endpoints: 503).
    const down = await httpsGet(gw.httpsPort!, 'a.test', '/down')
    assert.deepEqual([down.status, down.headers['strict-transport-security']], [503, 'max-age=31536000; includeSubDomains'])
    // Plain HTTP answers of routes without TLS keep what the upstream sent.
    assert.equal((await get(gw.port, 'vhost.test', '/')).headers['strict-transport-security'], 'max-age=5')
  })

  // The value is the Location as written (nginx.tmpl: return CODE URL); ingress-nginx's validator refuses nginx variables in it.
  it('permanent-redirect: 301 with the Location the annotation names, the upstream never asked (HTTP/1.1 and h2c)', async () => {
    const r = await get(gw.port, 'moved.test', '/a/b?c=d')
    assert.equal(r.status, 301)
    assert.equal(r.headers.location, 'https://new.test/landing?from=old')
    assert.match(r.body, /301 Moved Permanently/)
    const h2 = await h2Get(`http://127.0.0.1:${gw.port}`, 'moved.test', '/z')
    assert.deepEqual([h2.headers[':status'], h2.headers.location], [301, 'https://new.test/landing?from=old'])
    assert.equal(gw.infos.find((i) => i.host === 'moved.test')?.upstream, undefined)
  })

  it('app-root: / is redirected (302) with the Host as sent', async () => {
    const r = await request(gw.port, {path: '/', headers: {host: `root.test:${gw.port}`}})
    assert.equal(r.status, 302)
    assert.equal(r.headers.location, `http://root.test:${gw.port}/app1`)
    assert.equal(JSON.parse((await get(gw.port, 'root.test', '/app1')).body).url, '/app1')
  })

  it('proxy-redirect-from/to and proxy-cookie-domain/path rewrite the upstream answer', async () => {
    const r = await get(gw.port, 'cookies.test', '/set-x')
    assert.equal(r.headers.location, 'https://cookies.test/login?next=%2F')
    assert.deepEqual(r.headers['set-cookie'], ['sid=1; Domain=cookies.test; Path=/inner', 'pref=2; Path=/other'])
  })

  it('default-backend: a Service without endpoints is answered by the named Service, told why', async () => {
    const r = await get(gw.port, 'fallback.test', '/page?x=1', {accept: 'text/html'})
    assert.equal(r.status, 200)
    const got = JSON.parse(r.body)
    assert.equal(got.url, '/page?x=1')
    assert.equal(got.host, 'fallback.test')
    const h = got.headers
    assert.deepEqual([h['x-code'], h['x-format'], h['x-namespace'], h['x-ingress-name'], h['x-service-name'], h['x-service-port']], ['503', 'text/html', 'default', 'fallback', 'gone', '80'])
    assert.match(h['x-request-id'], /^[0-9a-f]{32}$/)
    // Without the annotation the gateway answers that the Service has no endpoints.
    assert.equal((await get(gw.port, 'nofallback.test', '/page')).status, 503)
  })

  it('custom-http-errors: an intercepted status is answered by the default backend, asked for / with X-Code and X-Original-URI', async () => {
    for (const via of ['http/1.1', 'h2c'] as const) {
      const r =
        via === 'h2c'
          ? await h2Get(`http://127.0.0.1:${gw.port}`, 'pages.test', '/missing/x?y=1').then((h) => ({status: Number(h.headers[':status']), body: h.body}))
          : await get(gw.port, 'pages.test', '/missing/x?y=1', {accept: 'application/json'})
      assert.equal(r.status, 200, via)
      const got = JSON.parse(r.body)
      assert.equal(got.url, '/?y=1', via)
      assert.equal(got.host, 'pages.test')
      const h = got.headers
      assert.deepEqual([h['x-code'], h['x-original-uri'], h['x-namespace'], h['x-ingress-name'], h['x-service-name'], h['x-service-port']], ['404', '/missing/x?y=1', 'default', 'pages', 'web', '80'])
      if (via === 'http/1.1') assert.equal(h['x-format'], 'application/json')
    }
    // Statuses not listed, and requests with a body (consumed by the first upstream), keep the upstream answer.
    assert.equal(JSON.parse((await get(gw.port, 'pages.test', '/ok')).body).url, '/ok')
    assert.equal((await request(gw.port, {method: 'POST', path: '/missing', headers: {host: 'pages.test'}, body: 'x'})).status, 404)
  })

  it('WebSocket upgrade: rewrite-target applies to the handshake; the HTTPS redirect answers it', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${gw.port}/socket/room1`, {headers: {host: 'ws.test'}})
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()))
      ws.once('error', reject)
    })
    ws.close()
    assert.deepEqual(JSON.parse(first), {url: '/live', host: 'ws.test'})
    const refused = new WebSocket(`ws://127.0.0.1:${gw.port}/chat`, {headers: {host: 'ws.b.test'}})
    const status = await new Promise<{code: number; location: string | undefined}>((resolve, reject) => {
      refused.once('unexpected-response', (_req, res) => resolve({code: res.statusCode ?? 0, location: res.headers.location}))
      refused.once('open', () => reject(new Error('the upgrade went through')))
      refused.once('error', reject)
    })
    refused.terminate()
    assert.deepEqual(status, {code: 308, location: `https://ws.b.test:${gw.httpsPort}/chat`})
  })
})

describe('ingress-nginx annotations in the gateway, with ConfigMap settings', () => {
  let web: Backend
  let gw: Started

  before(async () => {
    web = await httpBackend(report())
    const snapshot = snapshotOf(ing('secure', 'a.test', '/', {}, {tls: true}))
    const nginxConfig = {...NGINX_DEFAULTS, useForwardedHeaders: true, hstsMaxAge: 60, raw: {'http-redirect-code': '301'}}
    const table = compile(snapshot, {nginxConfig})
    const resolver = createFileResolver(snapshot, {maps: parseMapFlags([`web=http://127.0.0.1:${web.port}`]), echo: false})
    gw = await startGateway({table, resolver}, {httpsPort: 0, tls: testTls})
  })

  after(async () => {
    await gw?.close()
    await web?.close()
  })

  it('http-redirect-code, use-forwarded-headers (TLS ended in front of the gateway) and hsts-max-age', async () => {
    const plain = await get(gw.port, 'a.test', '/x')
    assert.deepEqual([plain.status, plain.headers.location], [301, `https://a.test:${gw.httpsPort}/x`])
    const offloaded = await get(gw.port, 'a.test', '/x', {'x-forwarded-proto': 'https'})
    assert.equal(offloaded.status, 200)
    const r = await httpsGet(gw.httpsPort!, 'a.test', '/y')
    assert.equal(r.headers['strict-transport-security'], 'max-age=60; includeSubDomains')
  })
})
