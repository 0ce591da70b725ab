/**
 * `npm run bench:lint`: end-to-end `ingressctl lint` on 10,000 generated
 * Ingresses (about 10 MB of YAML, with their Services), run as a child process
 * (`node bin/run.js lint DIR`) several times; prints wall time including process
 * start (target: under 2 s), then an in-process breakdown (load, compile, each
 * lint rule) to show where the time goes. Prints figures, asserts nothing.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {compile} from '../src/compiler/index.js'
import {buildContext} from '../src/lint/index.js'
import {LINT_RULES} from '../src/lint/registry.js'
import {loadManifests} from '../src/loader/index.js'

const INGRESSES = Number(process.env.BENCH_INGRESSES ?? 10_000)
const FILES = 20
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const root = new URL('../../', import.meta.url).pathname

function ingress(i: number): string {
  const ns = `team-${i % 50}`
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-${i}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: app-${i}
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - app-${i}.example.com
      secretName: app-${i}-tls
  rules:
    - host: app-${i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: app-${i}
                port:
                  name: http
          - path: /api/v1
            pathType: Prefix
            backend:
              service:
                name: app-${i}-api
                port:
                  number: 8080
`
}

function service(name: string, ns: string, port: number, portName: string): string {
  return `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
    - name: ${portName}
      port: ${port}
      targetPort: 8080
`
}

function generate(dir: string): number {
  let bytes = 0
  const per = Math.ceil(INGRESSES / FILES)
  for (let f = 0; f < FILES; f++) {
    const parts: string[] = []
    for (let i = f * per; i < Math.min(INGRESSES, (f + 1) * per); i++) {
      const ns = `team-${i % 50}`
      parts.push(ingress(i), service(`app-${i}`, ns, 80, 'http'), service(`app-${i}-api`, ns, 8080, 'api'))
    }
    const text = parts.join('')
    writeFileSync(join(dir, `manifests-${String(f).padStart(2, '0')}.yaml`), text)
    bytes += Buffer.byteLength(text)
  }
  return bytes
}

function ms(n: number): string {
  return `${n.toFixed(0)} ms`
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-bench-lint-'))
  try {
    const bytes = generate(dir)
    if (process.env.BENCH_KEEP) console.log(`generated into ${dir} (kept)`)
    console.log(`input: ${INGRESSES} Ingresses + ${2 * INGRESSES} Services in ${FILES} files, ${(bytes / 1e6).toFixed(1)} MB`)

    // Preloaded into the CLI process: reports its own CPU time (user + system) on exit,
    // a figure that a busy machine inflates far less than wall time.
    const preload = join(dir, 'cpu-usage.cjs')
    writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\nCPU_US=' + (u.user + u.system) + '\\n') })\n")
    const cpus: number[] = []
    const walls: number[] = []
    let status: number | null = null
    let out = ''
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now()
      const res = spawnSync(process.execPath, ['-r', preload, join(root, 'bin', 'run.js'), 'lint', dir, '-o', 'json'], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000})
      const cpu = /CPU_US=(\d+)/.exec(res.stderr)
      if (cpu) cpus.push(Number(cpu[1]) / 1000)
      const wall = performance.now() - t0
      status = res.status
      if (res.status !== 0 && res.status !== 1) {
        console.log(`run ${r + 1}: lint exited ${res.status} after ${ms(wall)}: ${res.stderr.slice(0, 500)}`)
        break
      }
      walls.push(wall)
      out = res.stdout
    }
    const summary = out ? (JSON.parse(out) as {summary: unknown}).summary : undefined
    const sorted = [...walls].sort((a, b) => a - b)
    if (sorted.length) console.log(`end to end (node bin/run.js lint DIR -o json), ${walls.length} runs: wall min ${ms(sorted[0]!)}, median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, max ${ms(sorted[sorted.length - 1]!)}; exit ${status}; summary ${JSON.stringify(summary)}`)
    const cpuSorted = [...cpus].sort((a, b) => a - b)
    if (cpuSorted.length) console.log(`  CPU time of the lint process (user+system): min ${ms(cpuSorted[0]!)}, median ${ms(cpuSorted[Math.floor(cpuSorted.length / 2)]!)}`)
    console.log(`  load average now: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (wall time is only meaningful on an idle machine)`)

    const start = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'version'], {encoding: 'utf8'})
    const t1 = performance.now()
    spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'version'], {encoding: 'utf8'})
    console.log(`process start alone (ingressctl version): ${ms(performance.now() - t1)}${start.status === 0 ? '' : ' (failed)'}`)

    // In-process breakdown.
    let t = performance.now()
    let c = process.cpuUsage()
    const loaded = await loadManifests([dir])
    const tLoad = performance.now() - t
    const cLoad = process.cpuUsage(c)
    t = performance.now()
    c = process.cpuUsage()
    const table = compile(loaded.snapshot)
    const tCompile = performance.now() - t
    const cCompile = process.cpuUsage(c)
    t = performance.now()
    const ctx = buildContext(loaded.snapshot, table, Date.now())
    const tContext = performance.now() - t
    const perRule: Array<[string, number, number]> = []
    c = process.cpuUsage()
    for (const rule of LINT_RULES) {
      t = performance.now()
      const found = rule.check(ctx)
      perRule.push([rule.id, performance.now() - t, found.length])
    }
    const cRules = process.cpuUsage(c)
    const tRules = perRule.reduce((a, [, d]) => a + d, 0)
    const cpuMs = (u: NodeJS.CpuUsage): string => ms((u.user + u.system) / 1000)
    console.log(`in process (wall / CPU): load ${ms(tLoad)} / ${cpuMs(cLoad)}, compile incl. validation ${ms(tCompile)} / ${cpuMs(cCompile)} (${table.routes.length} routes), lint context ${ms(tContext)}, lint rules ${ms(tRules)} / ${cpuMs(cRules)}`)
    for (const [id, d, n] of perRule.sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${id}: ${d.toFixed(1)} ms (${n} findings)`)
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, {recursive: true, force: true})
  }
}

await main()
