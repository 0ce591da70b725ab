/**
 * proxy-body-size (nginx client_max_body_size) over real sockets: the
 * ConfigMap default 1m on every ingress-nginx route, `0` unlimited, a
 * declared Content-Length refused before anything goes upstream, a streamed
 * (chunked, HTTP/2) body refused once it passes the limit, and spec routes
 * left alone.
 */
import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as http2 from 'node:http2'
import {after, before, describe, it} from 'node:test'
import {httpBackend, nginxIngressYaml, rawConnect, request, serveYaml, untilClosed, type Backend, type Started} from './helpers.js'

const MIB = 1024 * 1024

const ing = (name: string, host: string, annotations: Record<string, string>, nginx = true): string =>
  nginxIngressYaml(name, host, annotations, nginx ? {} : {className: null})

describe('proxy-body-size through the gateway', () => {
  let web: Backend
  let gw: Started
  /** Requests whose head reached the upstream, and those whose whole body did. */
  const seen = {heads: 0, complete: 0, bytes: [] as number[]}

  before(async () => {
    web = await httpBackend((req, res) => {
      seen.heads++
      let n = 0
      req.on('data', (c: Buffer) => (n += c.length))
      req.on('end', () => {
        seen.complete++
        seen.bytes.push(n)
        res.writeHead(200, {'content-type': 'application/json'})
        res.end(JSON.stringify({bodyBytes: n}))
      })
      req.on('error', () => {})
    })
    const yaml = [ing('dflt', 'default.test', {}), ing('open', 'open.test', {'proxy-body-size': '0'}), ing('small', 'small.test', {'proxy-body-size': '8k'}), ing('plain', 'spec.test', {}, false)].join('---\n')
    gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${web.port}`]})
  })
  after(async () => {
    await gw.close()
    await web.close()
  })
  const reset = () => {
    seen.heads = 0
    seen.complete = 0
    seen.bytes = []
  }

  it('a 2 MiB POST to a route with the default (1m) gets 413 with Connection: close; the upstream gets nothing', async () => {
    reset()
    const r = await request(gw.port, {method: 'POST', headers: {host: 'default.test'}, body: Buffer.alloc(2 * MIB, 97)})
    assert.equal(r.status, 413)
    assert.equal(r.headers.connection, 'close')
    assert.match(r.body, /413 Request Entity Too Large/)
    assert.equal(seen.heads, 0)
    // Exactly at the limit passes.
    const ok = await request(gw.port, {method: 'POST', headers: {host: 'default.test'}, body: Buffer.alloc(MIB, 97)})
    assert.equal(ok.status, 200)
    assert.equal(JSON.parse(ok.body).bodyBytes, MIB)
  })

  it('proxy-body-size: "0" lets 3 MiB through; a spec-profile route has no limit', async () => {
    reset()
    for (const host of ['open.test', 'spec.test']) {
      const r = await request(gw.port, {method: 'POST', headers: {host}, body: Buffer.alloc(3 * MIB, 98)})
      assert.equal(r.status, 200, host)
      assert.equal(JSON.parse(r.body).bodyBytes, 3 * MIB, host)
    }
  })

  it('a chunked body over the limit gets 413 and the upstream never receives a complete request', async () => {
    reset()
    const r = await new Promise<{status: number; headers: http.IncomingHttpHeaders; body: string}>((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port: gw.port, method: 'POST', path: '/up', headers: {host: 'small.test', 'transfer-encoding': 'chunked'}, agent: false}, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}))
      })
      req.on('error', reject)
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(4096, 99)) // 16 KiB in 4 KiB chunks, limit 8k
      req.end()
    })
    assert.equal(r.status, 413)
    assert.equal(r.headers.connection, 'close')
    assert.equal(seen.complete, 0)
    // Under the limit, chunked passes whole.
    const ok = await request(gw.port, {method: 'POST', headers: {host: 'small.test', 'transfer-encoding': 'chunked'}, body: Buffer.alloc(8192, 99)})
    assert.equal(ok.status, 200)
    assert.equal(JSON.parse(ok.body).bodyBytes, 8192)
  })

  it('the connection that got 413 is closed after the answer (nginx turns keep-alive off), a Content-Length body unsent', async () => {
    reset()
    const s = await rawConnect(gw.port)
    s.write(`POST /a HTTP/1.1\r\nHost: default.test\r\nContent-Length: ${2 * MIB}\r\n\r\n`)
    const {closed, data} = await untilClosed(s, 10_000)
    assert.equal(closed, true)
    assert.match(data, /^HTTP\/1\.1 413 /)
    assert.match(data, /\r\nconnection: close\r\n/i)
    assert.equal((data.match(/HTTP\/1\.1 /g) ?? []).length, 1)
    assert.equal(seen.heads, 0)
  })

  it('h2c: a body over the limit (no content-length) gets 413, with content-length at once; under it passes', async () => {
    reset()
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    session.on('error', () => {})
    const post = (authority: string, body: Buffer, cl: boolean) =>
      new Promise<{status: number; body: string}>((resolve, reject) => {
        const st = session.request({':method': 'POST', ':path': '/h2', ':authority': authority, ...(cl ? {'content-length': String(body.length)} : {})})
        let status = 0
        let text = ''
        st.on('response', (h) => (status = Number(h[':status'])))
        st.setEncoding('utf8')
        st.on('data', (c: string) => (text += c))
        st.on('end', () => resolve({status, body: text}))
        st.on('error', reject)
        st.end(body)
      })
    try {
      assert.equal((await post('small.test', Buffer.alloc(16384, 1), false)).status, 413)
      assert.equal((await post('small.test', Buffer.alloc(16384, 1), true)).status, 413)
      const ok = await post('small.test', Buffer.alloc(4096, 1), false)
      assert.equal(ok.status, 200)
      assert.equal(JSON.parse(ok.body).bodyBytes, 4096)
      assert.deepEqual(seen.bytes, [4096])
    } finally {
      session.close()
    }
  })
})
