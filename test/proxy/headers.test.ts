import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import {httpBackend, ingressYaml, serveYaml, serviceYaml, type Backend, type Started} from './helpers.js'

/** Sends raw bytes and returns everything the peer sends until it closes (or `until` matches). */
function raw(port: number, text: string, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text))
    let out = ''
    s.on('data', (c) => {
      out += c.toString('latin1')
      if (until && until.test(out)) {
        s.destroy()
        resolve(out)
      }
    })
    s.on('end', () => resolve(out))
    s.on('error', reject)
  })
}

describe('proxy headers', () => {
  let seen: http.IncomingMessage | undefined
  let seenTrailers: NodeJS.Dict<string> = {}
  let backend: Backend
  let gw: Started
  before(async () => {
    backend = await httpBackend((req, res) => {
      seen = req
      let n = 0
      req.on('data', (c: Buffer) => (n += c.length))
      req.on('end', () => {
        seenTrailers = req.trailers
        if (req.url === '/hop') {
          res.writeHead(200, {
            connection: 'X-Secret',
            'x-secret': 'must not pass',
            'keep-alive': 'timeout=5',
            'proxy-authenticate': 'Basic',
            'proxy-connection': 'keep-alive',
            'x-kept': 'yes',
            'content-length': '2',
          })
          res.end('ok')
        } else if (req.url === '/trailers') {
          res.writeHead(200, {'content-type': 'text/plain', trailer: 'x-checksum'})
          res.write('part1-')
          res.write('part2')
          res.addTrailers({'x-checksum': 'abc123'})
          res.end()
        } else if (req.url === '/chunks') {
          res.writeHead(200, {'content-type': 'text/plain'})
          let i = 0
          const t = setInterval(() => {
            res.write(`chunk${i}\n`)
            if (++i === 5) {
              clearInterval(t)
              res.end()
            }
          }, 5)
        } else if (req.url === '/upload') {
          res.end(`got ${n}`)
        } else {
          res.end('plain')
        }
      })
    })
    gw = await serveYaml(ingressYaml('h', [{host: 'h.test', path: '/', service: 'web', port: 80}]) + serviceYaml('web', 80), {maps: [`web=http://127.0.0.1:${backend.port}`]})
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  it('strips hop-by-hop request fields and sets X-Forwarded-* and X-Real-IP', async () => {
    const reply = await raw(
      gw.port,
      'GET /hop HTTP/1.1\r\nHost: h.test\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=9\r\nProxy-Connection: keep-alive\r\n' +
        'Proxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers, deflate\r\nUpgrade: h2c\r\nX-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 198.51.100.1\r\n' +
        'X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.test\r\nX-Forwarded-Port: 1\r\nX-End-To-End: kept\r\nConnection: close\r\n\r\n',
    )
    assert.match(reply, /^HTTP\/1\.1 200 OK\r\n/)
    const h = seen!.headers
    assert.equal(h.host, 'h.test')
    assert.equal(h['x-hop'], undefined)
    assert.equal(h['keep-alive'], undefined)
    assert.equal(h['proxy-connection'], undefined)
    assert.equal(h['proxy-authorization'], undefined)
    assert.equal(h.upgrade, undefined)
    assert.equal(h.te, 'trailers')
    assert.equal(h['x-end-to-end'], 'kept')
    assert.equal(h['x-forwarded-for'], '203.0.113.9, 127.0.0.1')
    assert.equal(h['x-real-ip'], '127.0.0.1')
    assert.equal(h['x-forwarded-proto'], 'http')
    assert.equal(h['x-forwarded-host'], 'h.test')
    assert.equal(h['x-forwarded-port'], String(gw.port))
    // The upstream hop's own connection management, not the client's.
    assert.notEqual(h.connection, 'close')
    // And the response side.
    const head = reply.slice(0, reply.indexOf('\r\n\r\n')).toLowerCase()
    assert.match(head, /\r\nx-kept: yes/)
    assert.doesNotMatch(head, /x-secret/)
    assert.doesNotMatch(head, /keep-alive: timeout=5/)
    assert.doesNotMatch(head, /proxy-authenticate/)
    assert.doesNotMatch(head, /proxy-connection/)
  })

  it('relays response trailers over chunked encoding (request trailers stop at the gateway, as with nginx)', async () => {
    const res = await new Promise<{body: string; trailers: NodeJS.Dict<string>; te: string | undefined}>((resolve, reject) => {
      const req = http.request(
        {port: gw.port, host: '127.0.0.1', method: 'POST', path: '/trailers', agent: false, headers: {host: 'h.test', trailer: 'x-request-sum', te: 'trailers'}},
        (r) => {
          let body = ''
          r.on('data', (c) => (body += c))
          r.on('end', () => resolve({body, trailers: r.trailers, te: r.headers['transfer-encoding']}))
        },
      )
      req.on('error', reject)
      req.write('abc')
      req.addTrailers({'x-request-sum': '42'})
      req.end()
    })
    // The chunked request body arrives re-framed; its trailer section is not sent upstream (undici's
    // HTTP/1.1 client writes none; nginx drops request trailers too).
    assert.equal(seen!.headers['transfer-encoding'], 'chunked')
    assert.equal(seenTrailers['x-request-sum'], undefined)
    assert.equal(res.body, 'part1-part2')
    assert.equal(res.te, 'chunked')
    assert.equal(res.trailers['x-checksum'], 'abc123')
  })

  it('streams chunked responses', async () => {
    const reply = await raw(gw.port, 'GET /chunks HTTP/1.1\r\nHost: h.test\r\nConnection: close\r\n\r\n')
    assert.match(reply, /transfer-encoding: chunked/i)
    const body = reply.slice(reply.indexOf('\r\n\r\n') + 4)
    const decoded = body.split('\r\n').filter((_, i) => i % 2 === 1).join('')
    assert.equal(decoded, 'chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n')
  })

  /** A PUT with Expect: 100-continue that sends its body only when invited. */
  function expectPut(port: number, path: string): Promise<{status: number; body: string; continued: boolean}> {
    return new Promise((resolve, reject) => {
      let continued = false
      const req = http.request({port, host: '127.0.0.1', method: 'PUT', path, agent: false, headers: {host: 'h.test', expect: '100-continue', 'content-length': '5'}})
      req.on('continue', () => {
        continued = true
        req.end('12345')
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => {
          req.destroy()
          resolve({status: res.statusCode ?? 0, body, continued})
        })
      })
      req.on('error', reject)
      req.flushHeaders()
    })
  }

  it('answers Expect: 100-continue itself once an upstream connection takes the body (Expect is not forwarded, as with nginx)', async () => {
    const r = await expectPut(gw.port, '/upload')
    assert.equal(seen!.headers.expect, undefined)
    assert.equal(seen!.headers['content-length'], '5')
    assert.deepEqual(r, {status: 200, body: 'got 5', continued: true})
  })

  it('does not invite the body when no upstream connection can be made', async () => {
    const dead = net.createServer()
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r))
    const port = (dead.address() as net.AddressInfo).port
    await new Promise<void>((r) => dead.close(() => r()))
    const gw2 = await serveYaml(ingressYaml('h', [{host: 'h.test', path: '/', service: 'web', port: 80}]) + serviceYaml('web', 80), {maps: [`web=http://127.0.0.1:${port}`]})
    try {
      const r = await expectPut(gw2.port, '/upload')
      assert.equal(r.status, 502)
      assert.equal(r.continued, false)
    } finally {
      await gw2.close()
    }
  })
})
