import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {request} from 'node:https'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import type {TLSSocket} from 'node:tls'
import {parse} from 'yaml'
import {REQUEST_TIMEOUT_MS, get, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

const root = new URL('../../../', import.meta.url).pathname
const demo = join(root, 'fixtures/demo')

let tmp: ReturnType<typeof tempDir>
const backends: Record<string, Backend> = {}
let served: Served

before(async () => {
  tmp = tempDir()
  for (const name of ['web', 'api', 'status', 'preview']) backends[name] = await startBackend(name)
  // Every demo Service goes to a loopback server (the EndpointSlices in the demo name cluster pod IPs).
  served = await serve([demo], {
    caDir: `${tmp.dir}/ca`,
    maps: Object.entries(backends).map(([name, b]) => `shop/${name}=http://127.0.0.1:${b.port}`),
  })
})

after(async () => {
  await served?.stop()
  await Promise.all(Object.values(backends).map((b) => b.close()))
  tmp?.cleanup()
})

test('the demo manifests route each host and path to its Service', async () => {
  const cases: Array<[string, string, string]> = [
    ['shop.example.com', '/', 'web'],
    ['shop.example.com', '/cart', 'web'],
    ['shop.example.com', '/healthz', 'status'],
    ['shop.example.com', '/healthz/deep', 'web'],
    ['api.shop.example.com', '/v1/orders', 'api'],
    ['pr-42.preview.example.com', '/', 'preview'],
  ]
  for (const [host, path, backend] of cases) {
    const r = await get(served.running.httpPort, path, {host})
    assert.equal(r.status, 200, `${host}${path}`)
    assert.equal(JSON.parse(r.body).backend, backend, `${host}${path}`)
  }
  assert.equal((await get(served.running.httpPort, '/v2', {host: 'api.shop.example.com'})).status, 404)
})

test("HTTPS for shop.example.com presents the demo's shop-tls Secret", async () => {
  const secretDoc = readFileSync(join(demo, 'shop-tls.test-only-selfsigned-cert.yaml'), 'utf8')
  const secret = parse(secretDoc) as {data: Record<string, string>}
  const certPem = Buffer.from(secret.data['tls.crt']!, 'base64').toString()
  const want = new X509Certificate(certPem).fingerprint256
  const got = await new Promise<{fp: string; status: number}>((resolve, reject) => {
    const req = request(
      {host: '127.0.0.1', port: served.running.httpsPort, servername: 'shop.example.com', headers: {host: 'shop.example.com'}, path: '/', agent: false, rejectUnauthorized: false},
      (res) => {
        const fp = (res.socket as TLSSocket).getPeerCertificate().fingerprint256
        res.resume()
        res.on('end', () => resolve({fp, status: res.statusCode ?? 0}))
      },
    )
    req.on('error', reject)
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer in time')))
    req.end()
  })
  // The demo certificate is a self-signed leaf (not a CA), so the check is its fingerprint.
  assert.equal(got.fp, want)
  assert.equal(got.status, 200)
})
