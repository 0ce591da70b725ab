/**
 * Cluster-mode upstreams: requests per second through `ingressctl serve
 * --upstream port-forward` (each upstream connection a WebSocket tunnel
 * through the API server's pods/portforward subresource) versus
 * `--upstream direct` (TCP to the EndpointSlice address), on loopback,
 * against the test API server double. Prints figures; asserts nothing.
 *
 *   node dist/bench/cluster.js            (or through `npm run bench`)
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=50 node dist/bench/cluster.js   (BENCH_SECONDS also works)
 *
 * Processes: this one runs autocannon; a child runs the API server double and
 * the backend (`--fixture`); each measured gateway is the built CLI in its own
 * child process. All bound to 127.0.0.1, all stopped by PID at the end.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HOST = 'shop.example.com'

export interface ClusterBenchRow {
  readonly name: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
}

interface Fixture {
  readonly kubeconfig: string
  readonly backendPort: number
}

/** Runs the comparison and prints one line per setup. */
export async function runClusterBench(o: {durationS?: number; connections?: number; log?: (line: string) => void} = {}): Promise<ClusterBenchRow[]> {
  const durationS = o.durationS ?? Number(process.env.BENCH_DURATION ?? process.env.BENCH_SECONDS ?? 5)
  const connections = o.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 50)
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-bench-cluster-'))
  const children: ChildProcess[] = []
  const rows: ClusterBenchRow[] = []
  try {
    const fixture = spawnNode([fileURLToPath(import.meta.url), '--fixture', dir])
    children.push(fixture)
    const f = JSON.parse(await firstLine(fixture, /^\{.*\}$/m)) as Fixture
    log(`cluster upstreams on loopback: ${durationS}s per run, ${connections} connections, keep-alive, GET / with Host ${HOST}`)
    rows.push(await measure('direct to the backend (no gateway)', `http://127.0.0.1:${f.backendPort}/`, durationS, connections))
    for (const mode of ['direct', 'port-forward'] as const) {
      const serve = spawnNode([
        join(ROOT, 'bin', 'run.js'),
        'serve',
        '--kubeconfig',
        f.kubeconfig,
        '--context',
        'bench',
        '--upstream',
        mode,
        '--http-port',
        '0',
        '--https-port',
        '0',
        '--admin-port',
        '0',
        '--no-access-log',
      ], {HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), KUBERNETES_SERVICE_HOST: ''})
      children.push(serve)
      const line = await firstLine(serve, /http\s+http:\/\/127\.0\.0\.1:\d+/)
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1])
      // Warm-up: open the pooled upstream connections (tunnels) once.
      await measure('warm-up', `http://127.0.0.1:${port}/`, 1, connections)
      rows.push(await measure(`ingressctl serve --upstream ${mode}`, `http://127.0.0.1:${port}/`, durationS, connections))
      await stop(serve)
    }
    for (const r of rows) {
      log(`  ${r.name.padEnd(40)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`)
    }
    const d = rows.find((r) => r.name.endsWith('direct'))
    const pf = rows.find((r) => r.name.endsWith('port-forward'))
    if (d && pf && d.rps > 0) log(`  port-forward / direct: ${((pf.rps / d.rps) * 100).toFixed(0)}% of the direct throughput (the tunnel path adds the API server double's WebSocket relay)`)
    return rows
  } finally {
    for (const c of children) await stop(c)
    rmSync(dir, {recursive: true, force: true})
  }
}

/** The part of autocannon's API used here (the package ships no type declarations). */
type Autocannon = (o: {url: string; connections: number; duration: number; headers: Record<string, string>}) => Promise<{
  requests: {average: number}
  latency: {p50: number; p99: number}
  non2xx: number
  errors: number
}>

async function measure(name: string, url: string, durationS: number, connections: number): Promise<ClusterBenchRow> {
  const mod = 'autocannon'
  const autocannon = ((await import(mod)) as {default: Autocannon}).default
  const r = await autocannon({url, connections, duration: durationS, headers: {host: HOST}})
  return {name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors}
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, args, {cwd: ROOT, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
}

/** The first stdout text matching `re` (bounded: 30 s). */
function firstLine(c: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`child did not start in 30 s:\n${out}\n${err}`)), 30_000)
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = re.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[0])
      }
    })
    c.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`child exited (${code}) before it was ready:\n${out}\n${err}`))
    })
  })
}

async function stop(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
  c.kill('SIGTERM')
  const t = setTimeout(() => c.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(t)
}

/** Child mode: the API server double and one backend pod, until SIGTERM. */
async function fixtureMain(dir: string): Promise<void> {
  const {KubeApiServer} = await import('../test/k8s/api-server.js')
  const fx = await import('../test/k8s/fixtures.js')
  const backend = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain')
    res.end('hello from web-1\n')
  })
  backend.keepAliveTimeout = 65_000
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  const backendPort = (backend.address() as AddressInfo).port
  const api = await KubeApiServer.start({token: 'bench-token'})
  api.seed(
    fx.namespace('shop'),
    fx.pod('shop', 'web-1', {ip: '127.0.0.1', ports: [backendPort]}),
    fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: backendPort}]),
    // The pod's address is loopback, so `direct` can reach it; `port-forward` tunnels to the same server.
    fx.endpointSlice('shop', 'web-1', 'web', [{ip: '127.0.0.1', pod: 'web-1'}], [{name: 'http', port: backendPort}]),
    fx.ingress('shop', 'web', {rules: [{host: HOST, paths: [{path: '/', service: 'web', port: 'http'}]}]}),
  )
  api.setPodTarget('shop', 'web-1', backendPort, {host: '127.0.0.1', port: backendPort})
  const kubeconfig = api.writeKubeconfig(dir, {context: 'bench', namespace: 'shop'})
  process.stdout.write(`${JSON.stringify({kubeconfig, backendPort} satisfies Fixture)}\n`)
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()))
  await api.close()
  backend.closeAllConnections()
  backend.close()
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  if (process.argv[2] === '--fixture') await fixtureMain(process.argv[3]!)
  else await runClusterBench()
}
