import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {CoreV1Api, DiscoveryV1Api, KubeConfig, NetworkingV1Api} from '@kubernetes/client-node'
import {ClusterSource} from '../../src/sources/cluster/cluster-source.js'
import {fx, names, Recorder, seedShop, source, startHarness, type Harness} from './helpers.js'

function clients(h: Harness): {core: CoreV1Api; net: NetworkingV1Api; disc: DiscoveryV1Api} {
  const kc = new KubeConfig()
  kc.loadFromFile(h.kubeconfig)
  return {core: kc.makeApiClient(CoreV1Api), net: kc.makeApiClient(NetworkingV1Api), disc: kc.makeApiClient(DiscoveryV1Api)}
}

describe('ClusterSource against the API server double', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
    seedShop(h.api)
  })
  after(async () => {
    await h.close()
  })

  it("reads the context's namespace and says so in its label", async () => {
    const src = source(h)
    const rec = new Recorder()
    try {
      assert.equal(src.label, "context staging, namespace shop (the context's default)")
      const first = await src.start(rec.onUpdate, rec.onState)
      const s = first.snapshot
      assert.deepEqual(names(s.ingresses), ['shop/web'])
      assert.deepEqual(names(s.services), ['shop/web'])
      assert.deepEqual(names(s.endpointSlices), ['shop/web-abc'])
      // Only kubernetes.io/tls Secrets are read (server-side field selector).
      assert.deepEqual(names(s.secrets), ['shop/shop-tls'])
      assert.deepEqual(names(s.ingressClasses), ['nginx'])
      assert.deepEqual(first.diagnostics, [])
      assert.equal(first.partial, false)
      // List items carry no apiVersion/kind on the wire; the snapshot restores them.
      assert.equal(s.ingresses[0]!.object.apiVersion, 'networking.k8s.io/v1')
      assert.equal(s.ingresses[0]!.object.kind, 'Ingress')
      assert.equal(s.endpointSlices[0]!.object.apiVersion, 'discovery.k8s.io/v1')
      assert.equal(s.ingresses[0]!.source.file, 'cluster://staging/Ingress/shop/web')
      assert.equal(s.ingressClasses[0]!.source.file, 'cluster://staging/IngressClass/nginx')
      assert.equal(s.ingressClasses[0]!.namespace, '')
      assert.equal(rec.state?.status, 'live')
      // Secrets are listed with the field selector, not filtered afterwards.
      const secretLists = h.api.requests.filter((r) => r.resource === 'secrets' && r.verb === 'list')
      assert.ok(secretLists.length > 0 && secretLists.every((r) => r.query.includes('fieldSelector=type%3Dkubernetes.io%2Ftls')), JSON.stringify(secretLists.map((r) => r.query)))
    } finally {
      await src.stop()
    }
  })

  it('-n and -A select the namespace; a context without namespace falls back to default', async () => {
    const all = source(h, {allNamespaces: true})
    const other = source(h, {namespace: 'other'})
    const bare = source(h, {context: 'other'})
    try {
      assert.equal(all.label, 'context staging, all namespaces')
      assert.equal(other.label, 'context staging, namespace other')
      assert.equal(bare.label, 'context other, namespace default (the context sets none)')
      const a = await all.start(() => {})
      assert.deepEqual(names(a.snapshot.ingresses), ['other/api', 'shop/web'])
      const o = await other.start(() => {})
      assert.deepEqual(names(o.snapshot.ingresses), ['other/api'])
      const b = await bare.start(() => {})
      assert.deepEqual(names(b.snapshot.ingresses), [])
      assert.deepEqual(names(b.snapshot.ingressClasses), ['nginx'])
    } finally {
      await Promise.all([all.stop(), other.stop(), bare.stop()])
    }
  })

  describe('watching', () => {
    let src: ClusterSource
    let rec: Recorder
    before(async () => {
      src = source(h)
      rec = new Recorder()
      await src.start(rec.onUpdate, rec.onState)
    })
    after(async () => {
      await src.stop()
    })

    it('sees Ingresses, Services and EndpointSlices created, updated and deleted through client-node', async () => {
      const {core, net, disc} = clients(h)
      await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'cart', [{name: 'http', port: 80, targetPort: 3000}]) as never})
      await disc.createNamespacedEndpointSlice({namespace: 'shop', body: fx.endpointSlice('shop', 'cart-1', 'cart', [{ip: '10.0.1.1', pod: 'cart-1'}], [{name: 'http', port: 3000}]) as never})
      await net.createNamespacedIngress({
        namespace: 'shop',
        body: fx.ingress('shop', 'cart', {rules: [{host: 'shop.example.com', paths: [{path: '/cart', service: 'cart', port: 'http'}]}]}) as never,
      })
      await rec.until('the cart objects', () => {
        const s = rec.last?.snapshot
        return !!s && names(s.ingresses).includes('shop/cart') && names(s.services).includes('shop/cart') && names(s.endpointSlices).includes('shop/cart-1')
      })
      const created = rec.last!.snapshot.ingresses.find((e) => e.name === 'cart')!
      assert.equal(created.object.kind, 'Ingress')
      assert.equal(created.source.file, 'cluster://staging/Ingress/shop/cart')

      await net.patchNamespacedIngress({
        namespace: 'shop',
        name: 'cart',
        body: [{op: 'replace', path: '/spec/rules/0/http/paths/0/path', value: '/basket'}],
      })
      await rec.until('the updated path', () => rec.last?.snapshot.ingresses.find((e) => e.name === 'cart')?.object.spec?.rules?.[0]?.http?.paths?.[0]?.path === '/basket')

      await net.deleteNamespacedIngress({namespace: 'shop', name: 'cart'})
      await disc.deleteNamespacedEndpointSlice({namespace: 'shop', name: 'cart-1'})
      await core.deleteNamespacedService({namespace: 'shop', name: 'cart'})
      await rec.until('the deletions', () => {
        const s = rec.last!.snapshot
        return !names(s.ingresses).includes('shop/cart') && !names(s.services).includes('shop/cart') && !names(s.endpointSlices).includes('shop/cart-1')
      })
      // Objects of other namespaces never show up.
      await core.createNamespacedService({namespace: 'other', body: fx.service('other', 'noise', [{port: 80}]) as never})
      await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'marker', [{port: 80}]) as never})
      await rec.until('the marker Service', () => names(rec.last!.snapshot.services).includes('shop/marker'))
      assert.ok(!names(rec.last!.snapshot.services).includes('other/noise'))
    })

    it('debounces a burst of events into few updates', async () => {
      const {core} = clients(h)
      const before = rec.updates.length
      for (let i = 0; i < 20; i++) await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', `burst-${i}`, [{port: 80}]) as never})
      await rec.until('all 20 Services', () => rec.last!.snapshot.services.filter((e) => e.name.startsWith('burst-')).length === 20)
      const updates = rec.updates.length - before
      assert.ok(updates >= 1 && updates < 20, `20 events gave ${updates} updates`)
    })

    it('resumes after the watch connections drop', async () => {
      const {net} = clients(h)
      const statesBefore = rec.states.length
      h.api.dropWatches()
      await net.createNamespacedIngress({namespace: 'shop', body: fx.ingress('shop', 'after-drop', {rules: [{host: 'drop.example.com', paths: [{service: 'web', port: 'http'}]}]}) as never})
      await rec.until('the Ingress created after the drop', () => names(rec.last!.snapshot.ingresses).includes('shop/after-drop'))
      await rec.until('live state', () => rec.state?.status === 'live')
      // The drop was reported (reconnecting, with the reason), then the recovery.
      const seen = rec.states.slice(statesBefore)
      assert.equal(seen[0]?.status, 'reconnecting', JSON.stringify(seen))
      assert.match(seen[0]?.reason ?? '', /^watch of \S+ on https:\/\/127\.0\.0\.1:\d+ dropped: /)
      assert.equal(seen[seen.length - 1]?.status, 'live')
    })

    it('relists when a watch is told its resourceVersion expired (410 Gone)', async () => {
      const lists = () => h.api.requests.filter((r) => r.resource === 'ingresses' && r.verb === 'list').length
      const before = lists()
      h.api.expireWatches()
      await rec.until('a new list of ingresses', () => lists() > before)
      await h.api.waitForWatches('ingresses')
      const {net} = clients(h)
      await net.createNamespacedIngress({namespace: 'shop', body: fx.ingress('shop', 'after-410', {rules: [{host: 'gone.example.com', paths: [{service: 'web', port: 'http'}]}]}) as never})
      await rec.until('the Ingress created after the relist', () => names(rec.last!.snapshot.ingresses).includes('shop/after-410'))
    })

    it('reconnecting from a compacted resourceVersion relists and sees a deletion it missed', async () => {
      const lists = () => h.api.requests.filter((r) => r.resource === 'ingresses' && r.verb === 'list').length
      const before = lists()
      await h.api.stop()
      // Deleted while the informer is disconnected, and the history it would resume from is gone.
      h.api.remove('ingresses', 'shop', 'after-drop')
      h.api.compactHistory()
      await h.api.restart()
      await rec.until('the relisted state without the deleted Ingress', () => !names(rec.last!.snapshot.ingresses).includes('shop/after-drop'), 10_000)
      assert.ok(lists() > before, 'the informer listed again')
      await rec.until('live again', () => rec.state?.status === 'live', 10_000)
    })

    it('keeps the last snapshot and reports staleness while the API server is down, then goes live again', async () => {
      const lastBefore = rec.last!
      const updatesBefore = rec.updates.length
      await h.api.stop()
      await rec.until('stale state', () => rec.state?.status === 'stale', 10_000)
      const states = rec.states.slice(-3).map((s) => s.status)
      assert.ok(states.includes('stale'), JSON.stringify(states))
      const stale = rec.state!
      assert.match(stale.reason ?? '', /127\.0\.0\.1/)
      assert.match(stale.reason ?? '', /ECONNREFUSED|dropped|socket|closed|reset/i)
      assert.ok(stale.since > 0)
      // No update emptied the table while disconnected.
      for (const u of rec.updates.slice(updatesBefore)) assert.ok(u.snapshot.ingresses.length > 0)
      assert.ok(lastBefore.snapshot.ingresses.length > 0)

      // A change while down (history kept): seen once the watch resumes.
      h.api.apply(fx.ingress('shop', 'while-down', {rules: [{host: 'down.example.com', paths: [{service: 'web', port: 'http'}]}]}))
      await h.api.restart()
      await rec.until('live again', () => rec.state?.status === 'live', 10_000)
      await rec.until('the Ingress made while down', () => names(rec.last!.snapshot.ingresses).includes('shop/while-down'))
    })
  })

  it("inside a pod: the service account, the pod's namespace, and direct upstreams under auto", async () => {
    const {mkdirSync, writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {createClusterResolver} = await import('../../src/upstreams/cluster/index.js')
    const root = join(h.dir, 'pod-root')
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount')
    mkdirSync(sa, {recursive: true})
    writeFileSync(join(sa, 'ca.crt'), Buffer.from(h.api.caData, 'base64'))
    writeFileSync(join(sa, 'token'), 'staging-token')
    writeFileSync(join(sa, 'namespace'), 'shop')
    const env = {KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(h.api.port), HOME: join(h.dir, 'no-home')}
    const src = new ClusterSource({allNamespaces: false, env, serviceAccountRoot: root})
    try {
      assert.equal(src.label, "in-cluster service account, namespace shop (the pod's namespace)")
      const first = await src.start(() => {})
      assert.ok(names(first.snapshot.ingresses).includes('shop/web'))
      assert.ok(first.snapshot.ingresses.every((e) => e.namespace === 'shop'))
      assert.equal(first.snapshot.ingresses.find((e) => e.name === 'web')!.source.file, 'cluster://in-cluster/Ingress/shop/web')
      assert.equal(createClusterResolver({kubeConfig: src.kubeConfig, mode: 'auto', env}).mode, 'direct')
    } finally {
      await src.stop()
    }
  })

  it('carries on without Secrets when it may not list them, saying which permission is missing', async () => {
    h.api.forbid('secrets')
    const src = source(h)
    try {
      const first = await src.start(() => {})
      assert.deepEqual(names(first.snapshot.secrets), [])
      assert.ok(names(first.snapshot.ingresses).includes('shop/web'))
      assert.equal(first.diagnostics.length, 1)
      const d = first.diagnostics[0]!
      assert.equal(d.rule, 'missing-permission')
      assert.equal(d.severity, 'warning')
      assert.match(d.message, /cannot list secrets \(API group "" \(core\)\) in namespace shop/)
      assert.match(d.message, /self-signed/)
      assert.match(d.hint ?? '', /kubectl auth can-i list secrets -n shop --context staging/)
      assert.match(d.hint ?? '', /list and watch/)
      // What the API server said is kept (user and verb).
      assert.match(d.hint ?? '', /dev@example\.com/)
    } finally {
      await src.stop()
      h.api.allowAll()
    }
  })

  it('names the cluster-scoped permission for IngressClasses', async () => {
    h.api.forbid('ingressclasses')
    const src = source(h)
    try {
      const first = await src.start(() => {})
      const d = first.diagnostics.find((x) => x.rule === 'missing-permission')!
      assert.match(d.message, /cannot list ingressclasses \(API group "networking\.k8s\.io"\) at the cluster scope/)
      assert.match(d.hint ?? '', /kubectl auth can-i list ingressclasses\.networking\.k8s\.io --context staging`/)
      assert.match(d.hint ?? '', /ClusterRole/)
    } finally {
      await src.stop()
      h.api.allowAll()
    }
  })
})

describe('ClusterSource start failures', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
    seedShop(h.api)
  })
  after(async () => {
    await h.close()
  })

  async function startError(src: ClusterSource): Promise<{code: string; message: string; hint?: string; exitCode: number}> {
    try {
      await src.start(() => {})
    } catch (err) {
      return err as {code: string; message: string; hint?: string; exitCode: number}
    } finally {
      await src.stop()
    }
    throw new Error('start() did not fail')
  }

  it('an unknown context lists the available ones', async () => {
    const e = await startError(source(h, {context: 'prod'}))
    assert.equal(e.code, 'E_CONTEXT_UNKNOWN')
    assert.equal(e.exitCode, 2)
    assert.match(e.message, /context "prod" is not in .*kubeconfig/)
    assert.match(e.hint ?? '', /available: other, staging/)
  })

  it('a rejected token says to refresh credentials and names the context', async () => {
    const kubeconfig = h.api.writeKubeconfig(h.dir, {fileName: 'bad-token', context: 'staging', token: 'expired'})
    const e = await startError(source(h, {kubeconfig}))
    assert.equal(e.code, 'E_CLUSTER_UNAUTHORIZED')
    assert.equal(e.exitCode, 2)
    assert.match(e.message, /context "staging"/)
    assert.match(e.message, /401/)
    assert.match(e.hint ?? '', /kubectl --context staging get ns/)
  })

  it('an unreachable API server is named with its URL', async () => {
    const kubeconfig = h.api.writeKubeconfig(h.dir, {fileName: 'unreachable', context: 'staging', server: 'https://127.0.0.1:1'})
    const e = await startError(source(h, {kubeconfig}))
    assert.equal(e.code, 'E_CLUSTER_UNREACHABLE')
    assert.equal(e.exitCode, 2)
    assert.match(e.message, /context "staging" at https:\/\/127\.0\.0\.1:1/)
    assert.match(e.message, /ECONNREFUSED/)
  })

  it('a server certificate the kubeconfig does not trust is a TLS error', async () => {
    const kubeconfig = h.api.writeKubeconfig(h.dir, {fileName: 'no-ca', context: 'staging', caData: ''})
    const e = await startError(source(h, {kubeconfig}))
    assert.equal(e.code, 'E_CLUSTER_TLS')
    assert.match(e.message, /TLS verification .* context "staging" at https:\/\/127\.0\.0\.1/)
  })

  it('a missing or unparseable kubeconfig is named', async () => {
    const missing = await startError(source(h, {kubeconfig: `${h.dir}/nope.yaml`}))
    assert.equal(missing.code, 'E_KUBECONFIG_MISSING')
    assert.match(missing.message, /nope\.yaml does not exist/)
    const {writeFileSync} = await import('node:fs')
    writeFileSync(`${h.dir}/broken.yaml`, 'clusters: [\n')
    const broken = await startError(source(h, {kubeconfig: `${h.dir}/broken.yaml`}))
    assert.equal(broken.code, 'E_KUBECONFIG_INVALID')
    assert.match(broken.message, /broken\.yaml cannot be parsed/)
  })

  it('an exec credential plugin that fails is a credentials error with its message', async () => {
    const {writeFileSync} = await import('node:fs')
    const file = `${h.dir}/exec.yaml`
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "${h.api.url}", certificate-authority-data: ${h.api.caData}}}]`,
        'users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: sh, args: ["-c", "echo error: not logged in >&2; exit 1"], interactiveMode: Never}}}]',
        'contexts: [{name: gke, context: {cluster: c, user: u}}]',
        'current-context: gke',
      ].join('\n'),
    )
    const e = await startError(source(h, {kubeconfig: file}))
    assert.equal(e.code, 'E_CLUSTER_CREDENTIALS')
    assert.equal(e.exitCode, 2)
    assert.match(e.message, /cannot get credentials for context "gke": error: not logged in/)
  })

  it('without Ingress permission there is nothing to serve: a clear error', async () => {
    h.api.forbid('ingresses')
    try {
      const e = await startError(source(h))
      assert.equal(e.code, 'E_CLUSTER_FORBIDDEN')
      assert.match(e.message, /may not list ingresses\.networking\.k8s\.io in namespace shop/)
    } finally {
      h.api.allowAll()
    }
  })
})
