import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {get, ingressYaml, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let web: Backend
let sliced: Backend
let external: Backend
let served: Served

before(async () => {
  tmp = tempDir()
  web = await startBackend('web')
  sliced = await startBackend('sliced')
  external = await startBackend('external')
  tmp.write(
    'k8s/ingresses.yaml',
    [
      ingressYaml({name: 'web', ns: 'shop', host: 'web.test', service: 'web', port: 80}),
      ingressYaml({name: 'echo', ns: 'shop', host: 'echo.test', service: 'nowhere', port: 'http'}),
      ingressYaml({name: 'sliced', ns: 'shop', host: 'sliced.test', service: 'sliced', port: 'http'}),
      ingressYaml({name: 'ext', ns: 'shop', host: 'ext.test', service: 'ext', port: external.port}),
    ].join('---\n'),
  )
  tmp.write(
    'k8s/services.yaml',
    `apiVersion: v1
kind: Service
metadata: {name: sliced, namespace: shop}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: sliced-1, namespace: shop, labels: {kubernetes.io/service-name: sliced}}
addressType: IPv4
ports: [{name: http, port: ${sliced.port}, protocol: TCP}]
endpoints:
  - addresses: [127.0.0.1]
    conditions: {ready: true}
  - addresses: [127.0.0.2]
    conditions: {ready: false}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  type: ExternalName
  externalName: localhost
  ports: [{port: ${external.port}}]
`,
  )
  served = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: [`shop/web:80=http://127.0.0.1:${web.port}`]})
})

after(async () => {
  await served?.stop()
  await Promise.all([web?.close(), sliced?.close(), external?.close()])
  tmp?.cleanup()
})

test('a --map sends the Service to the local process, Host preserved, X-Forwarded-* set', async () => {
  const r = await get(served.running.httpPort, '/cart?x=1', {host: 'web.test'})
  assert.equal(r.status, 200)
  const body = JSON.parse(r.body)
  assert.equal(body.backend, 'web')
  assert.equal(body.url, '/cart?x=1')
  assert.equal(body.headers.host, 'web.test')
  assert.equal(body.headers['x-forwarded-host'], 'web.test')
  assert.equal(body.headers['x-forwarded-proto'], 'http')
  assert.equal(body.headers['x-forwarded-for'], '127.0.0.1')
})

test('EndpointSlice endpoints in the files are used (ready ones only)', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await get(served.running.httpPort, '/', {host: 'sliced.test'})
    assert.equal(r.status, 200)
    assert.equal(JSON.parse(r.body).backend, 'sliced')
  }
})

test('a Service of type ExternalName is reached by its external name', async () => {
  const r = await get(served.running.httpPort, '/x', {host: 'ext.test'})
  assert.equal(r.status, 200)
  assert.equal(JSON.parse(r.body).backend, 'external')
})

test('an unresolved backend answers 503 naming the Service and the --map flag that fixes it', async () => {
  const r = await get(served.running.httpPort, '/', {host: 'echo.test'})
  assert.equal(r.status, 503)
  assert.match(r.body, /shop\/nowhere/)
  assert.ok(r.body.includes('--map shop/nowhere:http=http://127.0.0.1:PORT'), r.body)
  const j = await get(served.running.httpPort, '/', {host: 'echo.test', accept: 'application/json'})
  assert.equal(j.status, 503)
  assert.match(String(j.headers['content-type']), /application\/json/)
  const problem = JSON.parse(j.body)
  assert.equal(problem.status, 503)
  assert.ok(JSON.stringify(problem).includes('--map shop/nowhere:http=http://127.0.0.1:PORT'))
})

test('no route: 404, as JSON when the client accepts JSON', async () => {
  const r = await get(served.running.httpPort, '/', {host: 'other.test'})
  assert.equal(r.status, 404)
  assert.match(r.body, /other\.test/)
  const j = await get(served.running.httpPort, '/', {host: 'other.test', accept: 'application/json'})
  assert.equal(j.status, 404)
  assert.equal(JSON.parse(j.body).status, 404)
})

test('the banner lists the listening URLs and the routes with their upstreams', () => {
  const out = served.stdout.text
  assert.ok(out.includes(`  http   http://127.0.0.1:${served.running.httpPort}\n`), out)
  assert.ok(out.includes(`  https  https://127.0.0.1:${served.running.httpsPort}\n`), out)
  assert.ok(out.includes(`  admin  http://127.0.0.1:${served.running.adminPort} `), out)
  assert.match(out, /web\.test\/ \(Prefix\) -> shop\/web:80 => 127\.0\.0\.1:\d+ \[map\]/)
  assert.match(out, /sliced\.test\/ \(Prefix\) -> shop\/sliced:http => 127\.0\.0\.1:\d+ \[endpointslice\]/)
  assert.match(out, /ext\.test\/ \(Prefix\) -> shop\/ext:\d+ => localhost:\d+ \[externalname\]/)
  assert.match(out, /echo\.test\/ \(Prefix\) -> shop\/nowhere:http => unresolved \(503; --map shop\/nowhere:http=http:\/\/127\.0\.0\.1:PORT\)/)
})

test('--echo answers with the matched route and the request as JSON', async () => {
  const t = tempDir()
  t.write('a.yaml', ingressYaml({name: 'demo', ns: 'dev', host: 'demo.test', path: '/api', service: 'api', port: 8080}))
  const s = await serve([`${t.dir}/a.yaml`], {caDir: `${tmp.dir}/ca`, echo: true})
  try {
    const r = await get(s.running.httpPort, '/api/users?id=7', {host: 'demo.test'})
    assert.equal(r.status, 200)
    const body = JSON.parse(r.body)
    assert.equal(body.route.id, 'demo.test|/api|Prefix')
    assert.equal(body.route.ingress, 'dev/demo')
    assert.equal(body.route.backend.name, 'api')
    assert.equal(body.request.method, 'GET')
    assert.equal(body.request.url, '/api/users?id=7')
  } finally {
    await s.stop()
    t.cleanup()
  }
})
