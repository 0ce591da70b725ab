import assert from 'node:assert/strict'
import {test} from 'node:test'
import {parse} from 'yaml'
import {ingressctl} from './helpers.js'

test('routes -f fixtures/demo without a TTY prints the aligned table, sorted, and a diagnostics count on stderr', () => {
  const r = ingressctl(['routes', '-f', 'fixtures/demo'])
  assert.equal(r.status, 0, r.stderr)
  assert.equal(
    r.stdout,
    [
      // The demo's Ingresses are of class nginx (an IngressClass of k8s.io/ingress-nginx): a PROFILE column says so,
      // and an ACTIONS column names what their annotations and the controller's defaults do (the 1m body limit; HSTS on the TLS host).
      'HOST                    PATH       PATHTYPE   BACKEND       TLS        INGRESS        PROFILE         ACTIONS',
      '*.preview.example.com   /          Prefix     preview:80    -          shop/preview   ingress-nginx   body-size',
      'api.shop.example.com    /v1        Prefix     api:http      -          shop/api       ingress-nginx   body-size',
      'shop.example.com        /          Prefix     web:80        shop-tls   shop/web       ingress-nginx   body-size,hsts',
      'shop.example.com        /healthz   Exact      status:8080   shop-tls   shop/web       ingress-nginx   body-size,hsts',
      '',
    ].join('\n'),
  )
  // The demo follows ingress-nginx: which controller settings were used is said first.
  assert.equal(r.stderr, 'ingress-nginx settings: controller defaults (no ingress-nginx ConfigMap found)\n4 routes, 0 diagnostics (0 errors, 0 warnings)\n')
  assert.equal(ingressctl(['routes', '-f', 'fixtures/demo', '-o', 'table']).stdout, r.stdout)
})

test('routes -o json: the shared table data, 2-space indented; -o yaml: the same data', () => {
  const j = ingressctl(['routes', '-f', 'fixtures/demo', '-o', 'json'])
  assert.equal(j.status, 0, j.stderr)
  assert.ok(j.stdout.startsWith('{\n  "routes": [\n    {\n      "id": '))
  const data = JSON.parse(j.stdout)
  assert.deepEqual(Object.keys(data), ['routes', 'tls', 'diagnostics', 'controllerConfig'])
  assert.deepEqual(
    data.routes.map((r: {host: string; path: string; pathType: string; ingress: string}) => `${r.host} ${r.path} ${r.pathType} ${r.ingress}`),
    ['*.preview.example.com / Prefix shop/preview', 'api.shop.example.com /v1 Prefix shop/api', 'shop.example.com / Prefix shop/web', 'shop.example.com /healthz Exact shop/web'],
  )
  const api = data.routes[1]
  assert.deepEqual(api.backend, {service: {name: 'api', namespace: 'shop', port: {name: 'http'}}, protocol: 'http', servicePort: 80})
  assert.match(api.source, /^fixtures\/demo\/ingresses\.yaml:\d+:\d+$/)
  assert.deepEqual(data.routes[2].tls, {secret: 'shop/shop-tls', host: 'shop.example.com'})
  assert.deepEqual(data.diagnostics, [])

  const y = ingressctl(['routes', '-f', 'fixtures/demo', '-o', 'yaml'])
  assert.equal(y.status, 0, y.stderr)
  assert.ok(y.stdout.startsWith('routes:\n  - id: "*.preview.example.com|/|Prefix"\n'))
  assert.deepEqual(parse(y.stdout), data)
})

test('a document that does not parse: the others still print, and -o json carries the load error with file:line:col', () => {
  const r = ingressctl(['routes', '-f', 'test/ui/fixtures/broken.yaml', '-o', 'json'])
  assert.equal(r.status, 0, r.stderr)
  const data = JSON.parse(r.stdout)
  assert.deepEqual(data.routes.map((x: {ingress: string}) => x.ingress), ['demo/first'])
  const [first, second] = data.diagnostics
  assert.equal(first.severity, 'error')
  assert.equal(first.location.file, 'test/ui/fixtures/broken.yaml')
  assert.ok(first.location.line >= 25 && first.location.line <= 27, `parse error near the broken document, got line ${first.location.line}`)
  assert.equal(second.rule, 'duplicate-route')
  const table = ingressctl(['routes', '-f', 'test/ui/fixtures/broken.yaml'])
  assert.equal(table.stderr, '1 route, 2 diagnostics (1 error, 1 warning); -o json lists them\n')
})

test('--ingress-class reaches the compiler: other classes are left out and said so', () => {
  const r = ingressctl(['routes', '-f', 'fixtures/demo', '--ingress-class', 'traefik', '-o', 'json'])
  assert.equal(r.status, 0, r.stderr)
  const data = JSON.parse(r.stdout)
  assert.deepEqual(data.routes, [])
  assert.ok(data.diagnostics.length >= 3 && data.diagnostics.every((d: {rule: string}) => d.rule === 'ingress-class-excluded'))
})

test('manifests on stdin (-f -) print the table', () => {
  const yaml = [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata: {name: piped, namespace: demo}',
    'spec:',
    '  rules:',
    '    - host: pipe.example.com',
    '      http: {paths: [{path: /in, pathType: Exact, backend: {service: {name: sink, port: {number: 8080}}}}]}',
  ].join('\n')
  const r = ingressctl(['routes', '-f', '-'], yaml)
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /^pipe\.example\.com +\/in +Exact +sink:8080 +- +demo\/piped$/m)
})

test('bad input exits 2 with a message and a hint, never a stack trace', () => {
  const missing = ingressctl(['routes', '-f', 'no/such/dir', '-o', 'json'])
  assert.equal(missing.status, 2)
  assert.equal(missing.stdout, '')
  assert.match(missing.stderr, /^error: .*no\/such\/dir.*\n {2}hint: /)
  assert.doesNotMatch(missing.stderr, /\n\s+at /)

  const none = ingressctl(['routes'])
  assert.equal(none.status, 2)
  assert.match(none.stderr, /error: no input: routes needs manifests or a cluster\n {2}hint: pass -f PATH/)

  const empty = ingressctl(['routes', '-f', 'fixtures/loader/empty.yaml'])
  assert.equal(empty.status, 2)
  assert.match(empty.stderr, /^error: /)

  const format = ingressctl(['routes', '-f', 'fixtures/demo', '-o', 'xml'])
  assert.equal(format.status, 2)
  assert.match(format.stderr, /Expected --output=xml to be one of: table, wide, name, json, yaml/)

  const attach = ingressctl(['routes', '-f', 'fixtures/demo', '-o', 'json', '--attach', 'http://127.0.0.1:9'])
  assert.equal(attach.status, 2)
  assert.match(attach.stderr, /--attach needs the interactive view/)
})
