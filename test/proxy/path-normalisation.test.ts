/**
 * A guard route on the normalised path: ingress-nginx selects the location on
 * nginx's normalised URI, and the upstream (any URL library, servlet container
 * or static-file server) resolves dot segments too, so a raw-path match would
 * let `/x/../admin` past an Exact `/admin` guard. The target goes upstream as
 * sent, exactly as nginx's proxy_pass without a URI part passes it.
 */
import assert from 'node:assert/strict'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import {get, httpBackend, ingressYaml, reflect, serveYaml, serviceYaml, type Backend, type Started} from './helpers.js'

/** Sends `head` on a raw connection and returns the status line of the answer. */
function rawStatus(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(head))
    let got = ''
    c.setEncoding('latin1')
    c.on('data', (d: string) => (got += d))
    c.on('error', reject)
    c.on('close', () => resolve(got.split('\r\n')[0] ?? ''))
  })
}

describe('proxy: routes on the normalised path, forwards the target as sent', () => {
  let web: Backend
  let guard: Backend
  let gw: Started
  before(async () => {
    web = await httpBackend(reflect('web'))
    guard = await httpBackend(reflect('guard'))
    const yaml =
      ingressYaml('site', [
        {host: 'shop.test', path: '/', service: 'web', port: 80},
        {host: 'shop.test', path: '/admin', pathType: 'Exact', service: 'guard', port: 80},
        {host: 'shop.test', path: '/private', service: 'guard', port: 80},
      ]) +
      serviceYaml('web', 80) +
      serviceYaml('guard', 80)
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`, `guard=http://127.0.0.1:${guard.port}`]})
  })
  after(async () => {
    await gw.close()
    await web.close()
    await guard.close()
  })

  for (const target of ['/admin', '/x/../admin', '/x/%2e%2e/admin', '/./admin', '/public/../admin', '//admin', '/%61dmin', '/x%2F..%2Fadmin?q=1', '/private/../private/k', '/public/..%2Fprivate']) {
    it(`${target} reaches the guard route, with its target unchanged`, async () => {
      const r = await get(gw.port, 'shop.test', target)
      assert.equal(r.status, 200)
      const body = JSON.parse(r.body)
      assert.equal(body.name, 'guard')
      assert.equal(body.url, target)
      const info = gw.infos.find((i) => i.path === target)
      assert.equal(info?.routeId?.startsWith('shop.test|/'), true)
    })
  }

  it('other paths still reach the catch-all route', async () => {
    for (const target of ['/admin/x', '/administrator', '/a/b/../c', '/admin%3F']) {
      const r = await get(gw.port, 'shop.test', target)
      assert.equal(r.status, 200, target)
      assert.equal(JSON.parse(r.body).name, 'web', target)
    }
  })

  for (const [target, why] of [
    ['/..', /above the root/],
    ['/x/../../admin', /above the root/],
    ['/%2e%2e/admin', /above the root/],
    ['/admin%zz', /two hexadecimal digits/],
    ['/admin%', /two hexadecimal digits/],
    ['/admin%00', /NUL/],
  ] as const) {
    it(`${target} is answered 400 as nginx does, without an upstream request`, async () => {
      const r = await get(gw.port, 'shop.test', target, {accept: 'application/json'})
      assert.equal(r.status, 400)
      const body = JSON.parse(r.body)
      assert.equal(body.error, 'bad-path')
      assert.match(body.message, why)
      assert.equal(gw.infos.find((i) => i.path === target)?.upstream, undefined)
    })
  }

  it('a keep-alive connection keeps serving after a 400 for a bad path', async () => {
    const head = 'GET /%2e%2e/admin HTTP/1.1\r\nHost: shop.test\r\n\r\nGET /x/../admin HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n'
    const all = await new Promise<string>((resolve, reject) => {
      const c = net.connect(gw.port, '127.0.0.1', () => c.write(head))
      let got = ''
      c.setEncoding('latin1')
      c.on('data', (d: string) => (got += d))
      c.on('error', reject)
      c.on('close', () => resolve(got))
    })
    const statuses = all.match(/^HTTP\/1\.1 \d+/gm)
    assert.deepEqual(statuses, ['HTTP/1.1 400', 'HTTP/1.1 200'])
    assert.match(all, /"name":"guard"/)
  })

  it('a WebSocket upgrade on a bad path is refused with 400', async () => {
    const status = await rawStatus(gw.port, 'GET /a/../../ws HTTP/1.1\r\nHost: shop.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    assert.equal(status, 'HTTP/1.1 400 Bad Request')
  })
})
