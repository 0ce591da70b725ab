import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import {ingressYaml, request, serveYaml, serviceYaml, type Started} from './helpers.js'

/**
 * A raw TCP upstream: each request head received gets the canned bytes for
 * its path, written in small pieces to exercise split reads. Connections
 * are counted so keep-alive reuse is visible.
 */
const CANNED: Record<string, string> = {
  '/length': 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello world',
  '/chunked': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: x-sum\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-sum: 42\r\n\r\n',
  '/interim': 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
  '/no-content': 'HTTP/1.1 204 No Content\r\nX-B: 2\r\n\r\n',
  '/not-modified': 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 99\r\n\r\n',
  '/head': 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n',
  '/until-close': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the upstream closes',
  '/close-after': 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone',
  '/folded': 'HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n',
  '/bad-status': 'HTTP/9 OK\r\n\r\n',
  '/bad-length': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
  '/close-on-reuse': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh',
  '/bad-chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
}

describe('proxy HTTP/1.1 response framing', () => {
  let upstream: net.Server
  let connections = 0
  const upstreamSockets: net.Socket[] = []
  let gw: Started
  before(async () => {
    upstream = net.createServer((socket) => {
      connections++
      upstreamSockets.push(socket)
      let buf = ''
      let served = 0
      socket.on('data', async (d) => {
        buf += d.toString('latin1')
        let end: number
        while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
          const head = buf.slice(0, end)
          buf = buf.slice(end + 4)
          const path = head.split(' ')[1]!
          // The keep-alive race: the upstream closes a reused connection right as a request arrives.
          if (path === '/close-on-reuse' && served > 0) return void socket.destroy()
          served++
          const reply = CANNED[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'
          // Small pieces: heads, chunk sizes and bodies arrive split.
          for (let i = 0; i < reply.length; i += 7) {
            socket.write(reply.slice(i, i + 7), 'latin1')
            await new Promise((r) => setImmediate(r))
          }
          if (path === '/until-close' || path === '/close-after') socket.end()
        }
      })
      socket.on('error', () => {})
    })
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
    const port = (upstream.address() as net.AddressInfo).port
    gw = await serveYaml(ingressYaml('f', [{host: 'f.test', path: '/', service: 'raw', port: 80}]) + serviceYaml('raw', 80), {maps: [`raw=http://127.0.0.1:${port}`]})
  })
  after(async () => {
    await gw.close()
    await new Promise<void>((r) => upstream.close(() => r()))
  })

  /** Requests over one kept-alive client connection. */
  const agent = new http.Agent({keepAlive: true, maxSockets: 1})
  after(() => agent.destroy())
  function call(path: string, method = 'GET'): Promise<{status: number; headers: http.IncomingHttpHeaders; body: string; trailers: NodeJS.Dict<string>}> {
    return new Promise((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port: gw.port, path, method, agent, headers: {host: 'f.test', te: 'trailers'}}, (res) => {
        let body = ''
        res.setEncoding('latin1')
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body, trailers: res.trailers}))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('relays Content-Length bodies and reuses the upstream connection', async () => {
    const before = connections
    for (let i = 0; i < 3; i++) {
      const r = await call('/length')
      assert.equal(r.status, 200)
      assert.equal(r.body, 'hello world')
      assert.equal(r.headers['x-a'], '1')
    }
    assert.equal(connections - before, 1)
  })

  it('decodes chunked bodies split anywhere, with chunk extensions and trailers', async () => {
    const r = await call('/chunked')
    assert.equal(r.body, 'hello world')
    assert.equal(r.headers['transfer-encoding'], 'chunked')
    assert.equal(r.headers.trailer, 'x-sum')
    assert.equal(r.trailers['x-sum'], '42')
  })

  it('skips interim 1xx responses', async () => {
    const r = await call('/interim')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'ok')
  })

  it('knows which responses have no body: 204, 304, HEAD', async () => {
    const a = await call('/no-content')
    assert.deepEqual([a.status, a.body, a.headers['x-b']], [204, '', '2'])
    const b = await call('/not-modified')
    assert.deepEqual([b.status, b.body, b.headers.etag], [304, '', '"x"'])
    const c = await call('/head', 'HEAD')
    assert.deepEqual([c.status, c.body, c.headers['content-length']], [200, '', '1234'])
    // The connection is still in sync afterwards.
    assert.equal((await call('/length')).body, 'hello world')
  })

  it('reads bodies delimited by the upstream closing, and honours Connection: close', async () => {
    const r = await call('/until-close')
    assert.equal(r.body, 'read until the upstream closes')
    const before = connections
    assert.equal((await call('/close-after')).body, 'done')
    assert.equal((await call('/length')).body, 'hello world')
    assert.equal(connections - before, 2)
  })

  it('answers 502 to malformed upstream responses', async () => {
    for (const path of ['/folded', '/bad-status', '/bad-length']) {
      const r = await request(gw.port, {path, headers: {host: 'f.test', accept: 'application/json'}})
      assert.equal(r.status, 502, path)
      assert.equal(JSON.parse(r.body).error, 'upstream-error', path)
      assert.match(JSON.parse(r.body).message, /invalid HTTP response from upstream/, path)
    }
    // A bad chunk after the head was sent: the client sees the response cut short.
    await assert.rejects(request(gw.port, {path: '/bad-chunk', headers: {host: 'f.test'}}))
  })

  it('retries a request that met a reused upstream connection closing, on a fresh connection', async () => {
    assert.equal((await call('/length')).body, 'hello world')
    const before = connections
    const r = await call('/close-on-reuse')
    assert.deepEqual([r.status, r.body], [200, 'fresh'])
    assert.equal(connections - before, 1)
    assert.equal(gw.infos.at(-1)?.retried, true)
  })

  it('opens a new connection when the pooled one was closed while idle', async () => {
    assert.equal((await call('/length')).body, 'hello world')
    // Close every upstream connection from the server side (an upstream idle timeout).
    const closed = new Promise<void>((r) => setTimeout(r, 50))
    for (const s of upstreamSockets) s.destroy()
    await closed
    const r = await call('/length')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'hello world')
  })
})
