/** `match --context`: the same answer from a cluster (an API-server double speaking the real protocol) as from files. */
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import {KubeApiServer} from '../k8s/api-server.js'
import type {KubeObj} from '../k8s/store.js'
import {ROOT, runCli} from '../run-cli.js'



let api: KubeApiServer
let dir: string
let kubeconfig: string

before(async () => {
  api = await KubeApiServer.start({token: 'match-token'})
  dir = mkdtempSync(join(tmpdir(), 'ingressctl-match-cluster-'))
  kubeconfig = api.writeKubeconfig(dir, {context: 'staging', namespace: 'shop'})
  const text = readFileSync(join(ROOT, 'fixtures', 'match', 'shop.yaml'), 'utf8')
  const {snapshot} = parseManifests(text, 'shop.yaml')
  api.seed(...[...snapshot.ingresses, ...snapshot.services].map((e) => structuredClone(e.object) as unknown as KubeObj))
})

after(async () => {
  await api.close()
  rmSync(dir, {recursive: true, force: true})
})

/** The documented object in match -o json's layout: indented by two spaces, a final newline. */
function pretty(json: string): string {
  return `${JSON.stringify(JSON.parse(json), null, 2)}\n`
}

test('match --context reads the cluster once and answers like the files', async () => {
  const r = await runCli(['match', '--kubeconfig', kubeconfig, '--context', 'staging', 'http://shop.example.com/cart', '-o', 'json'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), {
    matched: true,
    route: {ingress: 'shop/storefront', host: 'shop.example.com', path: '/cart', pathType: 'Exact', defaultBackend: false},
    backend: {service: {name: 'cart', port: {name: 'http'}}},
    request: {target: '/cart', path: '/cart'},
    profile: {name: 'spec', reason: 'no class and no nginx.ingress.kubernetes.io annotation'},
    action: {type: 'proxy', upstreamPath: '/cart', upstreamHost: 'shop.example.com'},
  })
  const miss = await runCli(['match', '--kubeconfig', kubeconfig, '--context', 'staging', 'http://unknown.example.com/', '-o', 'json'])
  assert.equal(miss.code, 1, miss.stderr)
  assert.equal(miss.stdout, pretty('{"matched": false, "status": 404, "request": {"target": "/", "path": "/"}, "action": {"type": "respond", "status": 404}}'))
})
