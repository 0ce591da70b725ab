import assert from 'node:assert/strict'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'
import {lintIn, tree} from './tree.js'

/** networking.k8s.io/v1beta1, removed in Kubernetes 1.22. */
const BETA = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: legacy
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            backend:
              serviceName: api
              servicePort: 80
`

test('lint, routes and match say the same of a removed apiVersion: lint an error, routes and match the route with the warning', async () => {
  const t = tree({'legacy.yaml': BETA})
  try {
    const lint = await lintIn(t.dir, ['legacy.yaml', '-o', 'json'])
    assert.equal(lint.code, 1)
    const l = JSON.parse(lint.stdout) as {diagnostics: Array<{rule: string; severity: string; location: {line: number}}>}
    assert.deepEqual(l.diagnostics.map((d) => [d.rule, d.severity, d.location.line]), [['deprecated-api-version', 'error', 1]])

    const routes = await runCli(['routes', '-f', 'legacy.yaml', '-o', 'json'], {cwd: t.dir})
    assert.equal(routes.code, 0, routes.stderr)
    const r = JSON.parse(routes.stdout) as {routes: Array<{host: string; path: string; pathType: string}>; diagnostics: Array<{rule: string; severity: string; message: string}>}
    assert.deepEqual(r.routes.map((x) => [x.host, x.path, x.pathType]), [['shop.example.com', '/api', 'ImplementationSpecific']])
    assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.severity]), [['deprecated-api-version', 'warning']])
    assert.match(r.diagnostics[0]!.message, /removed in Kubernetes 1\.22: routed as the API server converted it/)
    const table = await runCli(['routes', '-f', 'legacy.yaml', '-o', 'table'], {cwd: t.dir})
    assert.match(table.stderr, /1 route, 1 diagnostic \(0 errors, 1 warning\)/)

    const match = await runCli(['match', '-f', 'legacy.yaml', 'http://shop.example.com/api/x'], {cwd: t.dir})
    assert.equal(match.code, 0, match.stderr)
    assert.match(match.stdout, /matched {2}Ingress shop\/legacy/)
    assert.match(match.stdout, /warnings about this Ingress:\n {2}- Ingress shop\/legacy: apiVersion networking\.k8s\.io\/v1beta1 was removed in Kubernetes 1\.22.*\[deprecated-api-version\]/)
  } finally {
    t.remove()
  }
})
