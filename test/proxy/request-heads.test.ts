import assert from 'node:assert/strict'
import * as http2 from 'node:http2'
import {after, before, describe, it} from 'node:test'
import {get, httpBackend, ingressYaml, rawConnect, serveYaml, serviceYaml, untilClosed, type Backend, type Started} from './helpers.js'

const BOUND_MS = 5000

interface Seen {
  url: string
  method: string
  httpVersion: string
  rawHeaders: string[]
  body: string
}

/** Sends exact bytes, returns everything the gateway sent until it closed the connection. */
async function exchange(port: number, bytes: string): Promise<string> {
  const s = await rawConnect(port)
  const done = untilClosed(s, BOUND_MS)
  s.write(bytes)
  const r = await done
  assert.equal(r.closed, true, 'the gateway closes the connection')
  return r.data
}

/** Values of the fields named `name` (any case) in a raw list. */
function fields(raw: string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!)
  return out
}

describe('request heads the gateway refuses or repairs', () => {
  let backend: Backend
  let seen: Seen[] = []
  let gw: Started
  before(async () => {
    backend = await httpBackend(
      (req, res) => {
        let body = ''
        req.setEncoding('latin1')
        req.on('data', (c: string) => (body += c))
        req.on('end', () => {
          seen.push({url: req.url ?? '', method: req.method ?? '', httpVersion: req.httpVersion, rawHeaders: req.rawHeaders, body})
          res.end('upstream')
        })
      },
      // The upstream itself takes any number of fields: what it gets is what the gateway sent.
      (s) => (s.maxHeadersCount = 0),
    )
    gw = await serveYaml(
      ingressYaml('h', [
        {host: 'h.test', path: '/', service: 'web', port: 80},
        {path: '/any', service: 'web', port: 80},
      ]) + serviceYaml('web', 80),
      {maps: [`web=http://127.0.0.1:${backend.port}`]},
    )
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  async function stillServes(): Promise<void> {
    const r = await get(gw.port, 'h.test', '/ok')
    assert.deepEqual([r.status, r.body], [200, 'upstream'])
  }

  it('answers 400 to two Host fields and forwards nothing (RFC 9112 §3.2)', async () => {
    seen = []
    for (const hosts of ['Host: h.test\r\nHost: h.test', 'Host: other.test\r\nHost: h.test', 'Host: h.test\r\nhost: other.test']) {
      const reply = await exchange(gw.port, `GET /x HTTP/1.1\r\n${hosts}\r\n\r\n`)
      assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/, hosts)
      assert.match(reply, /more than one Host field/)
    }
    // A WebSocket handshake too.
    const ws = await exchange(gw.port, 'GET /ws HTTP/1.1\r\nHost: h.test\r\nHost: other.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    assert.match(ws, /^HTTP\/1\.1 400 /)
    assert.equal(seen.length, 0)
    assert.equal(gw.infos.at(-1)?.error, 'bad-request')
    await stillServes()
  })

  it('answers 400 over HTTP/2 when Host and :authority name different authorities (RFC 9113 §8.3.1)', async () => {
    seen = []
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    session.on('error', () => {})
    const status = (headers: http2.OutgoingHttpHeaders) =>
      new Promise<number>((resolve, reject) => {
        const s = session.request({':path': '/h2', ...headers})
        s.on('response', (h) => resolve(Number(h[':status'])))
        s.on('error', reject)
        s.resume()
      })
    try {
      assert.equal(await status({':authority': 'h.test', host: 'other.test'}), 400)
      assert.equal(seen.length, 0)
      // The same authority (case and the default port aside) is fine.
      assert.equal(await status({':authority': 'h.test', host: 'H.test:80'}), 200)
      assert.equal(fields(seen[0]!.rawHeaders, 'host').length, 1, 'one Host field upstream')
    } finally {
      session.close()
    }
  })

  it('keeps Host when Connection names it', async () => {
    seen = []
    const reply = await exchange(gw.port, 'GET /c HTTP/1.1\r\nHost: h.test\r\nConnection: Host, close\r\n\r\n')
    assert.match(reply, /^HTTP\/1\.1 200 /)
    assert.deepEqual(fields(seen[0]!.rawHeaders, 'host'), ['h.test'])
  })

  it('sends an HTTP/1.0 request without Host upstream with the server name it was served as', async () => {
    seen = []
    const reply = await exchange(gw.port, 'GET /any HTTP/1.0\r\n\r\n')
    assert.match(reply, /^HTTP\/1\.1 200 /)
    const h = seen[0]!.rawHeaders
    assert.deepEqual(fields(h, 'host'), [`127.0.0.1:${gw.port}`])
    assert.deepEqual(fields(h, 'x-forwarded-host'), [`127.0.0.1:${gw.port}`])
  })

  it('answers 431 to a head with more than 2,000 fields instead of forwarding it cut short', async () => {
    seen = []
    const many = (n: number) => Array.from({length: n}, (_, i) => `a${i % 10}: 1\r\n`).join('')
    // Host first, Content-Length last: Node keeps only the first fields it is told to.
    const reply = await exchange(gw.port, `POST /big HTTP/1.1\r\nHost: h.test\r\n${many(2000)}Content-Length: 5\r\n\r\nhello`)
    assert.match(reply, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    assert.equal(seen.length, 0)
    assert.equal(gw.infos.at(-1)?.error, 'header-too-large')
    // Exactly 2,000 fields are forwarded whole, body included.
    const ok = await exchange(gw.port, `POST /big HTTP/1.1\r\nHost: h.test\r\nConnection: close\r\n${many(1997)}Content-Length: 5\r\n\r\nhello`)
    assert.match(ok, /^HTTP\/1\.1 200 /)
    assert.equal(seen[0]!.body, 'hello')
    await stillServes()
  })

  it('logs a head Node refuses before a request exists (malformed field) as a 400, like any answer', async () => {
    seen = []
    const before = gw.infos.length
    const reply = await exchange(gw.port, 'GET /x HTTP/1.1\r\nHost: h.test\r\nBad Field: 1\r\n\r\n')
    assert.match(reply, /^HTTP\/1\.1 400 /)
    assert.equal(seen.length, 0)
    const logged = gw.infos.slice(before)
    assert.deepEqual(logged.map((i) => `${i.status} ${i.error} ${i.protocol}`), ['400 bad-request http/1.1'])
    await stillServes()
  })

  it('answers 400 to an absolute-form target with another scheme than http(s), and to "*" except for OPTIONS', async () => {
    seen = []
    for (const line of ['GET ftp://h.test/x HTTP/1.1', 'GET file:///etc/passwd HTTP/1.1', 'GET * HTTP/1.1', 'GET x HTTP/1.1']) {
      const reply = await exchange(gw.port, `${line}\r\nHost: h.test\r\n\r\n`)
      assert.match(reply, /^HTTP\/1\.1 400 /, line)
    }
    assert.equal(seen.length, 0)
    const options = await exchange(gw.port, 'OPTIONS * HTTP/1.1\r\nHost: h.test\r\nConnection: close\r\n\r\n')
    assert.doesNotMatch(options, /^HTTP\/1\.1 400 /)
    // http(s) absolute form is served, routed by its authority.
    const abs = await exchange(gw.port, 'GET http://h.test/abs?q=1 HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n')
    assert.match(abs, /^HTTP\/1\.1 200 /)
    assert.equal(seen.at(-1)?.url, '/abs?q=1')
    assert.deepEqual(fields(seen.at(-1)!.rawHeaders, 'host'), ['h.test'])
    await stillServes()
  })
})
