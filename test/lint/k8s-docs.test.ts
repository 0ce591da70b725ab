import assert from 'node:assert/strict'
import {test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import {lint} from '../../src/lint/index.js'

/**
 * The Ingress examples of the Kubernetes documentation
 * (concepts/services-networking/ingress): the API server accepts every one of
 * them, so lint must report no error for any.
 */
const EXAMPLES: Record<string, string> = {
  'minimal-ingress': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  rules:
  - http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: test
            port:
              number: 80
`,
  'ingress-resource-backend': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-resource-backend
spec:
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
  rules:
    - http:
        paths:
          - path: /icons
            pathType: ImplementationSpecific
            backend:
              resource:
                apiGroup: k8s.example.com
                kind: StorageBucket
                name: icon-assets
`,
  'ingress-wildcard-host': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-wildcard-host
spec:
  rules:
  - host: "foo.bar.com"
    http:
      paths:
      - pathType: Prefix
        path: "/bar"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: "*.foo.com"
    http:
      paths:
      - pathType: Prefix
        path: "/foo"
        backend:
          service:
            name: service2
            port:
              number: 80
`,
  'simple-fanout-example': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: simple-fanout-example
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - path: /foo
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 4200
      - path: /bar
        pathType: Prefix
        backend:
          service:
            name: service2
            port:
              number: 8080
`,
  'name-virtual-host-ingress-no-third-host': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: name-virtual-host-ingress-no-third-host
spec:
  rules:
  - host: first.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service1
            port:
              number: 80
  - host: second.bar.com
    http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service2
            port:
              number: 80
  - http:
      paths:
      - pathType: Prefix
        path: "/"
        backend:
          service:
            name: service3
            port:
              number: 80
`,
  'tls-example-ingress': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-example-ingress
spec:
  tls:
  - hosts:
      - https-example.foo.com
    secretName: testsecret-tls
  rules:
  - host: https-example.foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 80
`,
  'ingress-class': `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
    app.kubernetes.io/component: controller
  name: nginx-example
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
`,
}

for (const [name, yaml] of Object.entries(EXAMPLES)) {
  test(`Kubernetes docs example ${name}: no errors`, () => {
    const parsed = parseManifests(yaml, `${name}.yaml`)
    assert.deepEqual(parsed.diagnostics, [])
    const report = lint({snapshot: parsed.snapshot, loadDiagnostics: parsed.diagnostics, now: Date.parse('2026-06-01T00:00:00Z')})
    const errors = report.diagnostics.filter((d) => d.severity === 'error')
    assert.deepEqual(errors.map((d) => `${d.rule}: ${d.message}`), [])
    if (name === 'ingress-resource-backend') {
      // ingressctl cannot proxy to a resource backend and says so; the API server accepts it.
      assert.ok(report.diagnostics.length > 0 && report.diagnostics.every((d) => d.rule === 'unsupported-resource-backend'))
    } else if (name === 'minimal-ingress') {
      // Its rewrite-target annotation makes ingress-nginx send `/` upstream for /testpath/...; ingressctl forwards the path as is and says so.
      assert.deepEqual(report.diagnostics.map((d) => `${d.rule} ${d.severity} ${d.location?.line}`), ['annotation-not-applied warning 6'])
      assert.match(report.diagnostics[0]!.message, /nginx\.ingress\.kubernetes\.io\/rewrite-target is not applied by ingressctl/)
    } else {
      assert.deepEqual(report.diagnostics.map((d) => d.rule), [])
    }
  })
}

test('all the documentation examples together: still no errors', () => {
  const parsed = parseManifests(Object.values(EXAMPLES).join('---\n'), 'docs.yaml')
  const report = lint({snapshot: parsed.snapshot, loadDiagnostics: parsed.diagnostics, now: 0})
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [])
})
