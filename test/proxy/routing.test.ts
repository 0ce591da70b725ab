import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {get, httpBackend, ingressYaml, reflect, request, serveYaml, serviceYaml, type Backend, type Started} from './helpers.js'

describe('proxy routing', () => {
  let web: Backend
  let api: Backend
  let gw: Started
  before(async () => {
    web = await httpBackend(reflect('web'))
    api = await httpBackend(reflect('api'))
    const yaml =
      ingressYaml('shop', [
        {host: 'shop.test', path: '/', service: 'web', port: 80},
        {host: 'shop.test', path: '/api', service: 'api', port: 8080},
        {host: 'shop.test', path: '/orders', service: 'orders', port: 80},
        {host: 'echo.test', path: '/', service: 'echoed', port: 80},
      ]) +
      serviceYaml('web', 80) +
      serviceYaml('api', 8080) +
      serviceYaml('orders', 80) +
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: bucket\n  namespace: default\nspec:\n  rules:\n  - host: static.test\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          resource:\n            apiGroup: k8s.example.com\n            kind: StorageBucket\n            name: assets\n`
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`, `default/api:8080=http://127.0.0.1:${api.port}`, `echoed=http://127.0.0.1:1`]})
  })
  after(async () => {
    await gw.close()
    await web.close()
    await api.close()
  })

  it('routes by host and path to the mapped upstream, keeping Host, method and target', async () => {
    const r1 = await get(gw.port, 'shop.test', '/index.html?x=1')
    assert.equal(r1.status, 200)
    const b1 = JSON.parse(r1.body)
    assert.equal(b1.name, 'web')
    assert.equal(b1.url, '/index.html?x=1')
    assert.equal(b1.headers.host, 'shop.test')
    const r2 = await request(gw.port, {method: 'POST', path: '/api/v1/items', headers: {host: 'SHOP.test:8080', 'content-type': 'text/plain'}, body: 'hello'})
    const b2 = JSON.parse(r2.body)
    assert.equal(b2.name, 'api')
    assert.equal(b2.method, 'POST')
    assert.equal(b2.bodyBytes, 5)
    assert.equal(b2.headers.host, 'SHOP.test:8080')
    const info = gw.infos.find((i) => i.path === '/api/v1/items')
    assert.ok(info)
    assert.equal(info.routeId, 'shop.test|/api|Prefix')
    assert.equal(info.upstream, `127.0.0.1:${api.port}`)
    assert.equal(info.status, 200)
    assert.equal(info.method, 'POST')
  })

  it('routes absolute-form request targets (a client using the gateway as its proxy) by their authority', async () => {
    // Node's client sends the path as given: the absolute form, with a Host header that must lose.
    const reply = await request(gw.port, {path: 'http://shop.test/api/x?y=1', headers: {host: 'ignored.test'}})
    assert.equal(reply.status, 200)
    const body = JSON.parse(reply.body)
    assert.equal(body.name, 'api')
    assert.equal(body.url, '/api/x?y=1')
    assert.equal(body.headers.host, 'shop.test')
    assert.equal(body.headers['x-forwarded-host'], 'shop.test')
  })

  it('answers 404 in text by default and in JSON when the client prefers it', async () => {
    const text = await get(gw.port, 'nowhere.test', '/x')
    assert.equal(text.status, 404)
    assert.match(String(text.headers['content-type']), /^text\/plain/)
    assert.match(text.body, /^404 Not Found: no Ingress rule matches host "nowhere.test" and path "\/x"\n/)
    assert.match(text.body, /hint: hosts served: .*shop\.test/)
    const json = await get(gw.port, 'nowhere.test', '/x', {accept: 'application/json'})
    assert.equal(json.status, 404)
    assert.match(String(json.headers['content-type']), /^application\/json/)
    const body = JSON.parse(json.body)
    assert.equal(body.status, 404)
    assert.equal(body.error, 'no-route')
    assert.equal(body.host, 'nowhere.test')
    assert.equal(body.path, '/x')
    const browser = await get(gw.port, 'nowhere.test', '/x', {accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'})
    assert.match(String(browser.headers['content-type']), /^text\/plain/)
    assert.equal(gw.infos.find((i) => i.host === 'nowhere.test')?.error, 'no-route')
  })

  it('answers 503 naming the Service and the --map flag that would fix it', async () => {
    const text = await get(gw.port, 'shop.test', '/orders/7')
    assert.equal(text.status, 503)
    assert.match(text.body, /^503 Service Unavailable: no upstream for Service default\/orders port 80/)
    assert.match(text.body, /--map default\/orders:80=http:\/\/127\.0\.0\.1:PORT/)
    const json = JSON.parse((await get(gw.port, 'shop.test', '/orders/7', {accept: 'application/json, text/plain, */*'})).body)
    assert.equal(json.status, 503)
    assert.equal(json.error, 'unresolved')
    assert.equal(json.service, 'default/orders:80')
    assert.equal(json.flag, '--map default/orders:80=http://127.0.0.1:PORT')
    assert.equal(json.route, 'shop.test|/orders|Prefix')
  })

  it('answers 503 for resource backends', async () => {
    const r = await get(gw.port, 'static.test', '/a.png', {accept: 'application/json'})
    assert.equal(r.status, 503)
    const body = JSON.parse(r.body)
    assert.equal(body.error, 'resource-backend')
    assert.match(body.message, /k8s\.example\.com\/StorageBucket default\/assets, which is not supported locally/)
  })

  it('answers 502 when the upstream refuses the connection', async () => {
    const r = await get(gw.port, 'echo.test', '/', {accept: 'application/json'})
    assert.equal(r.status, 502)
    const body = JSON.parse(r.body)
    assert.equal(body.error, 'connect-failed')
    assert.equal(body.upstream, '127.0.0.1:1')
    assert.equal(body.service, 'default/echoed:80')
  })
})

describe('proxy echo upstream', () => {
  it('answers with the matched route and the request', async () => {
    const gw = await serveYaml(ingressYaml('demo', [{host: 'demo.test', path: '/hello', pathType: 'Exact', service: 'nothing', port: 'web'}]), {echo: true})
    try {
      const r = await request(gw.port, {method: 'PUT', path: '/hello?q=1', headers: {host: 'demo.test', 'x-test': 'yes'}, body: 'abc'})
      assert.equal(r.status, 200)
      const body = JSON.parse(r.body)
      assert.deepEqual(body.route, {
        id: 'demo.test|/hello|Exact',
        ingress: 'default/demo',
        host: 'demo.test',
        path: '/hello',
        pathType: 'Exact',
        backend: {kind: 'service', namespace: 'default', name: 'nothing', port: 'web', protocol: 'http'},
      })
      assert.equal(body.request.method, 'PUT')
      assert.equal(body.request.url, '/hello?q=1')
      assert.equal(body.request.headers['x-test'], 'yes')
      assert.equal(body.request.headers.host, 'demo.test')
      assert.equal(body.request.remoteAddress, '127.0.0.1')
      assert.equal(body.request.bodyBytes, 3)
      assert.equal(gw.infos[0]?.upstream, 'echo')
    } finally {
      await gw.close()
    }
  })
})
