import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {names, Recorder, seedShop, source, startHarness, type Harness, type KubeObj} from './helpers.js'

function configMap(namespace: string, name: string, data: Record<string, string>, labels?: Record<string, string>): KubeObj {
  return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {namespace, name, ...(labels ? {labels} : {})}, data} as KubeObj
}

const CHART_LABELS = {'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller'}

describe('the ingress-nginx controller ConfigMap, watched in the cluster', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
    seedShop(h.api)
    h.api.seed(
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ingress-nginx'}} as KubeObj,
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'edge'}} as KubeObj,
      configMap('ingress-nginx', 'ingress-nginx-controller', {'annotations-risk-level': 'Medium'}),
      // Other ConfigMaps are never read: not the controller's name, no chart labels.
      configMap('shop', 'app-settings', {'annotations-risk-level': 'Critical'}),
      configMap('ingress-nginx', 'unrelated', {'ssl-redirect': 'false'}),
    )
  })
  after(async () => {
    await h.close()
  })

  it("is found by the chart's name in namespace ingress-nginx, whatever namespace the source reads, and changes follow", async () => {
    const src = source(h)
    const rec = new Recorder()
    try {
      const first = await src.start(rec.onUpdate, rec.onState)
      assert.deepEqual(names(first.snapshot.configMaps ?? []), ['ingress-nginx/ingress-nginx-controller'])
      assert.deepEqual(first.diagnostics, [])
      assert.equal(compile(first.snapshot).nginx?.annotationsRiskLevel, 'Medium')
      // Only the controller's ConfigMap is asked for: by name (field selector) and by the chart labels.
      const lists = h.api.requests.filter((r) => r.resource === 'configmaps' && r.verb === 'list').map((r) => `${r.namespace ?? '*'} ${decodeURIComponent(r.query)}`)
      assert.ok(lists.some((q) => q.startsWith('ingress-nginx ') && q.includes('fieldSelector=metadata.name=ingress-nginx-controller')), lists.join('\n'))
      assert.ok(lists.some((q) => q.startsWith('* ') && q.includes('labelSelector=app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller')), lists.join('\n'))

      h.api.apply(configMap('ingress-nginx', 'ingress-nginx-controller', {'annotations-risk-level': 'Low', 'ssl-redirect': 'false'}))
      await rec.until('the changed ConfigMap', () => rec.last?.snapshot.configMaps?.[0]?.object.data?.['ssl-redirect'] === 'false')
      const t = compile(rec.last!.snapshot)
      assert.equal(t.nginx?.annotationsRiskLevel, 'Low')
      assert.equal(t.nginx?.sslRedirect, false)
      assert.equal(t.nginx?.source?.name, 'ingress-nginx-controller')

      h.api.remove('configmaps', 'ingress-nginx', 'ingress-nginx-controller')
      await rec.until('the deletion', () => (rec.last?.snapshot.configMaps ?? []).length === 0)
      assert.equal(compile(rec.last!.snapshot).nginx?.source, undefined)
    } finally {
      await src.stop()
    }
  })

  it("is found by the chart's labels in any namespace (a Helm release named otherwise)", async () => {
    h.api.seed(configMap('edge', 'edge-ingress-nginx-controller', {hsts: 'false'}, CHART_LABELS))
    const src = source(h)
    try {
      const first = await src.start(() => {})
      assert.deepEqual(names(first.snapshot.configMaps ?? []), ['edge/edge-ingress-nginx-controller'])
      const t = compile(first.snapshot)
      assert.equal(t.nginx?.hsts, false)
      assert.equal(t.nginx?.source?.namespace, 'edge')
    } finally {
      await src.stop()
    }
  })

  it('--controller-config NAMESPACE/NAME watches that ConfigMap only', async () => {
    const src = source(h, {controllerConfig: 'ingress-nginx/unrelated'})
    try {
      const first = await src.start(() => {})
      assert.deepEqual(names(first.snapshot.configMaps ?? []), ['ingress-nginx/unrelated'])
      assert.equal(compile(first.snapshot, {controllerConfig: 'ingress-nginx/unrelated'}).nginx?.sslRedirect, false)
    } finally {
      await src.stop()
    }
  })

  it('a cluster that forbids reading ConfigMaps is not an error: an info diagnostic, and the controller defaults', async () => {
    h.api.forbid('configmaps')
    const src = source(h)
    try {
      const first = await src.start(() => {})
      assert.deepEqual(names(first.snapshot.ingresses), ['shop/web'])
      assert.deepEqual(first.snapshot.configMaps ?? [], [])
      assert.deepEqual(
        first.diagnostics.map((d) => `${d.rule} ${d.severity}`),
        ['controller-config-unreadable info', 'controller-config-unreadable info'],
      )
      assert.match(first.diagnostics[0]!.message, /cannot list configmaps in namespace ingress-nginx \(metadata\.name=ingress-nginx-controller\): 403 .*the ingress-nginx controller's defaults apply/)
      assert.equal(compile(first.snapshot).nginx?.source, undefined)
    } finally {
      await src.stop()
      h.api.allow('configmaps')
    }
  })
})
