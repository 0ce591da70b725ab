/**
 * The API server double, driven only through @kubernetes/client-node and a
 * generated kubeconfig.
 */
import * as k8s from '@kubernetes/client-node'
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import {after, afterEach, before, describe, test} from 'node:test'
import {KubeApiServer} from './api-server.js'
import * as fx from './fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'kube-double-'))
after(() => rmSync(dir, {recursive: true, force: true}))

function loadConfig(file: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(file)
  return kc
}

/** Wait (bounded) until cond() holds, checking after every I/O turn. */
async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function apiError(p: Promise<unknown>): Promise<k8s.ApiException<unknown>> {
  try {
    await p
  } catch (err) {
    if (err instanceof k8s.ApiException) return err
    throw err
  }
  assert.fail('expected the request to fail')
}

function latestRV(informer: unknown): string {
  return (informer as k8s.ListWatch<k8s.KubernetesObject>).latestResourceVersion()
}

/** client-node hands the Status of a failed typed call over as the raw JSON text (undefined for 401). */
function statusOf(err: k8s.ApiException<unknown>): {reason?: string; message?: string; code?: number} & Record<string, unknown> {
  return typeof err.body === 'string' ? (JSON.parse(err.body) as Record<string, unknown>) : ((err.body ?? {}) as Record<string, unknown>)
}

type WatchEvent = {type: string; object: {metadata?: {name?: string; resourceVersion?: string}; code?: number; reason?: string; message?: string; kind?: string}}

/** Open a raw client-node Watch and collect its events. */
async function openWatch(
  kc: k8s.KubeConfig,
  path: string,
  params: Record<string, string | number | boolean | undefined>,
): Promise<{events: WatchEvent[]; done: Promise<unknown>; abort: () => void}> {
  const events: WatchEvent[] = []
  let resolveDone!: (err: unknown) => void
  const done = new Promise<unknown>((r) => (resolveDone = r))
  const controller = await new k8s.Watch(kc).watch(path, params, (type, object) => events.push({type, object}), (err) => resolveDone(err))
  return {events, done, abort: () => controller.abort()}
}

describe('KubeApiServer over client-node', () => {
  let api: KubeApiServer
  let kc: k8s.KubeConfig
  const cleanups: Array<() => unknown> = []

  before(async () => {
    api = await KubeApiServer.start({token: 'good-token', user: 'dev@example.com', bookmarkIntervalMs: 0})
    kc = loadConfig(api.writeKubeconfig(dir, {context: 'staging', namespace: 'shop', fileName: 'main.yaml'}))
  })
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!()
    api.allowAll()
  })
  after(async () => {
    await api.close()
  })

  test('kubeconfig carries the context, namespace and CA; TLS is verified with it', async () => {
    assert.equal(kc.getCurrentContext(), 'staging')
    assert.equal(kc.getContextObject('staging')?.namespace, 'shop')
    assert.equal(kc.getCurrentCluster()?.server, api.url)
    assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false)
    const version = await kc.makeApiClient(k8s.VersionApi).getCode()
    assert.equal(version.major, '1')
    // Without the CA the server certificate is not trusted.
    const noCa = loadConfig(api.writeKubeconfig(dir, {fileName: 'no-ca.yaml', caData: ''}))
    await assert.rejects(noCa.makeApiClient(k8s.VersionApi).getCode(), /self-signed|unable to verify|certificate/i)
  })

  test('discovery documents', async () => {
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions()
    assert.deepEqual(groups.groups.map((g) => g.name).sort(), ['discovery.k8s.io', 'networking.k8s.io'])
    const net = await kc.makeApiClient(k8s.NetworkingV1Api).getAPIResources()
    const ing = net.resources.find((r) => r.name === 'ingresses')
    assert.equal(ing?.kind, 'Ingress')
    assert.equal(ing?.namespaced, true)
    assert.equal(net.resources.find((r) => r.name === 'ingressclasses')?.namespaced, false)
    const core = await kc.makeApiClient(k8s.CoreV1Api).getAPIResources()
    assert.ok(core.resources.some((r) => r.name === 'pods/portforward'))
  })

  test('list: namespaced and all-namespaces paths, resourceVersion, selectors, chunking', async () => {
    api.seed(
      fx.ingress('shop', 'web', {className: 'nginx', rules: [{host: 'shop.example.com', paths: [{service: 'web', port: 80}]}], labels: {tier: 'front'}}),
      fx.ingress('shop', 'api', {rules: [{host: 'api.example.com', paths: [{service: 'api', port: 8080}]}], labels: {tier: 'back'}}),
      fx.ingress('blog', 'blog', {rules: [{host: 'blog.example.com', paths: [{service: 'blog', port: 80}]}]}),
      fx.ingressClass('nginx', {isDefault: true}),
    )
    cleanups.push(() => {
      for (const [ns, n] of [['shop', 'web'], ['shop', 'api'], ['blog', 'blog']] as const) api.remove('ingresses', ns, n)
      api.remove('ingressclasses', undefined, 'nginx')
    })
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    const shop = await net.listNamespacedIngress({namespace: 'shop'})
    assert.deepEqual(shop.items.map((i) => i.metadata?.name), ['api', 'web'])
    assert.equal(shop.metadata?.resourceVersion, String(api.resourceVersion))
    assert.equal(shop.items[0]!.spec?.rules?.[0]?.host, 'api.example.com')
    const all = await net.listIngressForAllNamespaces()
    assert.deepEqual(all.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`), ['blog/blog', 'shop/api', 'shop/web'])
    const front = await net.listIngressForAllNamespaces({labelSelector: 'tier in (front)'})
    assert.deepEqual(front.items.map((i) => i.metadata?.name), ['web'])
    const notFront = await net.listIngressForAllNamespaces({labelSelector: 'tier!=front'})
    assert.deepEqual(notFront.items.map((i) => i.metadata?.name), ['blog', 'api'])
    const byName = await net.listIngressForAllNamespaces({fieldSelector: 'metadata.name=api'})
    assert.deepEqual(byName.items.map((i) => i.metadata?.name), ['api'])
    const badField = await apiError(net.listIngressForAllNamespaces({fieldSelector: 'spec.foo=x'}))
    assert.equal(badField.code, 400)
    const classes = await net.listIngressClass()
    assert.deepEqual(classes.items.map((c) => c.metadata?.name), ['nginx'])
    assert.equal(classes.items[0]!.metadata?.namespace, undefined)
    // limit/continue
    const page1 = await net.listIngressForAllNamespaces({limit: 2})
    assert.equal(page1.items.length, 2)
    assert.equal(page1.metadata?.remainingItemCount, 1)
    assert.ok(page1.metadata?._continue)
    const page2 = await net.listIngressForAllNamespaces({limit: 2, _continue: page1.metadata!._continue})
    assert.deepEqual(page2.items.map((i) => i.metadata?.name), ['web'])
    assert.equal(page2.metadata?._continue, undefined)
    // A continue token from before a compaction has expired.
    const again = await net.listIngressForAllNamespaces({limit: 1})
    api.seed(fx.ingress('blog', 'blog', {rules: [{host: 'blog2.example.com', paths: [{service: 'blog', port: 80}]}]}))
    api.compactHistory()
    const gone = await apiError(net.listIngressForAllNamespaces({limit: 1, _continue: again.metadata!._continue}))
    assert.equal(gone.code, 410)
    assert.equal(statusOf(gone).reason, 'Expired')
    assert.match(statusOf(gone).message ?? '', /^The provided continue parameter is too old/)
    // So is an exact-version list of a compacted version.
    const exact = await apiError(net.listIngressForAllNamespaces({resourceVersion: again.metadata!.resourceVersion, resourceVersionMatch: 'Exact'}))
    assert.equal(exact.code, 410)
    assert.equal(statusOf(exact).message, 'The resourceVersion for the provided list is too old.')
    // The current version is fine.
    await net.listIngressForAllNamespaces({resourceVersion: String(api.resourceVersion), resourceVersionMatch: 'Exact'})
  })

  test('create, read, replace, patch and delete through the typed APIs, with real Status errors', async () => {
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    const body = fx.ingress('shop', 'checkout', {rules: [{host: 'checkout.example.com', paths: [{service: 'checkout', port: 80}]}]}) as k8s.V1Ingress
    const rvBefore = api.resourceVersion
    const created = await net.createNamespacedIngress({namespace: 'shop', body})
    cleanups.push(() => api.get('ingresses', 'shop', 'checkout') && api.remove('ingresses', 'shop', 'checkout'))
    assert.equal(created.metadata?.name, 'checkout')
    assert.equal(created.metadata?.generation, 1)
    assert.deepEqual(JSON.parse(JSON.stringify(created.status)), {loadBalancer: {}})
    assert.ok(created.metadata?.uid)
    assert.equal(Number(created.metadata?.resourceVersion), rvBefore + 1)

    const dup = await apiError(net.createNamespacedIngress({namespace: 'shop', body}))
    assert.equal(dup.code, 409)
    assert.deepEqual(statusOf(dup), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ingresses.networking.k8s.io "checkout" already exists',
      reason: 'AlreadyExists',
      details: {name: 'checkout', group: 'networking.k8s.io', kind: 'ingresses'},
      code: 409,
    })
    const missing = await apiError(net.readNamespacedIngress({namespace: 'shop', name: 'nope'}))
    assert.equal(missing.code, 404)
    assert.equal(statusOf(missing).message, 'ingresses.networking.k8s.io "nope" not found')

    const read = await net.readNamespacedIngress({namespace: 'shop', name: 'checkout'})
    read.spec!.rules![0]!.host = 'pay.example.com'
    const replaced = await net.replaceNamespacedIngress({namespace: 'shop', name: 'checkout', body: read})
    assert.equal(replaced.spec?.rules?.[0]?.host, 'pay.example.com')
    assert.equal(replaced.metadata?.generation, 2)
    // Replacing with the old resourceVersion is a conflict.
    const stale = await apiError(net.replaceNamespacedIngress({namespace: 'shop', name: 'checkout', body: read}))
    assert.equal(stale.code, 409)
    assert.equal(statusOf(stale).reason, 'Conflict')

    // client-node sends JSON Patch (application/json-patch+json) by default.
    const patched = await net.patchNamespacedIngress({
      namespace: 'shop',
      name: 'checkout',
      body: [{op: 'replace', path: '/spec/rules/0/host', value: 'cart.example.com'}],
    })
    assert.equal(patched.spec?.rules?.[0]?.host, 'cart.example.com')
    const merged = await net.patchNamespacedIngress(
      {namespace: 'shop', name: 'checkout', body: {metadata: {labels: {team: 'payments'}}}},
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )
    assert.deepEqual(merged.metadata?.labels, {team: 'payments'})
    assert.equal(merged.spec?.rules?.[0]?.host, 'cart.example.com')

    // status subresource: only status changes; main-resource writes keep it.
    const withStatus = await net.replaceNamespacedIngressStatus({
      namespace: 'shop',
      name: 'checkout',
      body: {...merged, status: {loadBalancer: {ingress: [{ip: '192.0.2.10'}]}}},
    })
    assert.equal(withStatus.status?.loadBalancer?.ingress?.[0]?.ip, '192.0.2.10')

    const deleted = (await net.deleteNamespacedIngress({namespace: 'shop', name: 'checkout'})) as k8s.V1Status
    assert.equal(deleted.status, 'Success')
    assert.equal(deleted.details?.name, 'checkout')
    assert.equal(deleted.details?.group, 'networking.k8s.io')
    assert.equal(deleted.details?.kind, 'ingresses')
    assert.equal(deleted.details?.uid, created.metadata?.uid)
    assert.equal(api.get('Ingress', 'shop', 'checkout'), undefined)

    // Services are defaulted like the real server (type, clusterIP, targetPort).
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const svc = await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'cart', [{name: 'http', port: 80}]) as k8s.V1Service})
    cleanups.push(() => api.remove('services', 'shop', 'cart'))
    assert.equal(svc.spec?.type, 'ClusterIP')
    assert.match(svc.spec?.clusterIP ?? '', /^10\.96\.\d+\.\d+$/)
    assert.equal(svc.spec?.ports?.[0]?.targetPort, 80)
    assert.equal(svc.spec?.ports?.[0]?.protocol, 'TCP')
    // Services answer a DELETE with the deleted object.
    await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'tmp', [{port: 80}]) as k8s.V1Service})
    const gone = (await core.deleteNamespacedService({namespace: 'shop', name: 'tmp'})) as k8s.V1Service
    assert.equal(gone.kind, 'Service')
    assert.equal(gone.metadata?.name, 'tmp')
    const invalid = await apiError(core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'Bad_Name', [{port: 80}]) as k8s.V1Service}))
    assert.equal(invalid.code, 422)
    assert.equal(statusOf(invalid).reason, 'Invalid')

    const disc = kc.makeApiClient(k8s.DiscoveryV1Api)
    const slice = await disc.createNamespacedEndpointSlice({
      namespace: 'shop',
      body: fx.endpointSlice('shop', 'cart-abc', 'cart', [{ip: '10.1.0.5', pod: 'cart-1'}], [{name: 'http', port: 8080}]) as unknown as k8s.V1EndpointSlice,
    })
    cleanups.push(() => api.remove('endpointslices', 'shop', 'cart-abc'))
    assert.equal(slice.endpoints[0]?.conditions?.ready, true)
    const slices = await disc.listNamespacedEndpointSlice({namespace: 'shop', labelSelector: 'kubernetes.io/service-name=cart'})
    assert.deepEqual(slices.items.map((s) => s.metadata?.name), ['cart-abc'])

    // Secrets: stringData is folded into data.
    const sec = await core.createNamespacedSecret({namespace: 'shop', body: fx.secret('shop', 'token', {value: 'hi'}) as k8s.V1Secret})
    cleanups.push(() => api.remove('secrets', 'shop', 'token'))
    assert.deepEqual(sec.data, {value: Buffer.from('hi').toString('base64')})
    assert.equal(sec.stringData, undefined)
  })

  test('dryRun=All validates without storing; server-side apply creates then merges', async () => {
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    const rv = api.resourceVersion
    const body = fx.ingress('shop', 'dry', {defaultBackend: {service: 'dry', port: 80}}) as k8s.V1Ingress
    const dry = await net.createNamespacedIngress({namespace: 'shop', body, dryRun: 'All'})
    assert.equal(dry.metadata?.name, 'dry')
    assert.ok(dry.metadata?.uid)
    assert.equal(dry.metadata?.resourceVersion, undefined)
    assert.equal(api.get('ingresses', 'shop', 'dry'), undefined)
    assert.equal(api.resourceVersion, rv)
    assert.equal((await apiError(net.createNamespacedIngress({namespace: 'shop', body, dryRun: 'Some'}))).code, 400)

    const apply = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply)
    const noManager = await apiError(net.patchNamespacedIngress({namespace: 'shop', name: 'ssa', body: fx.ingress('shop', 'ssa', {defaultBackend: {service: 'a', port: 80}})}, apply))
    assert.equal(noManager.code, 422)
    const created = await net.patchNamespacedIngress({namespace: 'shop', name: 'ssa', fieldManager: 'ingressctl', body: fx.ingress('shop', 'ssa', {defaultBackend: {service: 'a', port: 80}})}, apply)
    cleanups.push(() => api.remove('ingresses', 'shop', 'ssa'))
    assert.equal(created.spec?.defaultBackend?.service?.name, 'a')
    const applied = await net.patchNamespacedIngress(
      {namespace: 'shop', name: 'ssa', fieldManager: 'ingressctl', body: {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'ssa', labels: {x: 'y'}}}},
      apply,
    )
    assert.equal(applied.spec?.defaultBackend?.service?.name, 'a')
    assert.deepEqual(applied.metadata?.labels, {x: 'y'})
    const dryDelete = (await net.deleteNamespacedIngress({namespace: 'shop', name: 'ssa', dryRun: 'All'})) as k8s.V1Status
    assert.equal(dryDelete.status, 'Success')
    assert.ok(api.get('ingresses', 'shop', 'ssa'))
  })

  test('informer sees add, update and delete', async () => {
    api.seed(fx.service('shop', 'web', [{port: 80}]))
    cleanups.push(() => api.get('services', 'shop', 'web') && api.remove('services', 'shop', 'web'))
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/shop/services', () => core.listNamespacedService({namespace: 'shop'}))
    const seen: string[] = []
    informer.on('add', (s) => seen.push(`add ${s.metadata?.name}`))
    informer.on('update', (s) => seen.push(`update ${s.metadata?.name} ${s.spec?.ports?.[0]?.port}`))
    informer.on('delete', (s) => seen.push(`delete ${s.metadata?.name}`))
    cleanups.push(() => informer.stop())
    await informer.start()
    await api.waitForWatches('services')
    assert.deepEqual(seen, ['add web'])
    await core.createNamespacedService({namespace: 'shop', body: fx.service('shop', 'api', [{port: 8080}]) as k8s.V1Service})
    await core.patchNamespacedService({namespace: 'shop', name: 'web', body: [{op: 'replace', path: '/spec/ports/0/port', value: 81}]})
    await core.deleteNamespacedService({namespace: 'shop', name: 'api'})
    // A service in another namespace is not part of this watch.
    api.seed(fx.service('blog', 'other', [{port: 80}]))
    cleanups.push(() => api.remove('services', 'blog', 'other'))
    await until(() => seen.length >= 4, 'informer events')
    assert.deepEqual(seen, ['add web', 'add api', 'update web 81', 'delete api'])
    assert.deepEqual(informer.list('shop').map((s) => s.metadata?.name), ['web'])
    assert.equal(latestRV(informer), String(api.resourceVersion - 1))
  })

  test('watch resumes from a resourceVersion: only later changes, in order', async () => {
    const disc = kc.makeApiClient(k8s.DiscoveryV1Api)
    const list = await disc.listNamespacedEndpointSlice({namespace: 'shop'})
    const from = list.metadata!.resourceVersion!
    api.seed(fx.endpointSlice('shop', 'web-1', 'web', [{ip: '10.0.0.1'}], [{port: 80}]))
    api.seed(fx.endpointSlice('shop', 'web-1', 'web', [{ip: '10.0.0.1'}, {ip: '10.0.0.2'}], [{port: 80}]))
    api.remove('endpointslices', 'shop', 'web-1')
    const w = await openWatch(kc, '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices', {resourceVersion: from})
    cleanups.push(w.abort)
    await until(() => w.events.length >= 3, 'replayed events')
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED'])
    assert.equal(w.events[0]!.object.kind, 'EndpointSlice')
    const rvs = w.events.map((e) => Number(e.object.metadata?.resourceVersion))
    assert.deepEqual(rvs, [Number(from) + 1, Number(from) + 2, Number(from) + 3])
    // Live events follow the replay.
    api.seed(fx.endpointSlice('shop', 'web-2', 'web', [{ip: '10.0.0.3'}], [{port: 80}]))
    cleanups.push(() => api.remove('endpointslices', 'shop', 'web-2'))
    await until(() => w.events.length >= 4, 'live event')
    assert.equal(w.events[3]!.type, 'ADDED')
    assert.equal(w.events[3]!.object.metadata?.name, 'web-2')
  })

  test('watch from a compacted resourceVersion: ERROR event with a 410 Expired Status, or HTTP 410', async () => {
    const old = String(api.resourceVersion)
    api.seed(fx.secret('shop', 'a', {k: 'v'}))
    cleanups.push(() => api.remove('secrets', 'shop', 'a'))
    api.compactHistory()
    const w = await openWatch(kc, '/api/v1/namespaces/shop/secrets', {resourceVersion: old})
    assert.equal(await w.done, null)
    assert.equal(w.events.length, 1)
    assert.equal(w.events[0]!.type, 'ERROR')
    assert.equal(w.events[0]!.object.kind, 'Status')
    assert.equal(w.events[0]!.object.code, 410)
    assert.equal(w.events[0]!.object.reason, 'Expired')
    assert.match(w.events[0]!.object.message ?? '', new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`))

    api.expiredWatchAs = 'http'
    cleanups.push(() => (api.expiredWatchAs = 'event'))
    const h = await openWatch(kc, '/api/v1/namespaces/shop/secrets', {resourceVersion: old})
    const err = (await h.done) as {statusCode?: number}
    assert.equal(err.statusCode, 410)
  })

  test('410 Gone: the informer relists and converges (both as an ERROR event and as HTTP 410)', async () => {
    for (const mode of ['event', 'http'] as const) {
      api.expiredWatchAs = mode
      api.seed(fx.ingress('shop', 'one', {defaultBackend: {service: 'one', port: 80}}))
      const net = kc.makeApiClient(k8s.NetworkingV1Api)
      const informer = k8s.makeInformer(kc, '/apis/networking.k8s.io/v1/namespaces/shop/ingresses', () => net.listNamespacedIngress({namespace: 'shop'}))
      const seen: string[] = []
      informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`))
      informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`))
      let errors = 0
      informer.on('error', () => errors++)
      await informer.start()
      await api.waitForWatches('ingresses')
      const lists = (): number => api.requests.filter((r) => r.verb === 'list' && r.resource === 'ingresses').length
      const listsBefore = lists()
      // The connection drops; meanwhile the world changes and history is compacted.
      api.dropWatches()
      await until(() => errors === 1, 'informer error after the drop')
      api.remove('ingresses', 'shop', 'one')
      api.seed(fx.ingress('shop', 'two', {defaultBackend: {service: 'two', port: 80}}))
      api.compactHistory()
      // Restarting watches from the stale resourceVersion → 410 → relist.
      await informer.start()
      await until(() => seen.includes('add two') && seen.includes('delete one'), `relist in ${mode} mode`)
      assert.equal(lists(), listsBefore + 1)
      assert.deepEqual(informer.list('shop').map((o) => o.metadata?.name), ['two'])
      await api.waitForWatches('ingresses')
      assert.equal(latestRV(informer), String(api.resourceVersion))
      await informer.stop()
      api.remove('ingresses', 'shop', 'two')
    }
    api.expiredWatchAs = 'event'
  })

  test('expireWatches(): an open watch gets ERROR 410 and the informer relists on its own', async () => {
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    const informer = k8s.makeInformer(kc, '/apis/networking.k8s.io/v1/ingressclasses', () => net.listIngressClass())
    cleanups.push(() => informer.stop())
    await informer.start()
    await api.waitForWatches('ingressclasses')
    const lists = (): number => api.requests.filter((r) => r.verb === 'list' && r.resource === 'ingressclasses').length
    const before = lists()
    api.compactHistory()
    api.expireWatches()
    await until(() => lists() === before + 1 && api.watches('ingressclasses') === 1, 'relist and re-watch')
  })

  test('bookmarks: on demand, periodically, and with sendInitialEvents', async () => {
    const w = await openWatch(kc, '/api/v1/namespaces/shop/services', {resourceVersion: String(api.resourceVersion), allowWatchBookmarks: true})
    cleanups.push(w.abort)
    await api.waitForWatches('services')
    api.seed(fx.secret('shop', 'unrelated', {a: 'b'}))
    cleanups.push(() => api.remove('secrets', 'shop', 'unrelated'))
    api.sendBookmarks()
    await until(() => w.events.length >= 1, 'bookmark')
    assert.equal(w.events[0]!.type, 'BOOKMARK')
    assert.equal(w.events[0]!.object.kind, 'Service')
    // The bookmark carries the latest resourceVersion, even for changes of other kinds.
    assert.equal(w.events[0]!.object.metadata?.resourceVersion, String(api.resourceVersion))
    // A watch that did not ask for bookmarks gets none.
    const plain = await openWatch(kc, '/api/v1/namespaces/shop/pods', {resourceVersion: String(api.resourceVersion)})
    cleanups.push(plain.abort)
    await api.waitForWatches('pods')
    api.sendBookmarks()
    await until(() => w.events.length >= 2, 'second bookmark')
    assert.equal(plain.events.length, 0)

    api.bookmarkIntervalMs = 20
    cleanups.push(() => (api.bookmarkIntervalMs = 0))
    const periodic = await openWatch(kc, '/api/v1/secrets', {resourceVersion: String(api.resourceVersion), allowWatchBookmarks: true})
    cleanups.push(periodic.abort)
    await until(() => periodic.events.filter((e) => e.type === 'BOOKMARK').length >= 2, 'periodic bookmarks')

    const initial = await openWatch(kc, '/api/v1/namespaces/shop/secrets', {sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true})
    cleanups.push(initial.abort)
    await until(() => initial.events.some((e) => e.type === 'BOOKMARK'), 'initial-events-end bookmark')
    assert.deepEqual(initial.events.slice(0, 2).map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`), ['ADDED unrelated', 'BOOKMARK '])
    assert.deepEqual((initial.events[1]!.object.metadata as {annotations?: unknown}).annotations, {'k8s.io/initial-events-end': 'true'})
  })

  test('selectors on a watch: objects entering and leaving the selection', async () => {
    const w = await openWatch(kc, '/api/v1/namespaces/shop/services', {resourceVersion: String(api.resourceVersion), labelSelector: 'app=web'})
    cleanups.push(w.abort)
    await api.waitForWatches('services')
    const svc = fx.service('shop', 'sel', [{port: 80}], {labels: {app: 'other'}})
    api.seed(svc)
    cleanups.push(() => api.remove('services', 'shop', 'sel'))
    api.seed({...svc, metadata: {...svc.metadata, labels: {app: 'web'}}})
    api.seed({...svc, metadata: {...svc.metadata, labels: {app: 'web', v: '2'}}})
    api.seed(svc)
    await until(() => w.events.length >= 3, 'selector events')
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED'])
  })

  test('401 Unauthorized for a wrong token, on lists, watches and informers', async () => {
    const bad = loadConfig(api.writeKubeconfig(dir, {fileName: 'bad.yaml', token: 'expired-token'}))
    const core = bad.makeApiClient(k8s.CoreV1Api)
    const err = await apiError(core.listNamespacedService({namespace: 'shop'}))
    assert.equal(err.code, 401)
    // client-node does not read the body of a 401 (the server sends Status {reason: Unauthorized}).
    assert.match(err.message, /Unauthorized/)
    const w = await openWatch(bad, '/api/v1/services', {})
    assert.equal(((await w.done) as {statusCode?: number}).statusCode, 401)
    const informer = k8s.makeInformer(bad, '/api/v1/services', () => core.listServiceForAllNamespaces())
    const errors: unknown[] = []
    informer.on('error', (e) => errors.push(e))
    await informer.start()
    assert.equal((errors[0] as k8s.ApiException<unknown>).code, 401)
    await informer.stop()
    // Rotating the server's token makes the old kubeconfig fail too.
    api.setToken('rotated')
    cleanups.push(() => api.setToken('good-token'))
    assert.equal((await apiError(kc.makeApiClient(k8s.CoreV1Api).listNamespacedService({namespace: 'shop'}))).code, 401)
  })

  test('without credentials: 401, or system:anonymous and 403 when anonymous auth is on', async () => {
    const anon = loadConfig(api.writeKubeconfig(dir, {fileName: 'anon.yaml', token: undefined}))
    const core = anon.makeApiClient(k8s.CoreV1Api)
    assert.equal((await apiError(core.listNamespacedPod({namespace: 'shop'}))).code, 401)
    api.anonymousAuth = true
    cleanups.push(() => (api.anonymousAuth = false))
    const err = await apiError(core.listNamespacedPod({namespace: 'shop'}))
    assert.equal(err.code, 403)
    assert.equal(statusOf(err).message, 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "shop"')
    const disc = await apiError(anon.makeApiClient(k8s.CoreApi).getAPIVersions())
    assert.equal(statusOf(disc).message, 'forbidden: User "system:anonymous" cannot get path "/api"')
    // /version is public; a wrong token is still 401.
    assert.equal((await anon.makeApiClient(k8s.VersionApi).getCode()).gitVersion, 'v1.31.0')
    const bad = loadConfig(api.writeKubeconfig(dir, {fileName: 'anon-bad.yaml', token: 'wrong'}))
    assert.equal((await apiError(bad.makeApiClient(k8s.CoreV1Api).listNamespacedPod({namespace: 'shop'}))).code, 401)
  })

  test('a malformed resourceVersion on a watch is a 400 before the stream starts', async () => {
    const w = await openWatch(kc, '/api/v1/namespaces/shop/pods', {resourceVersion: 'abc'})
    assert.equal(((await w.done) as {statusCode?: number}).statusCode, 400)
    assert.equal(api.requests.at(-1)?.code, 400)
  })

  test('403 Forbidden for a forbidden resource, with the real message', async () => {
    api.forbid('secrets')
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const err = await apiError(core.listNamespacedSecret({namespace: 'shop'}))
    assert.equal(err.code, 403)
    assert.deepEqual(statusOf(err), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets is forbidden: User "dev@example.com" cannot list resource "secrets" in API group "" in the namespace "shop"',
      reason: 'Forbidden',
      details: {kind: 'secrets'},
      code: 403,
    })
    const all = await apiError(core.listSecretForAllNamespaces())
    assert.equal(
      statusOf(all).message,
      'secrets is forbidden: User "dev@example.com" cannot list resource "secrets" in API group "" at the cluster scope',
    )
    const w = await openWatch(kc, '/api/v1/namespaces/shop/secrets', {})
    assert.equal(((await w.done) as {statusCode?: number}).statusCode, 403)
    // Other resources are unaffected; a verb-limited rule only hits that verb.
    await core.listNamespacedService({namespace: 'shop'})
    api.allowAll()
    api.forbid('ingresses', {verbs: ['watch'], namespace: 'shop'})
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    await net.listNamespacedIngress({namespace: 'shop'})
    const wi = await openWatch(kc, '/apis/networking.k8s.io/v1/namespaces/shop/ingresses', {})
    assert.equal(((await wi.done) as {statusCode?: number}).statusCode, 403)
  })

  test('dropWatches(): the informer reports the error and reconnects when restarted', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/shop/pods', () => core.listNamespacedPod({namespace: 'shop'}))
    const seen: string[] = []
    informer.on('add', (p) => seen.push(`add ${p.metadata?.name}`))
    let errors = 0
    let stopped = false
    // The documented client-node pattern: restart the informer after an error.
    informer.on('error', () => {
      errors++
      if (!stopped) setImmediate(() => void informer.start())
    })
    cleanups.push(() => {
      stopped = true
      return informer.stop()
    })
    await informer.start()
    await api.waitForWatches('pods')
    const watchesBefore = api.requests.filter((r) => r.verb === 'watch' && r.resource === 'pods').length
    api.dropWatches()
    assert.equal(api.watches('pods'), 0)
    await until(() => errors === 1 && api.watches('pods') === 1, 'reconnected watch')
    assert.equal(api.requests.filter((r) => r.verb === 'watch' && r.resource === 'pods').length, watchesBefore + 1)
    api.seed(fx.pod('shop', 'after-drop'))
    cleanups.push(() => api.remove('pods', 'shop', 'after-drop'))
    await until(() => seen.includes('add after-drop'), 'event after reconnect')
    // Resumed from its resourceVersion: no relist was needed.
    assert.equal(api.requests.filter((r) => r.verb === 'list' && r.resource === 'pods').length, 1)
  })

  test('server-side watch timeout ends the stream cleanly; the informer re-watches by itself', async () => {
    api.watchTimeoutMs = 30
    cleanups.push(() => (api.watchTimeoutMs = 30 * 60_000))
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/shop/secrets', () => core.listNamespacedSecret({namespace: 'shop'}))
    let errors = 0
    informer.on('error', () => errors++)
    const seen: string[] = []
    informer.on('add', (s) => seen.push(s.metadata?.name ?? ''))
    cleanups.push(() => informer.stop())
    await informer.start()
    const watchCount = (): number => api.requests.filter((r) => r.verb === 'watch' && r.resource === 'secrets').length
    await until(() => watchCount() >= 3, 'several watch rounds')
    api.seed(fx.secret('shop', 'late', {a: 'b'}))
    cleanups.push(() => api.remove('secrets', 'shop', 'late'))
    await until(() => seen.includes('late'), 'event across timeouts')
    assert.equal(errors, 0)
    // timeoutSeconds from the client also bounds the stream.
    api.watchTimeoutMs = 30 * 60_000
    const w = await openWatch(kc, '/api/v1/namespaces/shop/secrets', {resourceVersion: String(api.resourceVersion), timeoutSeconds: 1, allowWatchBookmarks: true})
    assert.equal(await w.done, null)
    // A bookmark with the latest version precedes the end of the stream.
    assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata?.resourceVersion}`), [`BOOKMARK ${api.resourceVersion}`])
  })

  test('stop() makes the cluster unreachable; restart() brings it back on the same port with the same state', async () => {
    api.seed(fx.ingressClass('kept'))
    cleanups.push(() => api.remove('ingressclasses', undefined, 'kept'))
    const net = kc.makeApiClient(k8s.NetworkingV1Api)
    const w = await openWatch(kc, '/apis/networking.k8s.io/v1/ingressclasses', {resourceVersion: String(api.resourceVersion)})
    const port = api.port
    const rv = api.resourceVersion
    await api.stop()
    assert.notEqual(await w.done, null)
    await assert.rejects(net.listIngressClass(), (e: {code?: string}) => e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(e)))
    await api.restart()
    assert.equal(api.port, port)
    const classes = await net.listIngressClass()
    assert.deepEqual(classes.items.map((c) => c.metadata?.name), ['kept'])
    assert.equal(classes.metadata?.resourceVersion, String(rv))
  })

  test('in-cluster service-account files work with loadFromCluster', async () => {
    const sa = api.writeInClusterFiles(join(dir, 'pod-root'), 'shop')
    const saved = {host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT}
    Object.assign(process.env, sa.env)
    try {
      const inCluster = new k8s.KubeConfig()
      inCluster.loadFromCluster(sa.pathPrefix)
      assert.equal(inCluster.getContextObject(inCluster.getCurrentContext())?.namespace, 'shop')
      const list = await inCluster.makeApiClient(k8s.CoreV1Api).listNamespacedService({namespace: 'shop'})
      assert.equal(list.kind, 'ServiceList')
    } finally {
      for (const [k, v] of [['KUBERNETES_SERVICE_HOST', saved.host], ['KUBERNETES_SERVICE_PORT', saved.port]] as const) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  test('label selector operators and deletecollection', async () => {
    api.seed(
      fx.secret('sel', 'a', {}, 'Opaque'),
      {...fx.secret('sel', 'b', {}), metadata: {name: 'b', namespace: 'sel', labels: {env: 'prod', team: 'x'}}},
      {...fx.secret('sel', 'c', {}), metadata: {name: 'c', namespace: 'sel', labels: {env: 'dev'}}},
      fx.tlsSecret('sel', 'd', 'CERT', 'KEY'),
    )
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> =>
      (await core.listNamespacedSecret({namespace: 'sel', labelSelector, fieldSelector})).items.map((i) => i.metadata?.name ?? '')
    assert.deepEqual(await names('env'), ['b', 'c'])
    assert.deepEqual(await names('!env'), ['a', 'd'])
    assert.deepEqual(await names('env notin (dev)'), ['a', 'b', 'd'])
    assert.deepEqual(await names('env in (dev,prod),team=x'), ['b'])
    assert.deepEqual(await names('env==dev'), ['c'])
    assert.deepEqual(await names(undefined, 'type=kubernetes.io/tls'), ['d'])
    assert.deepEqual(await names(undefined, 'metadata.name!=a,metadata.namespace=sel'), ['b', 'c', 'd'])
    assert.equal((await apiError(names('env in dev'))).code, 400)
    await core.deleteCollectionNamespacedSecret({namespace: 'sel', labelSelector: 'env'})
    assert.deepEqual(await names(), ['a', 'd'])
    await core.deleteCollectionNamespacedSecret({namespace: 'sel'})
    assert.deepEqual(await names(), [])
    // The generic KubernetesObjectApi finds resources through discovery; it defaults the context's namespace.
    const kapi = k8s.KubernetesObjectApi.makeApiClient(kc)
    const made = await kapi.create({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'generic'}} as k8s.KubernetesObject)
    assert.equal(made.metadata?.namespace, 'shop')
    const ing = await kapi.read({apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'nope'}})
      .then(() => 200, (e: k8s.ApiException<unknown>) => e.code)
    assert.equal(ing, 404)
    await kapi.delete({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'generic', namespace: 'shop'}})
    assert.equal(api.get('secrets', 'shop', 'generic'), undefined)
    assert.ok(api.requests.some((r) => r.path === '/api/v1' && r.code === 200), 'discovery of /api/v1')
  })

  test('a watch from a future resourceVersion only sends changes after it', async () => {
    const future = api.resourceVersion + 2
    const w = await openWatch(kc, '/api/v1/namespaces/future/secrets', {resourceVersion: String(future)})
    cleanups.push(w.abort)
    await api.waitForWatches('secrets')
    for (const n of ['s1', 's2', 's3']) api.seed(fx.secret('future', n, {}))
    cleanups.push(() => ['s1', 's2', 's3'].forEach((n) => api.remove('secrets', 'future', n)))
    await until(() => w.events.length >= 1, 'event after the future version')
    assert.deepEqual(w.events.map((e) => e.object.metadata?.name), ['s3'])
  })

  test('failNext(): injected failures for the next matching requests', async () => {
    api.failNext(1, 503, {resource: 'services', verb: 'list'})
    const core = kc.makeApiClient(k8s.CoreV1Api)
    assert.equal((await apiError(core.listNamespacedService({namespace: 'shop'}))).code, 503)
    await core.listNamespacedService({namespace: 'shop'})
  })
})

/** PortForward rejects with the WebSocket error event: "Unexpected server response: CODE". */
function wsStatus(code: number): (e: unknown) => boolean {
  return (e) => (e as {message?: string}).message === `Unexpected server response: ${code}`
}

describe('served under a path prefix (a cluster behind a proxy)', () => {
  test('typed calls, informers and port-forward use the prefix; paths outside it are 404', async () => {
    const api = await KubeApiServer.start({pathPrefix: '/k8s/clusters/c-42'})
    const echo = createServer((s) => s.pipe(s))
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()))
    let informer: k8s.Informer<k8s.V1Ingress> | undefined
    try {
      assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+\/k8s\/clusters\/c-42$/)
      const kcp = loadConfig(api.writeKubeconfig(dir, {fileName: 'prefix.yaml'}))
      api.seed(fx.ingress('shop', 'web', {defaultBackend: {service: 'web', port: 80}}), fx.pod('shop', 'web-1'))
      const net = kcp.makeApiClient(k8s.NetworkingV1Api)
      assert.deepEqual((await net.listNamespacedIngress({namespace: 'shop'})).items.map((i) => i.metadata?.name), ['web'])
      informer = k8s.makeInformer(kcp, '/apis/networking.k8s.io/v1/namespaces/shop/ingresses', () => net.listNamespacedIngress({namespace: 'shop'}))
      const seen: string[] = []
      informer.on('add', (i) => seen.push(i.metadata?.name ?? ''))
      await informer.start()
      await api.waitForWatches('ingresses')
      api.seed(fx.ingress('shop', 'api', {defaultBackend: {service: 'api', port: 80}}))
      await until(() => seen.includes('api'), 'watch event through the prefix')
      assert.ok(api.requests.some((r) => r.verb === 'watch' && r.path === '/apis/networking.k8s.io/v1/namespaces/shop/ingresses'))

      api.setPodTarget('shop', 'web-1', 80, {host: '127.0.0.1', port: (echo.address() as {port: number}).port})
      const output = new PassThrough()
      let got = ''
      output.on('data', (d: Buffer) => (got += d.toString()))
      const input = new PassThrough()
      const ws = (await new k8s.PortForward(kcp).portForward('shop', 'web-1', [80], output, new PassThrough(), input)) as unknown as {close(): void}
      input.write('ping')
      await until(() => got === 'ping', 'echo through the prefixed port-forward')
      ws.close()

      // The bare origin does not serve the API.
      const origin = new URL(api.url).origin
      const bare = loadConfig(api.writeKubeconfig(dir, {fileName: 'prefix-bare.yaml', server: origin}))
      assert.equal((await apiError(bare.makeApiClient(k8s.NetworkingV1Api).listNamespacedIngress({namespace: 'shop'}))).code, 404)
    } finally {
      await informer?.stop()
      await api.close()
      await new Promise<void>((r) => echo.close(() => r()))
    }
  })
})

describe('listening on ::1', () => {
  test('client-node reaches the double over IPv6 loopback with the same CA', async (t) => {
    let api: KubeApiServer
    try {
      api = await KubeApiServer.start({host: '::1'})
    } catch (err) {
      // A machine without IPv6 loopback cannot run this case; say so rather than pass silently.
      t.diagnostic(`::1 unavailable: ${String(err)}`)
      assert.equal((err as {code?: string}).code, 'EADDRNOTAVAIL')
      return
    }
    try {
      assert.match(api.url, /^https:\/\/\[::1\]:\d+$/)
      const kc6 = loadConfig(api.writeKubeconfig(dir, {fileName: 'v6.yaml'}))
      const ns = await kc6.makeApiClient(k8s.CoreV1Api).listNamespace()
      assert.equal(ns.kind, 'NamespaceList')
    } finally {
      await api.close()
    }
  })
})

describe('pod port-forward over WebSocket', () => {
  let api: KubeApiServer
  let kc: k8s.KubeConfig
  let echo: Server
  let echoPort = 0

  before(async () => {
    api = await KubeApiServer.start({token: 't0k3n'})
    kc = loadConfig(api.writeKubeconfig(dir, {fileName: 'pf.yaml'}))
    echo = createServer((s) => s.pipe(s))
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()))
    echoPort = (echo.address() as {port: number}).port
  })
  after(async () => {
    await api.close()
    await new Promise<void>((r) => echo.close(() => r()))
  })

  interface Tunnel {
    ws: {close(): void; protocol: string; on(ev: string, fn: () => void): void}
    input: PassThrough
    received: () => Buffer
    errors: () => string
  }

  async function forward(ns: string, podName: string, port: number): Promise<Tunnel> {
    const input = new PassThrough()
    const output = new PassThrough()
    const errOut = new PassThrough()
    const chunks: Buffer[] = []
    let errors = ''
    output.on('data', (d: Buffer) => chunks.push(d))
    errOut.on('data', (d: Buffer) => (errors += d.toString()))
    const ws = (await new k8s.PortForward(kc).portForward(ns, podName, [port], output, errOut, input)) as unknown as Tunnel['ws']
    return {ws, input, received: () => Buffer.concat(chunks), errors: () => errors}
  }

  test('tunnels bytes to the registered TCP server, v4.channel.k8s.io framing', async () => {
    api.seed(fx.pod('shop', 'web-1', {ip: '10.1.0.7', ports: [8080]}))
    api.setPodTarget('shop', 'web-1', 8080, {host: '127.0.0.1', port: echoPort})
    const t = await forward('shop', 'web-1', 8080)
    assert.equal(t.ws.protocol, 'v4.channel.k8s.io')
    t.input.write('hello through the tunnel')
    await until(() => t.received().toString() === 'hello through the tunnel', 'echo')
    // Binary data, including bytes that look like channel numbers, arrives intact and in order.
    const big = Buffer.alloc(4 * 1024 * 1024)
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 256
    t.input.write(big)
    const want = Buffer.concat([Buffer.from('hello through the tunnel'), big])
    await until(() => t.received().length >= want.length, '4 MiB echo (exercises flow control)')
    assert.ok(t.received().equals(want))
    assert.equal(api.tunnels('shop', 'web-1'), 1)
    let closed = false
    t.ws.on('close', () => (closed = true))
    // Deleting the pod closes its tunnels.
    await kc.makeApiClient(k8s.CoreV1Api).deleteNamespacedPod({namespace: 'shop', name: 'web-1'})
    await until(() => closed && api.tunnels('shop', 'web-1') === 0, 'tunnel closed after pod deletion')
  })

  test('an unreachable port is reported on the error channel and the tunnel closes', async () => {
    api.seed(fx.pod('shop', 'web-2'))
    const t = await forward('shop', 'web-2', 9999)
    let closed = false
    t.ws.on('close', () => (closed = true))
    await until(() => closed, 'close after error')
    assert.match(t.errors(), /^error forwarding port 9999 to pod web-2, uid [0-9a-f-]+: .*connection refused/)
    api.remove('pods', 'shop', 'web-2')
  })

  test('port-forward to a missing pod is 404; a wrong token is 401; an injected failure; forbidden is 403', async () => {
    await assert.rejects(new k8s.PortForward(kc).portForward('shop', 'ghost', [80], new PassThrough(), new PassThrough(), new PassThrough()), wsStatus(404))
    const bad = loadConfig(api.writeKubeconfig(dir, {fileName: 'pf-bad.yaml', token: 'nope'}))
    api.seed(fx.pod('shop', 'web-3'))
    await assert.rejects(new k8s.PortForward(bad).portForward('shop', 'web-3', [80], new PassThrough(), new PassThrough(), new PassThrough()), wsStatus(401))
    api.failNext(1, 500, {resource: 'pods/portforward'})
    await assert.rejects(new k8s.PortForward(kc).portForward('shop', 'web-3', [80], new PassThrough(), new PassThrough(), new PassThrough()), wsStatus(500))
    api.forbid('pods/portforward')
    await assert.rejects(new k8s.PortForward(kc).portForward('shop', 'web-3', [80], new PassThrough(), new PassThrough(), new PassThrough()), wsStatus(403))
    api.allowAll()
    api.remove('pods', 'shop', 'web-3')
  })

  test('stop() drops open tunnels', async () => {
    api.seed(fx.pod('shop', 'web-4'))
    api.setPodTarget('shop', 'web-4', 80, {host: '127.0.0.1', port: echoPort})
    const t = await forward('shop', 'web-4', 80)
    t.input.write('x')
    await until(() => t.received().toString() === 'x', 'echo before stop')
    let closed = false
    t.ws.on('close', () => (closed = true))
    await api.stop()
    await until(() => closed, 'tunnel dropped')
    await api.restart()
    api.remove('pods', 'shop', 'web-4')
  })
})
