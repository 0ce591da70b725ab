/**
 * Access lists in the gateway over real sockets. The gateway listens on
 * 127.0.0.1, so the client address is 127.0.0.1: ranges that hold it serve,
 * ranges that do not answer 403 (nginx's allow/deny). With the ConfigMap's
 * use-forwarded-headers the address comes from X-Forwarded-For
 * (ngx_http_realip_module, proxy-real-ip-cidr 0.0.0.0/0, real_ip_recursive on).
 */
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {get, httpBackend, nginxIngressYaml, reflect, serveYaml, type Backend, type Started} from './helpers.js'

const ing = (name: string, host: string, annotations: Record<string, string>): string => nginxIngressYaml(name, host, annotations)

function controllerConfig(data: Record<string, string>): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
  .join('')}`
}

describe('access lists in the gateway (client 127.0.0.1)', () => {
  let web: Backend
  let gw: Started

  before(async () => {
    web = await httpBackend(reflect('web'))
    const yaml = [
      ing('inside', 'inside.test', {'allowlist-source-range': '127.0.0.0/8,::1'}),
      ing('outside', 'outside.test', {'allowlist-source-range': '10.0.0.0/8, 2001:db8::/32'}),
      ing('old', 'old.test', {'whitelist-source-range': '10.0.0.0/8'}),
      ing('denied', 'denied.test', {'denylist-source-range': '127.0.0.1'}),
      ing('both', 'both.test', {'denylist-source-range': '127.0.0.1', 'allowlist-source-range': '127.0.0.0/8'}),
      ing('xff', 'xff.test', {'allowlist-source-range': '203.0.113.0/24'}),
      ing('open', 'open.test', {}),
    ].join('---\n')
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`]})
  })
  after(async () => {
    await gw?.close()
    await web?.close()
  })

  it('a client inside the allow list is proxied', async () => {
    const r = await get(gw.port, 'inside.test', '/a')
    assert.equal(r.status, 200)
    assert.equal(JSON.parse(r.body).url, '/a')
  })
  it('a client outside the allow list gets 403 with the nginx-style error page', async () => {
    const r = await get(gw.port, 'outside.test', '/a')
    assert.equal(r.status, 403)
    assert.match(r.body, /403 Forbidden/)
    assert.equal(r.headers['content-type'], 'text/html')
  })
  it('whitelist-source-range (old name) restricts the same way', async () => {
    assert.equal((await get(gw.port, 'old.test', '/')).status, 403)
  })
  it('a client in the deny list gets 403, even when the allow list holds it too', async () => {
    assert.equal((await get(gw.port, 'denied.test', '/')).status, 403)
    assert.equal((await get(gw.port, 'both.test', '/')).status, 403)
  })
  it('without use-forwarded-headers, X-Forwarded-For does not change the client address', async () => {
    assert.equal((await get(gw.port, 'xff.test', '/', {'x-forwarded-for': '203.0.113.5'})).status, 403)
  })
  it('routes without lists are untouched', async () => {
    assert.equal((await get(gw.port, 'open.test', '/')).status, 200)
  })
})

describe('access lists with use-forwarded-headers', () => {
  let web: Backend
  let gw: Started

  before(async () => {
    web = await httpBackend(reflect('web'))
    const yaml = [
      controllerConfig({'use-forwarded-headers': 'true', 'denylist-source-range': '198.51.100.0/24'}),
      ing('xff', 'xff.test', {'allowlist-source-range': '203.0.113.0/24'}),
      ing('global', 'global.test', {}),
    ].join('---\n')
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`]})
  })
  after(async () => {
    await gw?.close()
    await web?.close()
  })

  it('the client address comes from X-Forwarded-For (the peer 127.0.0.1 is in the default proxy-real-ip-cidr)', async () => {
    assert.equal((await get(gw.port, 'xff.test', '/', {'x-forwarded-for': '203.0.113.5'})).status, 200)
    assert.equal((await get(gw.port, 'xff.test', '/', {'x-forwarded-for': '192.0.2.1'})).status, 403)
    // no header: the peer, outside the list
    assert.equal((await get(gw.port, 'xff.test', '/')).status, 403)
  })
  it("the ConfigMap's denylist-source-range applies to routes without the annotation", async () => {
    assert.equal((await get(gw.port, 'global.test', '/', {'x-forwarded-for': '198.51.100.9'})).status, 403)
    assert.equal((await get(gw.port, 'global.test', '/', {'x-forwarded-for': '192.0.2.1'})).status, 200)
  })
})
