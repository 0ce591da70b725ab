import assert from 'node:assert/strict'
import * as http2 from 'node:http2'
import type * as net from 'node:net'
import * as tls from 'node:tls'
import {after, before, describe, it} from 'node:test'
import {get, ingressYaml, rawConnect, serveYaml, serviceYaml, untilClosed, type Started} from './helpers.js'
import {CA, testTls} from './tls-fixtures.js'

/** Generous bound for "closed eventually": the timeouts below are a few hundred milliseconds. */
const BOUND_MS = 5000

/** Writes `text` one byte every 50 ms until the socket closes or the text is used up. */
async function trickle(socket: net.Socket, text: string): Promise<void> {
  for (const ch of text) {
    if (socket.destroyed || !socket.writable) return
    socket.write(ch)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function tlsConnect(port: number, alpn: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({host: '127.0.0.1', port, servername: 'a.test', ca: CA, ALPNProtocols: [alpn]}, () => resolve(s))
    s.once('error', reject)
  })
}

/** A raw HTTP/2 frame. */
function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(9)
  h.writeUIntBE(payload.length, 0, 3)
  h[3] = type
  h[4] = flags
  h.writeUInt32BE(stream, 5)
  return Buffer.concat([h, payload])
}

describe('client-side timeouts', () => {
  let gw: Started
  const slowHead = `GET / HTTP/1.1\r\nHost: t.test\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`
  before(async () => {
    gw = await serveYaml(
      ingressYaml('t', [
        {host: 't.test', path: '/', service: 'web', port: 80},
        {host: 'a.test', path: '/', service: 'web', port: 80},
      ]) + serviceYaml('web', 80),
      {echo: true},
      {tls: testTls, httpsPort: 0, clientHeaderTimeoutMs: 300, keepAliveTimeoutMs: 300, tlsHandshakeTimeoutMs: 300, http2IdleTimeoutMs: 300, http2PingIntervalMs: 200},
    )
  })
  after(() => gw.close())

  async function stillServes(): Promise<void> {
    assert.equal((await get(gw.port, 't.test', '/after')).status, 200)
  }

  it('closes a plain connection that never sends a byte, and one that stops inside the HTTP/2 preface', async () => {
    const silent = await untilClosed(await rawConnect(gw.port), BOUND_MS)
    assert.deepEqual(silent, {closed: true, data: ''})
    const partial = await rawConnect(gw.port)
    partial.write('PRI * HTTP/2.0\r\n')
    assert.deepEqual(await untilClosed(partial, BOUND_MS), {closed: true, data: ''})
    await stillServes()
  })

  it('answers 408 (or closes) when a head is trickled a byte at a time', async () => {
    const s = await rawConnect(gw.port)
    const result = untilClosed(s, BOUND_MS)
    await trickle(s, slowHead)
    const r = await result
    assert.equal(r.closed, true, 'the connection is closed before the head completes')
    assert.ok(r.data === '' || r.data.startsWith('HTTP/1.1 408 '), r.data)
    await stillServes()
  })

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const s = await rawConnect(gw.port)
    const result = untilClosed(s, BOUND_MS)
    s.write('GET /one HTTP/1.1\r\nHost: t.test\r\n\r\n')
    const r = await result
    assert.equal(r.closed, true)
    assert.match(r.data, /^HTTP\/1\.1 200 /)
    await stillServes()
  })

  it('destroys a TLS connection whose handshake never completes, writing nothing in plain text', async () => {
    const r = await untilClosed(await rawConnect(gw.httpsPort!), BOUND_MS)
    assert.deepEqual(r, {closed: true, data: ''})
    await stillServes()
  })

  it('answers 408 (or closes) a head trickled over TLS', async () => {
    const s = await tlsConnect(gw.httpsPort!, 'http/1.1')
    const result = untilClosed(s, BOUND_MS)
    await trickle(s, slowHead)
    const r = await result
    assert.equal(r.closed, true)
    assert.ok(r.data === '' || r.data.startsWith('HTTP/1.1 408 '), r.data)
  })

  it('closes an HTTP/2 connection with no open stream after the idle timeout (h2c and h2)', async () => {
    for (const [url, opts] of [
      [`http://127.0.0.1:${gw.port}`, {}],
      [`https://127.0.0.1:${gw.httpsPort}`, {ca: CA, servername: 'a.test'}],
    ] as const) {
      const session = http2.connect(url, opts)
      session.on('error', () => {})
      const closed = new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), BOUND_MS)
        session.once('close', () => {
          clearTimeout(t)
          resolve(true)
        })
      })
      const status = await new Promise<number>((resolve, reject) => {
        const s = session.request({':path': '/', ':authority': url.startsWith('https') ? 'a.test' : 't.test'})
        s.on('response', (h) => resolve(Number(h[':status'])))
        s.on('error', reject)
        s.resume()
      })
      assert.equal(status, 200)
      const wasClosed = await closed
      if (!wasClosed) session.destroy()
      assert.equal(wasClosed, true, `${url}: the idle session is closed`)
    }
    await stillServes()
  })

  it('closes an HTTP/2 connection with an open stream whose peer stops answering PINGs', async () => {
    const s = await rawConnect(gw.port)
    const result = untilClosed(s, BOUND_MS)
    // HPACK: :method GET, :scheme http, :path / (static table), :authority t.test (literal, not indexed).
    const block = Buffer.concat([Buffer.from([0x82, 0x86, 0x84, 0x01, 0x06]), Buffer.from('t.test')])
    s.write(
      Buffer.concat([
        Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        frame(0x4, 0, 0, Buffer.alloc(0)),
        // HEADERS with END_HEADERS but without END_STREAM: the request body never comes, the stream stays open.
        frame(0x1, 0x4, 1, block),
      ]),
    )
    const r = await result
    assert.equal(r.closed, true, 'the session is closed')
    await stillServes()
    const last = gw.infos.at(-2)
    assert.deepEqual([last?.protocol, last?.status, last?.error], ['h2c', 499, 'client-abort'])
  })
})
