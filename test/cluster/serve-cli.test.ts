import assert from 'node:assert/strict'
import {spawn, type ChildProcess} from 'node:child_process'
import http from 'node:http'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {KubeConfig, NetworkingV1Api} from '@kubernetes/client-node'
import {fx, namedHttpServer, startHarness, WAIT_MS, type Harness} from './helpers.js'

const ROOT = new URL('../../../', import.meta.url).pathname
const BIN = join(ROOT, 'bin', 'run.js')

function get(url: string, host?: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, {headers: host ? {host} : {}, agent: false}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.on('error', reject)
  })
}

async function eventually<T>(what: string, attempt: () => Promise<T>, ok: (v: T) => boolean, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms
  let last = await attempt()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 25))
    last = await attempt()
  }
  return last
}

describe('ingressctl serve --context (built CLI, child process) against the API server double', () => {
  let h: Harness
  let child: ChildProcess
  let out = ''
  let err = ''
  let httpUrl = ''
  let adminUrl = ''
  let pods: Array<Awaited<ReturnType<typeof namedHttpServer>>>

  before(async () => {
    h = await startHarness()
    pods = [await namedHttpServer('web-1'), await namedHttpServer('cart-1'), await namedHttpServer('local-checkout')]
    h.api.seed(
      fx.namespace('shop'),
      fx.pod('shop', 'web-1', {ip: '10.0.0.1', ports: [8080]}),
      fx.pod('shop', 'cart-1', {ip: '10.0.1.1', ports: [3000]}),
      fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: 8080}]),
      fx.service('shop', 'cart', [{name: 'http', port: 80, targetPort: 3000}]),
      fx.service('shop', 'checkout', [{name: 'http', port: 80, targetPort: 7000}]),
      fx.endpointSlice('shop', 'web-abc', 'web', [{ip: '10.0.0.1', pod: 'web-1'}], [{name: 'http', port: 8080}]),
      fx.endpointSlice('shop', 'cart-abc', 'cart', [{ip: '10.0.1.1', pod: 'cart-1'}], [{name: 'http', port: 3000}]),
      fx.ingress('shop', 'web', {
        rules: [
          {
            host: 'shop.example.com',
            paths: [
              {path: '/', service: 'web', port: 'http'},
              {path: '/checkout', service: 'checkout', port: 'http'},
            ],
          },
        ],
      }),
    )
    h.api.setPodTarget('shop', 'web-1', 8080, {host: '127.0.0.1', port: pods[0]!.port})
    h.api.setPodTarget('shop', 'cart-1', 3000, {host: '127.0.0.1', port: pods[1]!.port})
    child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--kubeconfig',
        h.kubeconfig,
        '--context',
        'staging',
        '--upstream',
        'port-forward',
        '--map',
        `checkout=http://127.0.0.1:${pods[2]!.port}`,
        '--http-port',
        '0',
        '--https-port',
        '0',
        '--admin-port',
        '0',
      ],
      {cwd: ROOT, env: {...process.env, HOME: h.dir, XDG_CONFIG_HOME: join(h.dir, 'config'), KUBERNETES_SERVICE_HOST: ''}, stdio: ['ignore', 'pipe', 'pipe']},
    )
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const deadline = Date.now() + 20_000
    while (!/admin\s+http:\/\/\S+/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${out}\n${err}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    httpUrl = /http\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!
    adminUrl = /admin\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!
  })

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    await Promise.all(pods.map((p) => p.close()))
    await h.close()
  })

  it('says where it reads from and serves through a port-forward tunnel', async () => {
    assert.match(out, /from context staging, namespace shop \(the context's default\)/)
    assert.match(out, /port-forward/)
    const r = await get(`${httpUrl}/products`, 'shop.example.com')
    assert.deepEqual(r, {status: 200, body: 'web-1 /products'})
    assert.ok(h.api.tunnelsOpened >= 1)
    // --map wins: this Service has no pods at all.
    assert.deepEqual(await get(`${httpUrl}/checkout/pay`, 'shop.example.com'), {status: 200, body: 'local-checkout /checkout/pay'})
  })

  it('re-routes after an Ingress is changed through client-node', async () => {
    const kc = new KubeConfig()
    kc.loadFromFile(h.kubeconfig)
    const net = kc.makeApiClient(NetworkingV1Api)
    await net.createNamespacedIngress({
      namespace: 'shop',
      body: fx.ingress('shop', 'cart', {rules: [{host: 'shop.example.com', paths: [{path: '/cart', service: 'cart', port: 'http'}]}]}) as never,
    })
    const r = await eventually('the /cart route', () => get(`${httpUrl}/cart`, 'shop.example.com'), (x) => x.body.startsWith('cart-1'))
    assert.deepEqual(r, {status: 200, body: 'cart-1 /cart'})
  })

  it('keeps serving and reports staleness while the API server is down', async () => {
    assert.equal((await get(`${adminUrl}/readyz`)).status, 200)
    await h.api.stop()
    const ready = await eventually('/readyz to say stale', () => get(`${adminUrl}/readyz`), (x) => x.status === 503, 10_000)
    assert.match(ready.body, /source is (reconnecting|stale) since \S+: watch of .* on https:\/\/127\.0\.0\.1:\d+/)
    // The last table still routes; the --map upstream does not need the API server.
    assert.deepEqual(await get(`${httpUrl}/checkout/x`, 'shop.example.com'), {status: 200, body: 'local-checkout /checkout/x'})
    await h.api.restart()
    await eventually('/readyz to be ok again', () => get(`${adminUrl}/readyz`), (x) => x.status === 200, 10_000)
    assert.deepEqual(await get(`${httpUrl}/products`, 'shop.example.com'), {status: 200, body: 'web-1 /products'})
  })
})

describe('cluster errors of the built CLI', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(async () => {
    await h.close()
  })

  // Asynchronous: the API server double lives in this process and must keep answering.
  function run(args: string[]): Promise<{status: number | null; stderr: string; stdout: string}> {
    return new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env: {...process.env, HOME: h.dir, KUBERNETES_SERVICE_HOST: ''}, stdio: ['ignore', 'pipe', 'pipe']})
      let stdout = ''
      let stderr = ''
      c.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => c.kill('SIGKILL'), 30_000)
      c.on('error', reject)
      c.on('close', (status) => {
        clearTimeout(timer)
        resolve({status, stdout, stderr})
      })
    })
  }

  it('an unknown context: exit 2, the available contexts, no stack trace', async () => {
    const r = await run(['serve', '--kubeconfig', h.kubeconfig, '--context', 'prod', '--http-port', '0', '--https-port', '0', '--admin-port', '0'])
    assert.equal(r.status, 2, r.stderr)
    assert.match(r.stderr, /context "prod" is not in/)
    assert.match(r.stderr, /available: other, staging/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })

  it('rejected credentials: exit 2, names the context and what to do', async () => {
    const kubeconfig = h.api.writeKubeconfig(h.dir, {fileName: 'expired', context: 'staging', token: 'expired'})
    const r = await run(['routes', '--kubeconfig', kubeconfig, '--context', 'staging', '-o', 'json'])
    assert.equal(r.status, 2, r.stderr)
    assert.match(r.stderr, /context "staging"/)
    assert.match(r.stderr, /401/)
    assert.match(r.stderr, /kubectl --context staging get ns/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })

  it('an unreachable cluster: exit 2, names the server URL', async () => {
    const kubeconfig = h.api.writeKubeconfig(h.dir, {fileName: 'down', context: 'staging', server: 'https://127.0.0.1:1'})
    const r = await run(['lint', '--kubeconfig', kubeconfig, '--context', 'staging'])
    assert.equal(r.status, 2, r.stderr)
    assert.match(r.stderr, /cannot reach the API server of context "staging" at https:\/\/127\.0\.0\.1:1/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })
})
