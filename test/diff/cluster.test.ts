import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import {KubeApiServer} from '../k8s/api-server.js'
import type {KubeObj} from '../k8s/store.js'
import {fixtureText, runCli} from './helpers.js'

let api: KubeApiServer
let dir: string
let kubeconfig: string

before(async () => {
  api = await KubeApiServer.start({token: 'diff-token'})
  dir = mkdtempSync(join(tmpdir(), 'ingressctl-diff-cluster-'))
  kubeconfig = api.writeKubeconfig(dir, {context: 'staging', namespace: 'shop'})
  // The cluster runs what fixtures/diff/base.yaml describes.
  const {snapshot} = parseManifests(fixtureText('base.yaml'), 'base.yaml')
  api.seed(...[...snapshot.ingresses, ...snapshot.services].map((e) => structuredClone(e.object) as unknown as KubeObj))
})

after(async () => {
  await api.close()
  rmSync(dir, {recursive: true, force: true})
})

test('diff --context: the live cluster is the old side, local files the new one', async () => {
  const r = await runCli(['diff', '--kubeconfig', kubeconfig, '--context', 'staging', '-f', 'fixtures/diff/shadowing.yaml'])
  assert.equal(r.code, 1, r.stderr)
  assert.equal(
    r.stdout,
    [
      '--- cluster (context staging)',
      '+++ fixtures/diff/shadowing.yaml',
      '+ api.shop.example.com/v1/orders  Prefix → orders:8080  (shop/orders)',
      '',
      'Requests now served by another backend:',
      '! GET api.shop.example.com/v1/orders: api:80 → orders:8080 (now served by shop/orders Prefix /v1/orders)',
      '',
      '1 added, 0 removed, 0 changed, 1 effective change',
      '',
    ].join('\n'),
  )
})

test('diff --context against the files the cluster was made from: no change', async () => {
  const r = await runCli(['diff', '--kubeconfig', kubeconfig, '--context', 'staging', '-f', 'fixtures/diff/reordered.yaml'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, 'No route changes between cluster (context staging) and fixtures/diff/reordered.yaml.\n')
})

test('diff --context without local files is a usage error', async () => {
  const r = await runCli(['diff', '--kubeconfig', kubeconfig, '--context', 'staging'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /^error: --context needs the local manifests to compare with\n {2}hint: /)
})
