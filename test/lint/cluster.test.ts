import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {KubeApiServer} from '../k8s/api-server.js'
import {runCli, type CliRun} from '../run-cli.js'
import * as fx from '../k8s/fixtures.js'

let api: KubeApiServer
let dir: string
let kubeconfig: string

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ingressctl-lint-cluster-'))
  api = await KubeApiServer.start({token: 'lint-token'})
  kubeconfig = api.writeKubeconfig(dir, {context: 'staging', namespace: 'shop'})
  api.seed(
    fx.ingressClass('nginx', {isDefault: true}),
    fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: 8080}]),
    fx.ingress('shop', 'web', {
      className: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          paths: [
            {path: '/', service: 'web', port: 'http'},
            {path: '/admin', service: 'web', port: 8080},
            {path: '/api', service: 'api', port: 80},
          ],
        },
      ],
    }),
  )
})

after(async () => {
  await api.close()
  rmSync(dir, {recursive: true, force: true})
})

function run(args: string[]): Promise<CliRun> {
  return runCli(['lint', ...args], {cwd: dir, env: {KUBECONFIG: ''}})
}

test('ingressctl lint --context reads the cluster once and lints it', async () => {
  const r = await run(['--kubeconfig', kubeconfig, '--context', 'staging', '-n', 'shop', '-o', 'json'])
  assert.equal(r.code, 1, r.stderr)
  const out = JSON.parse(r.stdout) as {diagnostics: Array<{rule: string; message: string; location?: {file: string}}>}
  // Sorted by location, then severity: the error first.
  assert.deepEqual(
    out.diagnostics.map((d) => d.rule),
    ['service-port-not-found', 'missing-service'],
  )
  for (const d of out.diagnostics) {
    assert.match(d.message, /^Ingress shop\/web: /)
    assert.match(d.location?.file ?? '', /^cluster:\/\//)
  }
})
