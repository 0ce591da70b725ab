import assert from 'node:assert/strict'
import http from 'node:http'
import http2 from 'node:http2'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {after, before, describe, it} from 'node:test'
import {KubeConfig, NetworkingV1Api} from '@kubernetes/client-node'
import WebSocket, {WebSocketServer} from 'ws'
import {LiveTable} from '../../src/live/live-table.js'
import {Gateway} from '../../src/proxy/index.js'
import {createClusterResolver, type ClusterResolver} from '../../src/upstreams/cluster/index.js'
import type {ClusterSource} from '../../src/sources/cluster/cluster-source.js'
import {serverTls} from '../k8s/tls.js'
import {fx, namedHttpServer, source, startHarness, WAIT_MS, type Harness} from './helpers.js'

/** GET through the gateway with a keep-alive client agent. */
function get(port: number, host: string, path: string, agent: http.Agent): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = http.request({host: '127.0.0.1', port, path, agent, headers: {host}}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('gateway through port-forward tunnels (Gateway + LiveTable + cluster resolver)', () => {
  let h: Harness
  let src: ClusterSource
  let live: LiveTable
  let upstreams: ClusterResolver
  let gw: Gateway
  let port: number
  const agent = new http.Agent({keepAlive: true, maxSockets: 8})
  let pods: Array<Awaited<ReturnType<typeof namedHttpServer>>>
  let blob: http.Server
  let h2: http2.Http2Server
  let wss: WebSocketServer
  let secure: https.Server

  before(async () => {
    h = await startHarness()
    // A pod that counts uploaded bytes and streams downloads.
    blob = http.createServer((req, res) => {
      if (req.method === 'POST') {
        let n = 0
        req.on('data', (c: Buffer) => (n += c.length))
        req.on('end', () => res.end(String(n)))
        return
      }
      const chunk = Buffer.alloc(64 * 1024, 120)
      let left = 256
      const pump = () => {
        while (left > 0) {
          left--
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    await new Promise<void>((resolve) => blob.listen(0, '127.0.0.1', resolve))
    // A pod speaking HTTP/2 cleartext (Service port appProtocol kubernetes.io/h2c).
    h2 = http2.createServer((req, res) => res.end(`h2 ${req.httpVersion} ${req.url}`))
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve))
    // A pod serving HTTPS (Service port appProtocol https).
    const cert = await serverTls()
    secure = https.createServer({cert: cert.cert, key: cert.key}, (req, res) => res.end(`tls ${(req.socket as import('node:tls').TLSSocket).getProtocol()} ${req.url}`))
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve))
    // A pod with a WebSocket echo server.
    wss = new WebSocketServer({host: '127.0.0.1', port: 0})
    wss.on('connection', (ws) => ws.on('message', (m, bin) => ws.send(bin ? m : `echo ${String(m)}`)))
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    pods = [await namedHttpServer('web-1'), await namedHttpServer('web-2'), await namedHttpServer('cart-1')]
    h.api.seed(
      fx.namespace('shop'),
      fx.pod('shop', 'web-1', {ip: '10.0.0.1', ports: [8080]}),
      fx.pod('shop', 'web-2', {ip: '10.0.0.2', ports: [8080]}),
      fx.pod('shop', 'cart-1', {ip: '10.0.1.1', ports: [3000]}),
      fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: 8080}]),
      fx.service('shop', 'cart', [{name: 'http', port: 80, targetPort: 3000}]),
      fx.endpointSlice(
        'shop',
        'web-abc',
        'web',
        [
          {ip: '10.0.0.1', pod: 'web-1'},
          {ip: '10.0.0.2', pod: 'web-2'},
        ],
        [{name: 'http', port: 8080}],
      ),
      fx.endpointSlice('shop', 'cart-abc', 'cart', [{ip: '10.0.1.1', pod: 'cart-1'}], [{name: 'http', port: 3000}]),
      fx.ingress('shop', 'web', {rules: [{host: 'shop.example.com', paths: [{path: '/', service: 'web', port: 'http'}]}]}),
      fx.pod('shop', 'blob-1', {ip: '10.0.2.1', ports: [9000]}),
      fx.service('shop', 'blob', [{name: 'http', port: 80, targetPort: 9000}]),
      fx.endpointSlice('shop', 'blob-abc', 'blob', [{ip: '10.0.2.1', pod: 'blob-1'}], [{name: 'http', port: 9000}]),
      fx.pod('shop', 'h2-1', {ip: '10.0.3.1', ports: [9100]}),
      fx.service('shop', 'h2', [{name: 'h2c', port: 80, targetPort: 9100, appProtocol: 'kubernetes.io/h2c'}]),
      fx.endpointSlice('shop', 'h2-abc', 'h2', [{ip: '10.0.3.1', pod: 'h2-1'}], [{name: 'h2c', port: 9100, appProtocol: 'kubernetes.io/h2c'}]),
      // Loopback address and a port nothing listens on: a WebSocket that bypassed the tunnel fails here instead of leaving the machine.
      fx.pod('shop', 'ws-1', {ip: '127.0.0.1', ports: [1]}),
      fx.service('shop', 'ws', [{name: 'http', port: 80, targetPort: 1}]),
      fx.endpointSlice('shop', 'ws-abc', 'ws', [{ip: '127.0.0.1', pod: 'ws-1'}], [{name: 'http', port: 1}]),
      fx.pod('shop', 'tls-1', {ip: '10.0.5.1', ports: [8443]}),
      fx.service('shop', 'secure', [{name: 'https', port: 443, targetPort: 8443, appProtocol: 'https'}]),
      fx.endpointSlice('shop', 'secure-abc', 'secure', [{ip: '10.0.5.1', pod: 'tls-1'}], [{name: 'https', port: 8443, appProtocol: 'https'}]),
      fx.ingress('shop', 'blob', {
        rules: [
          {host: 'blob.example.com', paths: [{path: '/', service: 'blob', port: 'http'}]},
          {host: 'h2.example.com', paths: [{path: '/', service: 'h2', port: 'h2c'}]},
          {host: 'ws.example.com', paths: [{path: '/', service: 'ws', port: 'http'}]},
          {host: 'secure.example.com', paths: [{path: '/', service: 'secure', port: 'https'}]},
        ],
      }),
    )
    h.api.setPodTarget('shop', 'blob-1', 9000, {host: '127.0.0.1', port: (blob.address() as AddressInfo).port})
    h.api.setPodTarget('shop', 'ws-1', 1, {host: '127.0.0.1', port: (wss.address() as AddressInfo).port})
    h.api.setPodTarget('shop', 'tls-1', 8443, {host: '127.0.0.1', port: (secure.address() as AddressInfo).port})
    h.api.setPodTarget('shop', 'h2-1', 9100, {host: '127.0.0.1', port: (h2.address() as AddressInfo).port})
    h.api.setPodTarget('shop', 'web-1', 8080, {host: '127.0.0.1', port: pods[0]!.port})
    h.api.setPodTarget('shop', 'web-2', 8080, {host: '127.0.0.1', port: pods[1]!.port})
    h.api.setPodTarget('shop', 'cart-1', 3000, {host: '127.0.0.1', port: pods[2]!.port})

    src = source(h)
    upstreams = createClusterResolver({kubeConfig: src.kubeConfig, mode: 'port-forward', env: {}})
    live = new LiveTable(src)
    gw = new Gateway({address: '127.0.0.1', httpPort: 0})
    // The table and the resolver come from the same snapshot and are swapped together.
    live.on('table', (c) => gw.setState(c.table, upstreams.resolverFor(c.update.snapshot)))
    await live.start()
    port = (await gw.listen()).http.port
  })

  after(async () => {
    agent.destroy()
    await gw.close(1000)
    await live.stop()
    await upstreams.close()
    await Promise.all(pods.map((p) => p.close()))
    blob.closeAllConnections()
    blob.close()
    h2.close()
    secure.closeAllConnections()
    secure.close()
    for (const c of wss.clients) c.terminate()
    wss.close()
    await h.close()
  })

  it('streams large bodies both ways through a tunnel', async () => {
    const size = 16 * 1024 * 1024
    const up = await new Promise<string>((resolve, reject) => {
      const req = http.request({host: '127.0.0.1', port, method: 'POST', path: '/upload', agent, headers: {host: 'blob.example.com'}}, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve(body))
      })
      req.on('error', reject)
      const chunk = Buffer.alloc(64 * 1024, 97)
      let left = size / chunk.length
      const pump = () => {
        while (left > 0) {
          left--
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    assert.equal(up, String(size))
    const down = await new Promise<number>((resolve, reject) => {
      http
        .get({host: '127.0.0.1', port, path: '/download', agent, headers: {host: 'blob.example.com'}}, (res) => {
          let n = 0
          res.on('data', (c: Buffer) => (n += c.length))
          res.on('end', () => resolve(n))
        })
        .on('error', reject)
    })
    assert.equal(down, size)
  })

  it('relays a WebSocket session through a tunnel', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`, {headers: {host: 'ws.example.com'}})
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve())
        ws.once('error', reject)
      })
      const replies: string[] = []
      for (const m of ['one', 'two', 'three']) {
        const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))))
        ws.send(m)
        replies.push(await reply)
      }
      assert.deepEqual(replies, ['echo one', 'echo two', 'echo three'])
      assert.equal(h.api.tunnels('shop', 'ws-1'), 1)
    } finally {
      ws.close()
    }
  })

  it('speaks TLS to an https pod inside the tunnel', async () => {
    const r = await get(port, 'secure.example.com', '/s', agent)
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, /^tls TLSv1\.[23] \/s$/)
    assert.ok(h.api.tunnels('shop', 'tls-1') >= 1)
  })

  it('speaks HTTP/2 cleartext to an h2c pod through a tunnel', async () => {
    const r = await get(port, 'h2.example.com', '/ping', agent)
    assert.deepEqual(r, {status: 200, body: 'h2 2.0 /ping'})
    assert.ok(h.api.tunnels('shop', 'h2-1') >= 1)
  })

  it('serves through tunnels, spreading requests across the pods', async () => {
    const bodies = new Set<string>()
    const opened = h.api.tunnelsOpened
    for (let i = 0; i < 10; i++) {
      const r = await get(port, 'shop.example.com', '/hello', agent)
      assert.equal(r.status, 200, r.body)
      bodies.add(r.body)
    }
    assert.deepEqual([...bodies].sort(), ['web-1 /hello', 'web-2 /hello'])
    assert.ok(h.api.tunnels('shop', 'web-1') >= 1 && h.api.tunnels('shop', 'web-2') >= 1)
    // Keep-alive: ten requests did not need ten tunnels.
    assert.ok(h.api.tunnelsOpened - opened < 10, `${h.api.tunnelsOpened - opened} tunnels for 10 requests`)
  })

  it('re-routes after an Ingress changes through client-node', async () => {
    const kc = new KubeConfig()
    kc.loadFromFile(h.kubeconfig)
    const net = kc.makeApiClient(NetworkingV1Api)
    await net.createNamespacedIngress({
      namespace: 'shop',
      body: fx.ingress('shop', 'cart', {rules: [{host: 'shop.example.com', paths: [{path: '/cart', service: 'cart', port: 'http'}]}]}) as never,
    })
    const deadline = Date.now() + WAIT_MS
    let r = await get(port, 'shop.example.com', '/cart/items', agent)
    while (!r.body.startsWith('cart-1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      r = await get(port, 'shop.example.com', '/cart/items', agent)
    }
    assert.equal(r.status, 200)
    assert.equal(r.body, 'cart-1 /cart/items')
    await net.deleteNamespacedIngress({namespace: 'shop', name: 'cart'})
    while (r.body.startsWith('cart-1') && Date.now() < deadline + WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      r = await get(port, 'shop.example.com', '/cart/items', agent)
    }
    assert.match(r.body, /^web-[12] \/cart\/items$/)
  })

  it('a pod deleted behind its tunnels fails no request that a retry could serve', async () => {
    const results: Array<{status: number; body: string} | Error> = []
    let stop = false
    const started = Date.now()
    // Four clients, bounded in count and time.
    const client = async (): Promise<void> => {
      for (let i = 0; i < 150 && !stop && Date.now() - started < 15_000; i++) {
        results.push(await get(port, 'shop.example.com', `/load/${i}`, agent).catch((e: Error) => e))
      }
    }
    const load = Promise.all([client(), client(), client(), client()])
    // Let some traffic reach both pods, then the pod goes away; the EndpointSlice follows a little later (as the controller does).
    while (results.length < 60) await new Promise((resolve) => setTimeout(resolve, 5))
    h.api.remove('pods', 'shop', 'web-1')
    h.api.clearPodTarget('shop', 'web-1')
    while (results.length < 200) await new Promise((resolve) => setTimeout(resolve, 5))
    h.api.apply(fx.endpointSlice('shop', 'web-abc', 'web', [{ip: '10.0.0.2', pod: 'web-2'}], [{name: 'http', port: 8080}]))
    await load
    stop = true
    const failed = results.filter((r) => r instanceof Error || r.status !== 200)
    assert.deepEqual(
      failed.map((r) => (r instanceof Error ? r.message : `${r.status} ${r.body}`)),
      [],
    )
    assert.ok(results.length >= 400, `${results.length} requests`)
    const later = results.slice(-50) as Array<{body: string}>
    assert.ok(later.every((r) => r.body.startsWith('web-2 ')), 'the last requests all went to the live pod')
    assert.equal(h.api.tunnels('shop', 'web-1'), 0)
  })
})
