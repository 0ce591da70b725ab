#!/usr/bin/env node
// `npm run soak`: the gateway (the real binary, `serve -f DIR`) under bounded
// load for SOAK_SECONDS (default 600) while its manifests are rewritten every
// second (hot reload) and the endpoints of its two Services churn among live
// local upstreams (EndpointSlices coming and going). Prints the requests
// answered and failed (target 0), the gateway's RSS at start (after warm-up)
// and end (target: growth < 10%), and its open file descriptors at start and
// end. Exit status 1 when a request failed or the gateway died.
//   SOAK_SECONDS=60 npm run soak      a short run
//   SOAK_RPS=200 SOAK_CONCURRENCY=8   the load (requests per second, in flight)
import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const RPS = Number(process.env.SOAK_RPS ?? 200)
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8)
const UPSTREAMS_PER_SERVICE = 4
const WARMUP_MS = Math.min(10_000, (SECONDS * 1000) / 10)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** A live local upstream naming its Service in every answer. */
async function upstream(service, i) {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const body = `${service} ${i} ${req.url}\n`
      res.writeHead(200, {'content-type': 'text/plain', 'content-length': Buffer.byteLength(body)})
      res.end(body)
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {service, port: server.address().port, server}
}

function ingressYaml(tick) {
  // The extra path comes and goes, and an annotation changes, at every reload.
  const extra = tick % 2 === 0 ? `      - path: /extra-${tick % 10}\n        pathType: Exact\n        backend:\n          service:\n            name: web\n            port:\n              name: http\n` : ''
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: soak
  namespace: default
  annotations:
    soak/tick: "${tick}"
spec:
  rules:
  - host: soak.test
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: http
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              name: http
${extra}`
}

function servicesYaml() {
  return ['web', 'api'].map((name) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  ports:\n  - name: http\n    port: 80\n`).join('---\n')
}

/** One EndpointSlice per upstream port (a slice has one port list); only the chosen ones. */
function slicesYaml(chosen) {
  return chosen
    .map(
      (u) =>
        `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${u.service}-${u.port}\n  namespace: default\n  labels:\n    kubernetes.io/service-name: ${u.service}\naddressType: IPv4\nports:\n- name: http\n  port: ${u.port}\nendpoints:\n- addresses: ["127.0.0.1"]\n  conditions:\n    ready: true\n`,
    )
    .join('---\n')
}

/** A random non-empty subset of each Service's upstreams. */
function churn(ups) {
  const out = []
  for (const service of ['web', 'api']) {
    const mine = ups.filter((u) => u.service === service)
    const some = mine.filter(() => Math.random() < 0.5)
    out.push(...(some.length > 0 ? some : [mine[Math.floor(Math.random() * mine.length)]]))
  }
  return out
}

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : NaN
}
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`

const dir = mkdtempSync(join(tmpdir(), 'ingressctl-soak-'))
const ups = []
for (const service of ['web', 'api']) for (let i = 0; i < UPSTREAMS_PER_SERVICE; i++) ups.push(await upstream(service, i))
let tick = 0
writeFileSync(join(dir, 'ingress.yaml'), ingressYaml(tick))
writeFileSync(join(dir, 'services.yaml'), servicesYaml())
writeFileSync(join(dir, 'slices.yaml'), slicesYaml(churn(ups)))

const httpPort = await freePort()
const adminPort = await freePort()
const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'serve', '-f', dir, '--address', '127.0.0.1', '--http-port', String(httpPort), '--https-port', '0', '--admin-port', String(adminPort), '--no-access-log'], {
  stdio: ['ignore', 'pipe', 'pipe'],
})
let childLog = ''
child.stdout.on('data', (d) => (childLog = (childLog + d).slice(-20_000)))
child.stderr.on('data', (d) => (childLog = (childLog + d).slice(-20_000)))
let exited
child.on('exit', (code, signal) => (exited = {code, signal}))

// Ready when a request is routed.
const agent = new http.Agent({keepAlive: true, maxSockets: CONCURRENCY})
function get(path, fresh) {
  return new Promise((resolve) => {
    const req = http.request({host: '127.0.0.1', port: httpPort, path, headers: {host: 'soak.test'}, agent: fresh ? false : agent}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({status: res.statusCode, body}))
      res.on('error', (e) => resolve({error: e.message}))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('timeout after 10 s')))
    req.on('error', (e) => resolve({error: e.code ?? e.message}))
    req.end()
  })
}
for (let i = 0; ; i++) {
  if (exited) throw new Error(`the gateway exited at start: ${JSON.stringify(exited)}\n${childLog}`)
  const r = await get('/ready')
  if (r.status === 200) break
  if (i > 200) throw new Error(`the gateway did not serve within 20 s\n${childLog}`)
  await sleep(100)
}

const start = Date.now()
const end = start + SECONDS * 1000
let done = 0
let failed = 0
let reloads = 0
const failures = new Map()
let startRss
let startFds
let peakRss = 0

// Reloads: every second, the Ingress changes and the endpoints churn.
const reloader = setInterval(() => {
  tick++
  writeFileSync(join(dir, 'ingress.yaml'), ingressYaml(tick))
  writeFileSync(join(dir, 'slices.yaml'), slicesYaml(churn(ups)))
  reloads++
}, 1000)
const sampler = setInterval(() => {
  if (exited) return
  const rss = rssKiB(child.pid)
  peakRss = Math.max(peakRss, rss)
  if (startRss === undefined && Date.now() - start >= WARMUP_MS) {
    startRss = rss
    startFds = fds(child.pid)
  }
}, 500)
const progress = setInterval(() => {
  const s = Math.round((Date.now() - start) / 1000)
  console.log(`${String(s).padStart(4)} s  ${done} requests  ${failed} failed  ${reloads} reloads  RSS ${exited ? '-' : mib(rssKiB(child.pid))}  fds ${exited ? '-' : fds(child.pid)}`)
}, 60_000)

// Bounded load: CONCURRENCY workers sharing RPS; one request in ten on a new connection.
const interval = (1000 * CONCURRENCY) / RPS
async function worker(w) {
  let n = 0
  while (Date.now() < end && !exited) {
    const t = Date.now()
    const api = (n + w) % 2 === 0
    const path = api ? `/api/items/${n}?w=${w}` : `/page/${n}?w=${w}`
    const r = await get(path, n % 10 === 0)
    done++
    const want = api ? 'api ' : 'web '
    if (r.error !== undefined || r.status !== 200 || !r.body.startsWith(want) || !r.body.includes(path)) {
      failed++
      const why = r.error !== undefined ? `error ${r.error}` : `${r.status} ${JSON.stringify(r.body.slice(0, 100))}`
      failures.set(why, (failures.get(why) ?? 0) + 1)
    }
    n++
    const wait = interval - (Date.now() - t)
    if (wait > 0) await sleep(wait)
  }
}
await Promise.all(Array.from({length: CONCURRENCY}, (_, w) => worker(w)))
clearInterval(reloader)
clearInterval(sampler)
clearInterval(progress)
agent.destroy()
await sleep(1000) // let closed client connections go
const alive = !exited
// The reloads the gateway applied, from its own metrics.
let applied = '?'
if (alive) {
  const text = await new Promise((resolve) => {
    http.get({host: '127.0.0.1', port: adminPort, path: '/metrics'}, (res) => {
      let b = ''
      res.on('data', (d) => (b += d))
      res.on('end', () => resolve(b))
    }).on('error', () => resolve(''))
  })
  const count = (result) => text.match(new RegExp(`^ingressctl_reloads_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? '0'
  applied = `${count('success')} applied, ${count('failure')} failed`
}
const endRss = alive ? rssKiB(child.pid) : NaN
const endFds = alive ? fds(child.pid) : NaN
startRss ??= endRss
startFds ??= endFds
if (alive) child.kill('SIGTERM')
await new Promise((r) => (exited ? r() : child.once('exit', r)))
for (const u of ups) u.server.close()
for (const u of ups) u.server.closeAllConnections()
rmSync(dir, {recursive: true, force: true})

const growth = ((endRss - startRss) / startRss) * 100
console.log(`\nsoak: ${SECONDS} s, ${RPS} req/s max, ${CONCURRENCY} in flight, ${reloads} reloads with endpoint churn (${ups.length} live upstreams)`)
console.log(`reloads   ${reloads} written; by the gateway's metrics: ${applied}`)
console.log(`requests  ${done} answered, ${failed} failed (target 0)`)
for (const [why, n] of [...failures].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n} × ${why}`)
console.log(`RSS       start ${mib(startRss)} (after ${WARMUP_MS / 1000} s), end ${mib(endRss)}, peak ${mib(peakRss)}: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (target < 10%)`)
console.log(`fds       start ${startFds}, end ${endFds}`)
console.log(`gateway   ${alive ? 'alive at the end' : `DIED: ${JSON.stringify(exited)}\n${childLog}`}`)
process.exit(failed > 0 || !alive ? 1 : 0)
