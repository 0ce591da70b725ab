import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import type {UpstreamEndpoint} from '../../src/model/upstreams.js'
import {ingressYaml, request, serveYaml, serviceYaml, snapshotOf, startGateway, tableOf, type Started} from './helpers.js'

/**
 * Upstream answers that once crashed the gateway or desynchronised a client's
 * keep-alive connection. A raw TCP upstream writes exactly the bytes given for
 * each path (in the pieces given, then ends the connection when asked); every
 * case is followed by a request on the same client connection, which must get
 * its own answer.
 */
interface Canned {
  readonly pieces: readonly string[]
  readonly end?: boolean
}

const BIG_FIELD = 'x'.repeat(100 * 1024)

const CANNED: Record<string, Canned> = {
  '/reason-ctl': {pieces: ['HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok']},
  '/trailer-name': {pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Bad Name\r\n\r\n2\r\nok\r\n0\r\nBad Name: x\r\n\r\n']},
  '/trailer-value': {pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n2\r\nok\r\n0\r\nX-T: a\x01b\r\n\r\n']},
  '/te-gzip-cl': {pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled']},
  '/te-xchunked-cl': {pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled']},
  '/cl-chunked': {pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n']},
  '/te-two-lines': {pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled'], end: true},
  '/cl-twice': {pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok']},
  // Completes in a second read, as a large head does.
  '/big-head': {pieces: [`HTTP/1.1 200 OK\r\nX-Big: ${BIG_FIELD.slice(0, 60 * 1024)}`, `${BIG_FIELD.slice(60 * 1024)}\r\nContent-Length: 2\r\n\r\nok`]},
  '/switch': {pieces: ['HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x-raw\r\n\r\nraw bytes after the switch']},
  '/no-content-stray': {pieces: ['HTTP/1.1 204 No Content\r\nX-B: 2\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled']},
  '/not-modified-stray': {pieces: ['HTTP/1.1 304 Not Modified\r\nETag: "e"\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled']},
  '/next': {pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Next: 1\r\n\r\nnext']},
}

interface Answer {
  status: number
  message: string
  rawHeaders: string[]
  body: string
  /** The response ended normally (false: cut). */
  complete: boolean
  /** Local port of the client connection it came on. */
  port: number
  reused: boolean
}

describe('proxy: hostile HTTP/1.1 upstream responses', () => {
  let upstream: net.Server
  let gw: Started
  /** Upstream connections opened, by the path of their first request. */
  const opened: string[] = []
  before(async () => {
    upstream = net.createServer((socket) => {
      let buf = ''
      let first = true
      socket.on('data', async (d) => {
        buf += d.toString('latin1')
        let end: number
        while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
          const head = buf.slice(0, end)
          const length = /\r\ncontent-length: *(\d+)/i.exec(head)
          buf = buf.slice(end + 4 + (length ? Number(length[1]) : 0))
          const path = head.split(' ')[1]!
          if (first) opened.push(path)
          first = false
          const c = CANNED[path] ?? CANNED['/next']!
          for (const p of c.pieces) {
            socket.write(p, 'latin1')
            await new Promise((r) => setTimeout(r, 5))
          }
          if (c.end) socket.end()
        }
      })
      socket.on('error', () => {})
    })
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
    const port = (upstream.address() as net.AddressInfo).port
    gw = await serveYaml(ingressYaml('x', [{host: 'x.test', path: '/', service: 'raw', port: 80}]) + serviceYaml('raw', 80), {maps: [`raw=http://127.0.0.1:${port}`]})
  })
  after(async () => {
    await gw.close()
    await new Promise<void>((r) => upstream.close(() => r()))
  })

  /** One request on `agent` (one kept-alive connection), bounded in time. */
  function call(agent: http.Agent, path: string, method = 'GET'): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port: gw.port, path, method, agent, headers: {host: 'x.test', te: 'trailers', ...(method === 'POST' ? {'content-length': '2'} : {})}})
      const timer = setTimeout(() => {
        req.destroy()
        reject(new Error(`${path}: no complete answer within 5 s`))
      }, 5000)
      req.on('response', (res) => {
        let body = ''
        let complete = false
        const port = res.socket.localPort ?? 0
        res.setEncoding('latin1')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => (complete = res.complete))
        res.on('close', () => {
          clearTimeout(timer)
          resolve({status: res.statusCode ?? 0, message: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body, complete, port, reused: req.reusedSocket})
        })
      })
      req.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      req.end(method === 'POST' ? 'hi' : undefined)
    })
  }

  /** `path`, then /next on the same client connection (asserted), which must get its own answer. */
  async function thenNext(path: string, method = 'GET'): Promise<Answer> {
    const agent = new http.Agent({keepAlive: true, maxSockets: 1})
    try {
      const a = await call(agent, path, method)
      assert.ok(a.complete, `${path}: the answer is complete`)
      const b = await call(agent, '/next')
      assert.equal(b.port, a.port, `${path}: the next request used the same client connection`)
      assert.ok(b.reused)
      assert.deepEqual([b.status, b.body, b.rawHeaders.includes('X-Next')], [200, 'next', true], `${path}: the next request got its own answer`)
      return a
    } finally {
      agent.destroy()
    }
  }

  function fields(a: Answer, name: string): string[] {
    const out: string[] = []
    for (let i = 0; i < a.rawHeaders.length; i += 2) if (a.rawHeaders[i]!.toLowerCase() === name) out.push(a.rawHeaders[i + 1]!)
    return out
  }

  it('relays a status line whose reason phrase has a control character, with the standard phrase', async () => {
    for (const method of ['GET', 'POST']) {
      const a = await thenNext('/reason-ctl', method)
      assert.deepEqual([a.status, a.message, a.body], [200, 'OK', 'ok'], method)
    }
  })

  it('cuts a chunked response with an invalid trailer name or value, and keeps serving', async () => {
    for (const path of ['/trailer-name', '/trailer-value']) {
      const agent = new http.Agent({keepAlive: true, maxSockets: 1})
      try {
        const a = await call(agent, path).catch((err: Error) => err)
        // The body came before the broken trailer section: the client sees the response cut, never a
        // complete one, and its connection is closed (nothing of the upstream's is left on it).
        if (!(a instanceof Error)) assert.equal(a.complete, false, path)
        const b = await call(agent, '/next')
        assert.equal(b.reused, false, path)
        assert.deepEqual([b.status, b.body], [200, 'next'], path)
      } finally {
        agent.destroy()
      }
      assert.equal(gw.infos.find((i) => i.path === path)?.error, 'upstream-error')
    }
  })

  it('answers 502 to Transfer-Encoding with Content-Length, and relays nothing of the tail', async () => {
    for (const path of ['/te-gzip-cl', '/te-xchunked-cl', '/cl-chunked']) {
      const a = await thenNext(path)
      assert.equal(a.status, 502, path)
      assert.doesNotMatch(a.body, /smuggled/, path)
    }
  })

  it('reads a body whose last coding is not chunked until the upstream closes, re-framed for the client', async () => {
    const before = opened.filter((p) => p === '/next').length
    const a = await thenNext('/te-two-lines')
    assert.equal(a.status, 200)
    // The codings are judged over both field lines: gzip is last, so the body is every byte up to the close.
    assert.equal(a.body, '2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled')
    assert.deepEqual(fields(a, 'content-length'), [])
    assert.deepEqual(fields(a, 'transfer-encoding'), ['chunked'])
    // That upstream connection was not reused for /next.
    assert.equal(opened.filter((p) => p === '/next').length, before + 1)
  })

  it('never relays Content-Length twice', async () => {
    const a = await thenNext('/cl-twice')
    assert.ok(fields(a, 'content-length').length <= 1)
    assert.equal(a.status, 502)
  })

  it('answers 502 to an upstream head larger than 64 KiB', async () => {
    const a = await thenNext('/big-head')
    assert.equal(a.status, 502)
    assert.ok(a.rawHeaders.every((v) => v.length < 1024))
  })

  it('answers 502 to an unsolicited 101 Switching Protocols', async () => {
    const a = await thenNext('/switch', 'POST')
    assert.equal(a.status, 502)
    assert.doesNotMatch(a.body, /raw bytes/)
  })

  it('relays 204 and 304 intact when stray bytes follow them, and drops that upstream connection', async () => {
    for (const [path, status] of [['/no-content-stray', 204], ['/not-modified-stray', 304]] as const) {
      for (const method of ['GET', 'POST']) {
        const before = opened.filter((p) => p === '/next').length
        const a = await thenNext(path, method)
        assert.deepEqual([a.status, a.body], [status, ''], `${method} ${path}`)
        assert.equal(opened.filter((p) => p === '/next').length, before + 1, `${method} ${path}: /next went on a new upstream connection`)
      }
    }
  })

  it('keeps serving after all of them', async () => {
    const r = await request(gw.port, {path: '/next', headers: {host: 'x.test'}})
    assert.deepEqual([r.status, r.body], [200, 'next'])
  })
})

describe('proxy: an endpoint transport that throws', () => {
  it('answers 502 connect-failed to plain and upgrade requests, and keeps serving', async () => {
    const endpoint: UpstreamEndpoint = {
      key: 'pod:default/broken-0:80',
      host: 'broken-0.invalid',
      port: 80,
      connect: () => {
        throw Object.assign(new Error('tunnel cannot be opened'), {code: 'ECONNREFUSED'})
      },
    }
    const table = tableOf(snapshotOf(ingressYaml('b', [{host: 'broken.test', path: '/', service: 'broken', port: 80}]) + serviceYaml('broken', 80)))
    const gw = await startGateway({table, resolver: {resolve: () => ({kind: 'endpoints', source: 'port-forward', endpoints: [endpoint]})}})
    try {
      for (let i = 0; i < 2; i++) {
        const plain = await request(gw.port, {path: '/', headers: {host: 'broken.test', accept: 'application/json'}})
        assert.deepEqual([plain.status, JSON.parse(plain.body).error], [502, 'connect-failed'])
        const upgrade = await request(gw.port, {path: '/', headers: {host: 'broken.test', accept: 'application/json', connection: 'upgrade', upgrade: 'websocket'}}).catch((err: Error) => err)
        // Node's client reports an upgrade request answered without 101 as a normal response.
        assert.ok(!(upgrade instanceof Error), String(upgrade))
        assert.deepEqual([upgrade.status, JSON.parse(upgrade.body).error], [502, 'connect-failed'])
      }
    } finally {
      await gw.close()
    }
  })
})
