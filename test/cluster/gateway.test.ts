import assert from 'node:assert/strict'
import http from 'node:http'
import {after, before, describe, it} from 'node:test'
import {KubeConfig, NetworkingV1Api} from '@kubernetes/client-node'
import {LiveTable} from '../../src/live/live-table.js'
import {Gateway} from '../../src/proxy/index.js'
import {createClusterResolver, type ClusterResolver} from '../../src/upstreams/cluster/index.js'
import type {ClusterSource} from '../../src/sources/cluster/cluster-source.js'
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

  before(async () => {
    h = await startHarness()
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
    )
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
    await h.close()
  })

  it('serves through tunnels, spreading requests across the pods', async () => {
    const bodies = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const r = await get(port, 'shop.example.com', '/hello', agent)
      assert.equal(r.status, 200, r.body)
      bodies.add(r.body)
    }
    assert.deepEqual([...bodies].sort(), ['web-1 /hello', 'web-2 /hello'])
    assert.ok(h.api.tunnels('shop', 'web-1') >= 1 && h.api.tunnels('shop', 'web-2') >= 1)
    // Keep-alive: ten requests did not need ten tunnels.
    assert.ok(h.api.tunnelsOpened < 10, `${h.api.tunnelsOpened} tunnels for 10 requests`)
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
