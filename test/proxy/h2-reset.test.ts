import assert from 'node:assert/strict'
import * as http2 from 'node:http2'
import type * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import {closeServer, get, httpBackend, ingressYaml, serveYaml, serviceYaml, sleep, type Backend, type Started} from './helpers.js'

const {NGHTTP2_CANCEL} = http2.constants

/** Waits until `cond()` holds, polling every 20 ms, for at most `boundMs`; returns whether it held. */
async function eventually(cond: () => boolean, boundMs = 5000): Promise<boolean> {
  const end = Date.now() + boundMs
  while (!cond()) {
    if (Date.now() > end) return false
    await sleep(20)
  }
  return true
}

describe('HTTP/2 stream resets and concurrency', () => {
  /** An upstream that takes requests and never answers; counts its open connections and the requests it got. */
  let upstream: Backend
  let open = 0
  let requests = 0
  /** An HTTP/2 (gRPC-style) upstream that never answers; counts its open streams. */
  let h2Upstream: http2.Http2Server
  let h2Open = 0
  let h2Seen = 0
  let gw: Started
  before(async () => {
    h2Upstream = http2.createServer()
    h2Upstream.on('stream', (stream) => {
      h2Seen++
      h2Open++
      stream.on('error', () => {})
      stream.once('close', () => h2Open--)
    })
    await new Promise<void>((r) => h2Upstream.listen(0, '127.0.0.1', r))
    const h2Port = (h2Upstream.address() as net.AddressInfo).port
    upstream = await httpBackend(
      (req) => {
        requests++
        req.resume()
      },
      (server) =>
        server.on('connection', (s: net.Socket) => {
          open++
          s.once('close', () => open--)
        }),
    )
    gw = await serveYaml(
      ingressYaml('h', [
        {host: 'h.test', path: '/hang', service: 'hang', port: 80},
        {host: 'h.test', path: '/echo', service: 'echo', port: 80},
        {host: 'h.test', path: '/grpc.Hang/', service: 'grpc', port: 80},
      ]) +
        serviceYaml('hang', 80) +
        serviceYaml('grpc', 80, 'kubernetes.io/h2c'),
      {maps: [`hang=http://127.0.0.1:${upstream.port}`, `grpc=http://127.0.0.1:${h2Port}`], echo: true},
      {upstreamIdleTimeoutMs: 60_000},
    )
  })
  after(async () => {
    await gw.close()
    await upstream.close()
    await closeServer(h2Upstream)
  })

  it('cancels the upstream request of every stream the client resets, and logs 499', async () => {
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    session.on('error', () => {})
    try {
      requests = 0
      const before = gw.infos.length
      // Streams that reached the upstream, then reset.
      const streams = Array.from({length: 100}, () => {
        const s = session.request({':path': '/hang', ':authority': 'h.test'})
        s.on('error', () => {})
        return s
      })
      assert.ok(await eventually(() => requests >= 100), `the upstream got ${requests} of 100 requests`)
      for (const s of streams) s.close(NGHTTP2_CANCEL)
      // A rapid-reset burst: HEADERS then RST_STREAM at once.
      for (let i = 0; i < 200; i++) {
        const s = session.request({':path': '/hang', ':authority': 'h.test'})
        s.on('error', () => {})
        s.close(NGHTTP2_CANCEL)
      }
      const drained = await eventually(() => open === 0)
      assert.ok(drained, `${open} upstream connections still open`)
      const mine = gw.infos.slice(before)
      assert.ok(mine.length >= 100, `${mine.length} requests logged`)
      assert.deepEqual([...new Set(mine.map((i) => `${i.status} ${i.error}`))], ['499 client-abort'])
    } finally {
      session.destroy()
    }
    assert.equal((await get(gw.port, 'h.test', '/echo')).status, 200)
  })

  it('lets one h2c connection have at most 128 requests in flight upstream', async () => {
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    session.on('error', () => {})
    try {
      requests = 0
      for (let i = 0; i < 300; i++) {
        const s = session.request({':path': '/hang', ':authority': 'h.test'})
        s.on('error', () => {})
      }
      assert.ok(await eventually(() => requests >= 128), `the upstream got ${requests} requests`)
      // Whatever was going to arrive has had time to: no more than the stream limit.
      await sleep(300)
      assert.equal(requests, 128)
    } finally {
      session.destroy()
    }
    assert.ok(await eventually(() => open === 0), `${open} upstream connections still open after the client left`)
  })

  it('cancels the upstream HTTP/2 stream (gRPC) of a stream the client resets or leaves', async () => {
    const session = http2.connect(`http://127.0.0.1:${gw.port}`)
    session.on('error', () => {})
    h2Seen = 0
    const headers = {':method': 'POST', ':path': '/grpc.Hang/Call', ':authority': 'h.test', 'content-type': 'application/grpc', te: 'trailers'}
    const streams = Array.from({length: 20}, () => {
      const s = session.request(headers)
      s.on('error', () => {})
      s.write(Buffer.from([0, 0, 0, 0, 0]))
      return s
    })
    assert.ok(await eventually(() => h2Seen >= 20), `the upstream got ${h2Seen} of 20 streams`)
    for (const s of streams.slice(0, 10)) s.close(NGHTTP2_CANCEL)
    assert.ok(await eventually(() => h2Open === 10), `${h2Open} upstream streams open after 10 resets`)
    session.destroy()
    assert.ok(await eventually(() => h2Open === 0), `${h2Open} upstream streams open after the client left`)
  })
})
