import assert from 'node:assert/strict'
import http from 'node:http'
import {after, before, describe, it} from 'node:test'
import type {Duplex} from 'node:stream'
import type {ServiceBackend} from '../../src/model/routes.js'
import type {Snapshot} from '../../src/model/snapshot.js'
import type {UpstreamEndpoint} from '../../src/model/upstreams.js'
import {createClusterResolver, type ClusterResolver} from '../../src/upstreams/cluster/index.js'
import type {ClusterSource} from '../../src/sources/cluster/cluster-source.js'
import {fx, namedHttpServer, Recorder, source, startHarness, type Harness} from './helpers.js'

const webBackend: ServiceBackend = {
  kind: 'service',
  namespace: 'shop',
  name: 'web',
  port: {name: 'http'},
  servicePort: {name: 'http', port: 80, targetPort: 8080},
  serviceType: 'ClusterIP',
  protocol: 'http',
}

/** GET through an endpoint's transport with a keep-alive agent (one pooled connection per agent socket). */
function get(endpoint: UpstreamEndpoint, agent: http.Agent, path = '/'): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {host: endpoint.host, port: endpoint.port, path, agent, createConnection: endpoint.connect as unknown as () => Duplex} as http.RequestOptions,
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** An agent whose sockets are the endpoint's tunnels (what the engine's per-endpoint keep-alive pool does). */
function tunnelAgent(endpoint: UpstreamEndpoint): http.Agent {
  const agent = new http.Agent({keepAlive: true, maxSockets: 1})
  ;(agent as unknown as {createConnection: () => Duplex}).createConnection = () => endpoint.connect!()
  return agent
}

function endpointsOf(r: ClusterResolver, s: Snapshot, b: ServiceBackend = webBackend): UpstreamEndpoint[] {
  const res = r.resolverFor(s).resolve(b)
  assert.equal(res.kind, 'endpoints', JSON.stringify(res))
  return res.kind === 'endpoints' ? [...res.endpoints] : []
}

describe('port-forward upstreams through the API server double', () => {
  let h: Harness
  let src: ClusterSource
  let rec: Recorder
  let pods: Array<Awaited<ReturnType<typeof namedHttpServer>>>
  let resolver: ClusterResolver

  before(async () => {
    h = await startHarness()
    pods = [await namedHttpServer('web-1'), await namedHttpServer('web-2')]
    h.api.seed(
      fx.namespace('shop'),
      fx.pod('shop', 'web-1', {ip: '10.0.0.1', ports: [8080]}),
      fx.pod('shop', 'web-2', {ip: '10.0.0.2', ports: [8080]}),
      fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: 8080}]),
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
    )
    h.api.setPodTarget('shop', 'web-1', 8080, {host: '127.0.0.1', port: pods[0]!.port})
    h.api.setPodTarget('shop', 'web-2', 8080, {host: '127.0.0.1', port: pods[1]!.port})
    src = source(h)
    rec = new Recorder()
    rec.updates.push(await src.start(rec.onUpdate, rec.onState))
    resolver = createClusterResolver({kubeConfig: src.kubeConfig, mode: 'port-forward', env: {}})
  })

  after(async () => {
    await resolver.close()
    await src.stop()
    await Promise.all(pods.map((p) => p.close()))
    await h.close()
  })

  it('resolves a Service port to one tunnelled endpoint per ready pod', async () => {
    const first = await freshSnapshot()
    const eps = endpointsOf(resolver, first)
    assert.deepEqual(
      eps.map((e) => e.key),
      ['pod:shop/web-1:8080', 'pod:shop/web-2:8080'],
    )
    assert.ok(eps.every((e) => typeof e.connect === 'function'))
    assert.equal(resolver.mode, 'port-forward')
    const r = resolver.resolverFor(first).resolve(webBackend)
    assert.equal(r.kind === 'endpoints' && r.source, 'port-forward')
  })

  it('carries HTTP through a tunnel, and keep-alive requests reuse it', async () => {
    const [ep1] = endpointsOf(resolver, await freshSnapshot())
    const agent = tunnelAgent(ep1!)
    const opened = h.api.tunnelsOpened
    try {
      for (let i = 0; i < 5; i++) {
        const res = await get(ep1!, agent, `/req-${i}`)
        assert.equal(res.status, 200)
        assert.equal(res.body, `web-1 /req-${i}`)
      }
      assert.equal(h.api.tunnelsOpened - opened, 1, 'five keep-alive requests, one tunnel')
      assert.equal(h.api.tunnels('shop', 'web-1'), 1)
    } finally {
      agent.destroy()
    }
  })

  it('spreads connections across the pods', async () => {
    const eps = endpointsOf(resolver, await freshSnapshot())
    const agents = eps.map(tunnelAgent)
    const before = pods.map((p) => p.hits)
    try {
      // Round-robin over the endpoints, as the engine's balancer does.
      const bodies: string[] = []
      for (let i = 0; i < 6; i++) bodies.push((await get(eps[i % 2]!, agents[i % 2]!, '/rr')).body)
      assert.deepEqual(bodies, ['web-1 /rr', 'web-2 /rr', 'web-1 /rr', 'web-2 /rr', 'web-1 /rr', 'web-2 /rr'])
      assert.deepEqual(
        pods.map((p, i) => p.hits - before[i]!),
        [3, 3],
      )
    } finally {
      agents.forEach((a) => a.destroy())
    }
  })

  it('a port nobody listens on fails the connection with the kubelet error', async () => {
    h.api.seed(
      fx.service('shop', 'nolisten', [{name: 'http', port: 80, targetPort: 9999}]),
      fx.pod('shop', 'nolisten-1', {ip: '10.0.0.9', ports: [9999]}),
      fx.endpointSlice('shop', 'nolisten-x', 'nolisten', [{ip: '10.0.0.9', pod: 'nolisten-1'}], [{name: 'http', port: 9999}]),
    )
    await rec.until('the nolisten slice', () => rec.last!.snapshot.endpointSlices.some((e) => e.name === 'nolisten-x'))
    const [ep] = endpointsOf(resolver, rec.last!.snapshot, {...webBackend, name: 'nolisten', servicePort: {name: 'http', port: 80, targetPort: 9999}})
    const agent = tunnelAgent(ep!)
    try {
      const err = await get(ep!, agent).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      )
      assert.ok(err, 'the request failed')
      assert.equal(err.code, 'ECONNREFUSED')
      assert.match(err.message, /port-forward to pod shop\/nolisten-1 port 9999 failed: error forwarding port 9999 to pod nolisten-1/)
    } finally {
      agent.destroy()
    }
  })

  it('without permission to port-forward, the connection fails saying so', async () => {
    h.api.forbid('pods/portforward')
    const [ep] = endpointsOf(resolver, await freshSnapshot())
    const agent = tunnelAgent(ep!)
    try {
      const err = await get(ep!, agent).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      )
      assert.ok(err, 'the request failed')
      assert.equal(err.code, 'EACCES')
      assert.match(err.message, /refused by the API server: .*cannot create resource "pods\/portforward"/)
    } finally {
      agent.destroy()
      h.api.allowAll()
    }
  })

  it('a deleted pod: its tunnel closes, the next connection avoids it and reaches a live pod', async () => {
    const snapshot = await freshSnapshot()
    const eps = endpointsOf(resolver, snapshot)
    const agents = eps.map(tunnelAgent)
    try {
      assert.equal((await get(eps[0]!, agents[0]!, '/a')).body, 'web-1 /a')
      assert.equal(resolver.openTunnels >= 1, true)
      // The pod goes away; the EndpointSlice controller has not caught up yet.
      h.api.remove('pods', 'shop', 'web-1')
      // The API server closes the pod's tunnels; the pooled one leaves the keep-alive pool.
      await waitFor('the pooled tunnel to close', () => Object.keys(agents[0]!.freeSockets).length === 0)
      // The pooled tunnel was closed by the API server: the next request opens a new one, which the API server refuses (no such pod).
      const err = await get(eps[0]!, agents[0]!, '/b').then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      )
      assert.ok(err)
      assert.equal(err.code, 'ECONNREFUSED')
      assert.match(err.message, /pods "web-1" not found/)
      // The same snapshot's resolver now leaves the failed pod out.
      const after = endpointsOf(resolver, snapshot)
      assert.deepEqual(
        after.map((e) => e.key),
        ['pod:shop/web-2:8080'],
      )
      assert.equal((await get(after[0]!, agents[1]!, '/c')).body, 'web-2 /c')
    } finally {
      agents.forEach((a) => a.destroy())
      h.api.apply(fx.pod('shop', 'web-1', {ip: '10.0.0.1', ports: [8080]}))
    }
  })

  it('a pod leaving the EndpointSlice retires its idle tunnels', async () => {
    // web-1 exists again; its failure is forgotten once a snapshot no longer lists it, then lists it again.
    const eps = endpointsOf(resolver, await freshSnapshot())
    const agent2 = tunnelAgent(eps.find((e) => e.key.includes('web-2'))!)
    try {
      assert.equal((await get(eps.find((e) => e.key.includes('web-2'))!, agent2, '/x')).body, 'web-2 /x')
      assert.equal(h.api.tunnels('shop', 'web-2'), 1)
      h.api.apply(fx.endpointSlice('shop', 'web-abc', 'web', [{ip: '10.0.0.1', pod: 'web-1'}], [{name: 'http', port: 8080}]))
      await rec.until('web-2 out of the slice', () => rec.last!.snapshot.endpointSlices.find((e) => e.name === 'web-abc')?.object.endpoints?.length === 1)
      const now = endpointsOf(resolver, rec.last!.snapshot)
      assert.deepEqual(
        now.map((e) => e.key),
        ['pod:shop/web-1:8080'],
      )
      await waitFor('the idle web-2 tunnel to close', () => h.api.tunnels('shop', 'web-2') === 0)
      assert.equal((await get(now[0]!, tunnelAgent(now[0]!), '/y')).body, 'web-1 /y')
    } finally {
      agent2.destroy()
    }
  })

  it('direct mode hands out the ready EndpointSlice addresses with the matched port', async () => {
    const direct = createClusterResolver({kubeConfig: src.kubeConfig, mode: 'direct', env: {}})
    const r = direct.resolverFor(await freshSnapshot()).resolve(webBackend)
    assert.equal(r.kind, 'endpoints')
    if (r.kind !== 'endpoints') return
    assert.equal(r.source, 'direct')
    assert.deepEqual(
      r.endpoints.map((e) => [e.key, e.connect]),
      [['10.0.0.1:8080', undefined]],
    )
    await direct.close()
  })

  it('auto is direct inside a pod and port-forward elsewhere; --map wins over both', async () => {
    const inPod = createClusterResolver({kubeConfig: src.kubeConfig, mode: 'auto', env: {KUBERNETES_SERVICE_HOST: '10.96.0.1'}})
    const laptop = createClusterResolver({kubeConfig: src.kubeConfig, mode: 'auto', env: {}, maps: ['web=http://127.0.0.1:3000']})
    assert.equal(inPod.mode, 'direct')
    assert.equal(laptop.mode, 'port-forward')
    const r = laptop.resolverFor(await freshSnapshot()).resolve(webBackend)
    assert.equal(r.kind === 'endpoints' && r.source, 'map')
    assert.deepEqual(r.kind === 'endpoints' && r.endpoints.map((e) => `${e.host}:${e.port}`), ['127.0.0.1:3000'])
    assert.throws(() => createClusterResolver({kubeConfig: src.kubeConfig, mode: 'auto', maps: ['not a map']}), /invalid --map value/)
    await Promise.all([inPod.close(), laptop.close()])
  })

  it('a Service without endpoints is unresolved with a hint', async () => {
    const r = resolver.resolverFor(await freshSnapshot()).resolve({...webBackend, name: 'missing'})
    assert.equal(r.kind, 'unresolved')
    if (r.kind !== 'unresolved') return
    assert.match(r.reason, /Service shop\/missing port http/)
    assert.match(r.hint, /kubectl get endpointslices -n shop -l kubernetes.io\/service-name=missing/)
    assert.match(r.hint, /--map shop\/missing:http=http:\/\/127\.0\.0\.1:PORT/)
  })

  async function freshSnapshot(): Promise<Snapshot> {
    return rec.last!.snapshot
  }
})

async function waitFor(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
