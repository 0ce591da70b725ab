/** kubectl's default: without -f or --context, serve, routes and match read the kubeconfig's current context; lint and diff stay offline. */
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import {KubeApiServer} from '../k8s/api-server.js'
import type {KubeObj} from '../k8s/store.js'
import {ROOT, runCli} from '../run-cli.js'
import {ANY_PORTS, spawnServe} from './serve-process.js'

let api: KubeApiServer
let dir: string
let env: NodeJS.ProcessEnv

before(async () => {
  api = await KubeApiServer.start({token: 'context-token'})
  dir = mkdtempSync(join(tmpdir(), 'ingressctl-context-'))
  // KUBECONFIG as kubectl reads it; HOME elsewhere so ~/.kube/config plays no part.
  env = {KUBECONFIG: api.writeKubeconfig(dir, {context: 'staging', namespace: 'shop'}), HOME: dir, INGRESSCTL_CONFIG_DIR: join(dir, 'cfg')}
  const {snapshot} = parseManifests(readFileSync(join(ROOT, 'fixtures', 'match', 'shop.yaml'), 'utf8'), 'shop.yaml')
  api.seed(...[...snapshot.ingresses, ...snapshot.services].map((e) => structuredClone(e.object) as unknown as KubeObj))
})

after(async () => {
  await api.close()
  rmSync(dir, {recursive: true, force: true})
})

test('match without -f: the current context, named on the first line of stderr', async () => {
  const r = await runCli(['match', 'http://shop.example.com/cart', '-o', 'json'], {env})
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stderr.split('\n')[0]!, /^ingressctl: using the kubeconfig's current context "staging" \(.*; namespace shop\); -f PATH reads manifests instead$/)
  assert.equal(JSON.parse(r.stdout).route.ingress, 'shop/storefront')
})

test('routes -o json without -f: the cluster\'s routes', async () => {
  const r = await runCli(['routes', '-o', 'json'], {env})
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stderr.split('\n')[0]!, /current context "staging"/)
  assert.match(r.stdout, /shop\.example\.com/)
})

test('serve without -f: the current context, named on the first line of output', async (t) => {
  const s = spawnServe([...ANY_PORTS, '--echo'], env)
  t.after(() => s.proc.kill('SIGKILL'))
  await s.waitFor('the banner', (out) => /admin +http:/.test(out))
  assert.match(s.stdout().split('\n')[0]!, /^ingressctl \S+ serving \d+ routes? from context staging/)
  assert.equal(await s.stop(), 0)
})

test('lint and diff stay offline: no input is still an error with a kubeconfig present', async () => {
  const r = await runCli(['lint'], {env})
  assert.equal(r.code, 2)
  assert.match(r.stderr, /^error: no input: lint needs manifests or a cluster/)
  const d = await runCli(['diff'], {env})
  assert.equal(d.code, 2)
})

test('no kubeconfig at all: serve, routes and match still say how to give input', async () => {
  const none = {KUBECONFIG: '', HOME: dir, INGRESSCTL_CONFIG_DIR: join(dir, 'cfg')}
  const r = await runCli(['routes', '-o', 'json'], {env: none})
  assert.equal(r.code, 2)
  assert.match(r.stderr, /^error: no input: routes needs manifests or a cluster/)
})
