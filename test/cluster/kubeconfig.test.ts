import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {loadKubeConfig} from '../../src/sources/cluster/kubeconfig.js'
import {kubeconfigYaml} from '../k8s/kubeconfig.js'

describe('kubeconfig loading', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingressctl-kubeconfig-'))
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  it('merges the files of $KUBECONFIG, the first file winning, like kubectl', () => {
    const a = join(dir, 'a.yaml')
    const b = join(dir, 'b.yaml')
    writeFileSync(a, kubeconfigYaml({context: 'dev', server: 'https://127.0.0.1:6443', token: 'a', namespace: 'team-a'}))
    writeFileSync(
      b,
      kubeconfigYaml({
        context: 'dev',
        server: 'https://127.0.0.1:7443',
        token: 'b',
        extraContexts: [{context: 'staging', server: 'https://127.0.0.1:8443', token: 'c', namespace: 'shop'}],
      }),
    )
    const env = {KUBECONFIG: [a, b].join(delimiter)}
    const dev = loadKubeConfig({env})
    assert.equal(dev.context, 'dev')
    assert.equal(dev.server, 'https://127.0.0.1:6443')
    assert.equal(dev.namespace, 'team-a')
    assert.equal(dev.namespaceOrigin, 'context')
    const staging = loadKubeConfig({env, context: 'staging'})
    assert.equal(staging.server, 'https://127.0.0.1:8443')
    assert.equal(staging.namespace, 'shop')
    assert.equal(staging.kubeConfig.getCurrentContext(), 'staging')
    assert.deepEqual(staging.files, [a, b])
  })

  it('-n wins over the context namespace; a context without one means `default`', () => {
    const f = join(dir, 'ns.yaml')
    writeFileSync(f, kubeconfigYaml({context: 'dev', server: 'https://127.0.0.1:6443', extraContexts: [{context: 'bare', server: 'https://127.0.0.1:6443'}], namespace: 'team-a'}))
    assert.deepEqual(
      [loadKubeConfig({kubeconfig: f, namespace: 'x'}), loadKubeConfig({kubeconfig: f, context: 'bare'})].map((c) => [c.namespace, c.namespaceOrigin]),
      [
        ['x', 'flag'],
        ['default', 'fallback'],
      ],
    )
  })

  it('resolves relative certificate paths against the kubeconfig directory', () => {
    const sub = join(dir, 'sub')
    mkdirSync(sub, {recursive: true})
    const f = join(sub, 'config')
    writeFileSync(
      f,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    )
    const c = loadKubeConfig({kubeconfig: f})
    assert.equal(c.kubeConfig.getCurrentCluster()?.caFile, join(sub, 'ca.crt'))
  })

  it('no kubeconfig anywhere: a clear error, not a guess at localhost:8080', () => {
    assert.throws(
      () => loadKubeConfig({env: {HOME: join(dir, 'empty-home')}}),
      (e: {code?: string; message?: string; exitCode?: number}) =>
        e.code === 'E_KUBECONFIG_MISSING' && e.exitCode === 2 && /no kubeconfig found/.test(e.message ?? ''),
    )
  })

  it('a kubeconfig without current-context asks for --context', () => {
    const f = join(dir, 'nocurrent.yaml')
    writeFileSync(f, kubeconfigYaml({context: 'dev', server: 'https://127.0.0.1:6443', currentContext: ''}))
    assert.throws(
      () => loadKubeConfig({kubeconfig: f}),
      (e: {code?: string; hint?: string}) => e.code === 'E_CONTEXT_UNSET' && /--context NAME \(available: dev\)/.test(e.hint ?? ''),
    )
  })
})
