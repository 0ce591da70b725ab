import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {parseManifests} from '../../src/loader/index.js'
import {TlsProvider} from '../../src/tls/tls-provider.js'

const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.test
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
    - host: "*.apps.test"
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
    - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`

test('certificates are issued only for SNI names the table serves; made-up names (even with a catch-all rule) get the default', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-provider-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const provider = await TlsProvider.create({caDir: join(dir, 'ca')})
  const {snapshot} = parseManifests(yaml, 'web.yaml')
  provider.setState(compile(snapshot), snapshot)
  const before = provider.issuedCount
  for (let i = 0; i < 200; i++) {
    const served = await provider.contextFor(`n${i}.made-up.test`)
    assert.deepEqual(served.origin, {kind: 'dev-ca', reason: `no rule serves n${i}.made-up.test: the default certificate`})
  }
  assert.equal(provider.issuedCount, before, 'nothing issued for unserved names')
  await provider.contextFor('shop.test')
  await provider.contextFor('x.apps.test')
  assert.equal(provider.issuedCount, before + 2, 'one certificate per served name')
})
