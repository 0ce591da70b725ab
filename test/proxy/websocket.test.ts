import assert from 'node:assert/strict'
import * as http from 'node:http'
import type {AddressInfo} from 'node:net'
import {after, before, describe, it} from 'node:test'
import {WebSocket, WebSocketServer, type RawData} from 'ws'
import * as net from 'node:net'
import type {UpstreamEndpoint} from '../../src/model/upstreams.js'
import {closeServer, get, ingressYaml, serveYaml, serviceYaml, slicesYaml, snapshotOf, startGateway, tableOf, type Started} from './helpers.js'
import {CA, testTls} from './tls-fixtures.js'

interface WsBackend {
  port: number
  closes: Array<{code: number; reason: string}>
  close(): Promise<void>
}

/** A real WebSocket server: greets with its name, echoes frames (text stays text, binary stays binary), closes with 4002 on "close-me". */
async function wsBackend(name: string): Promise<WsBackend> {
  const server = http.createServer((_req, res) => res.end('not a websocket'))
  const wss = new WebSocketServer({server})
  const closes: Array<{code: number; reason: string}> = []
  wss.on('connection', (ws, req) => {
    ws.send(JSON.stringify({name, host: req.headers.host, xff: req.headers['x-forwarded-for'], proto: req.headers['x-forwarded-proto']}))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary && data.toString() === 'close-me') return ws.close(4002, 'server says bye')
      ws.send(data, {binary: isBinary})
    })
    ws.on('close', (code, reason) => closes.push({code, reason: reason.toString()}))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    closes,
    close: async () => {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await closeServer(server)
    },
  }
}

/** Opens a client and collects its messages. */
function open(url: string, options: ConstructorParameters<typeof WebSocket>[2]): Promise<{ws: WebSocket; messages: Array<{data: Buffer; binary: boolean}>; next(): Promise<{data: Buffer; binary: boolean}>}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    const messages: Array<{data: Buffer; binary: boolean}> = []
    const waiters: Array<(m: {data: Buffer; binary: boolean}) => void> = []
    ws.on('message', (data: RawData, binary: boolean) => {
      const m = {data: Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), binary}
      const w = waiters.shift()
      if (w) w(m)
      else messages.push(m)
    })
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        next: () => {
          const m = messages.shift()
          return m ? Promise.resolve(m) : new Promise((r) => waiters.push(r))
        },
      }),
    )
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`unexpected ${res.statusCode}`), {status: res.statusCode})))
  })
}

describe('proxy WebSocket', () => {
  let a: WsBackend
  let b: WsBackend
  let gw: Started
  before(async () => {
    a = await wsBackend('a')
    b = await wsBackend('b')
    const yaml =
      ingressYaml('ws', [
        {host: 'ws.test', path: '/', service: 'chat', port: 80},
        {host: 'a.test', path: '/', service: 'chat', port: 80},
        {host: 'ws.test', path: '/nowhere', service: 'missing', port: 80},
      ]) +
      serviceYaml('chat', 80) +
      slicesYaml('chat', 'http', [a.port, b.port])
    gw = await serveYaml(yaml, {}, {httpsPort: 0, tls: testTls})
  })
  after(async () => {
    await gw.close()
    await a.close()
    await b.close()
  })

  it('relays text and binary frames and close codes both ways', async () => {
    const c = await open(`ws://127.0.0.1:${gw.port}/chat`, {headers: {host: 'ws.test'}})
    const hello = JSON.parse((await c.next()).data.toString())
    assert.equal(hello.host, 'ws.test')
    assert.equal(hello.xff, '127.0.0.1')
    assert.equal(hello.proto, 'http')
    c.ws.send('hello there')
    const text = await c.next()
    assert.equal(text.binary, false)
    assert.equal(text.data.toString(), 'hello there')
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255])
    c.ws.send(bytes)
    const bin = await c.next()
    assert.equal(bin.binary, true)
    assert.deepEqual(bin.data, bytes)
    const big = Buffer.alloc(3 * 1024 * 1024, 9)
    c.ws.send(big)
    assert.deepEqual((await c.next()).data, big)
    const backend = hello.name === 'a' ? a : b
    const closed = new Promise<void>((r) => c.ws.once('close', () => r()))
    c.ws.close(4001, 'client done')
    await closed
    while (backend.closes.length === 0) await new Promise((r) => setTimeout(r, 5))
    assert.deepEqual(backend.closes.at(-1), {code: 4001, reason: 'client done'})
  })

  it('relays a close from the server with its code', async () => {
    const c = await open(`ws://127.0.0.1:${gw.port}/`, {headers: {host: 'ws.test'}})
    await c.next()
    const closed = new Promise<{code: number; reason: string}>((r) => c.ws.once('close', (code, reason) => r({code, reason: reason.toString()})))
    c.ws.send('close-me')
    assert.deepEqual(await closed, {code: 4002, reason: 'server says bye'})
    const info = await waitFor(() => gw.infos.find((i) => i.protocol === 'websocket'))
    assert.equal(info.status, 101)
    assert.equal(info.routeId, 'ws.test|/|Prefix')
  })

  it('spreads WebSocket connections over the endpoints', async () => {
    const names: string[] = []
    for (let i = 0; i < 4; i++) {
      const c = await open(`ws://127.0.0.1:${gw.port}/`, {headers: {host: 'ws.test'}})
      names.push(JSON.parse((await c.next()).data.toString()).name)
      c.ws.close()
    }
    assert.deepEqual([...names].sort(), ['a', 'a', 'b', 'b'])
    assert.notEqual(names[0], names[1])
  })

  it('works over TLS (wss) with SNI', async () => {
    const c = await open(`wss://127.0.0.1:${gw.httpsPort}/secure`, {headers: {host: 'a.test'}, servername: 'a.test', ca: CA} as ConstructorParameters<typeof WebSocket>[2])
    const hello = JSON.parse((await c.next()).data.toString())
    assert.equal(hello.proto, 'https')
    c.ws.send(Buffer.from('over tls'))
    assert.equal((await c.next()).data.toString(), 'over tls')
    c.ws.close(1000)
  })

  it('answers an upgrade without upstream with the 503 explanation', async () => {
    await assert.rejects(open(`ws://127.0.0.1:${gw.port}/nowhere`, {headers: {host: 'ws.test'}}), (err: Error & {status?: number}) => err.status === 503)
    await assert.rejects(open(`ws://127.0.0.1:${gw.port}/`, {headers: {host: 'nope.test'}}), (err: Error & {status?: number}) => err.status === 404)
  })
})

describe('proxy through an endpoint transport (UpstreamEndpoint.connect)', () => {
  it('carries plain requests and WebSocket sessions over the endpoint\'s own connection', async () => {
    const backend = await wsBackend('tunnelled')
    let dialed = 0
    // The endpoint names a host that does not resolve: only its connect() can reach the backend.
    const endpoint: UpstreamEndpoint = {
      key: 'pod:default/chat-0:80',
      host: 'chat-0.invalid',
      port: 80,
      connect: () => {
        dialed++
        return net.connect(backend.port, '127.0.0.1')
      },
    }
    const table = tableOf(snapshotOf(ingressYaml('t', [{host: 'tunnel.test', path: '/', service: 'chat', port: 80}]) + serviceYaml('chat', 80)))
    const gw = await startGateway({table, resolver: {resolve: () => ({kind: 'endpoints', source: 'port-forward', endpoints: [endpoint]})}})
    try {
      const plain = await get(gw.port, 'tunnel.test', '/')
      assert.deepEqual([plain.status, plain.body], [200, 'not a websocket'])
      const c = await open(`ws://127.0.0.1:${gw.port}/`, {headers: {host: 'tunnel.test'}})
      assert.equal(JSON.parse((await c.next()).data.toString()).name, 'tunnelled')
      c.ws.send('through')
      assert.equal((await c.next()).data.toString(), 'through')
      c.ws.close()
      assert.equal(dialed, 2)
    } finally {
      await gw.close()
      await backend.close()
    }
  })
})

async function waitFor<T>(f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = f()
    if (v !== undefined) return v
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('condition not met')
}
