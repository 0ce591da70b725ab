/**
 * Routes UI benchmark: the real App rendered by Ink to a terminal-like null
 * stream (120×40, TTY code path) over a compiled table of 10,000 routes.
 * Measures, from the input to the frame written:
 *   - keystroke → render (j, PgDn, a character typed into the / filter)
 *   - table update → render (a new table with one changed route, as LiveTable swaps it in)
 * Prints median and p99 against the 50 ms target; asserts nothing.
 *
 *   npm run build && node dist/bench/ui.js [routes]
 */
import {EventEmitter} from 'node:events'
import {performance} from 'node:perf_hooks'
import type {Ingress, Service} from '../src/model/objects.js'
import type {Entry, Snapshot} from '../src/model/snapshot.js'
import {syntheticSource} from '../src/model/source.js'

// Ink renders nothing until exit when it believes it runs in CI: measure the interactive path.
delete process.env.CI
delete process.env.CONTINUOUS_INTEGRATION
// As `ingressctl routes` runs it: React's production build (set before React is imported).
process.env.NODE_ENV ??= 'production'

const ROUTES = Number(process.argv[2] ?? 10_000)
const PATHS_PER_INGRESS = 5
const SAMPLES = 200
const TARGET_MS = 50
/** Longer than Ink's frame interval (maxFps), so each sample starts from an idle renderer. */
const GAP_MS = 40

class NullTerminal extends EventEmitter {
  readonly isTTY = true
  columns = 120
  rows = 40
  writes = 0
  last = ''
  lastWriteAt = 0
  write(chunk: string): boolean {
    this.writes++
    this.last = chunk
    this.lastWriteAt = performance.now()
    this.emit('frame')
    return true
  }
}

class NullKeyboard extends EventEmitter {
  readonly isTTY = true
  private queue: string[] = []
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.queue.shift() ?? null
  }
  press(data: string): void {
    this.queue.push(data)
    this.emit('readable')
  }
}

function snapshot(routes: number, variant: number): Snapshot {
  const ingresses: Entry<Ingress>[] = []
  const services: Entry<Service>[] = []
  for (let i = 0; i * PATHS_PER_INGRESS < routes; i++) {
    const name = `app-${i}`
    const paths = Array.from({length: Math.min(PATHS_PER_INGRESS, routes - i * PATHS_PER_INGRESS)}, (_, p) => ({
      path: `/svc-${p}`,
      pathType: p % 2 === 0 ? 'Prefix' : 'Exact',
      // variant changes one backend of the first host (on screen): what a file edit does
      backend: {service: {name: i === 0 && p === 0 ? `${name}-v${variant}` : name, port: {number: 80}}},
    }))
    const object: Ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {name, namespace: 'bench', creationTimestamp: '2026-01-01T00:00:00Z'},
      spec: {rules: [{host: `${name}.example.com`, http: {paths}}]},
    }
    ingresses.push({kind: 'Ingress', namespace: 'bench', name, object, source: syntheticSource(`bench/${name}.yaml`)})
    services.push({
      kind: 'Service',
      namespace: 'bench',
      name,
      object: {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'bench'}, spec: {ports: [{port: 80, targetPort: 8080}]}},
      source: syntheticSource(`bench/${name}-svc.yaml`),
    })
  }
  return {ingresses, ingressClasses: [], services, endpointSlices: [], secrets: []}
}

function stats(xs: number[]): {median: number; p99: number; max: number} {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)]!, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!, max: s.at(-1)!}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main(): Promise<void> {
  const {createElement} = await import('react')
  const {render} = await import('ink')
  const {compile} = await import('../src/compiler/index.js')
  const {App} = await import('../src/ui/app.js')
  const {createFeed} = await import('../src/ui/feed.js')
  const {RENDER_OPTIONS} = await import('../src/ui/run.js')

  const snaps = [snapshot(ROUTES, 0), snapshot(ROUTES, 1)]
  const t0 = performance.now()
  const tables = snaps.map((s) => compile(s))
  const compileMs = (performance.now() - t0) / 2
  const terminal = new NullTerminal()
  const keyboard = new NullKeyboard()
  const feed = createFeed('files: bench/', {table: tables[0]!, snapshot: snaps[0]!, loadDiagnostics: [], state: {status: 'live', since: Date.now()}, changedAt: Date.now()})

  const m0 = performance.now()
  const firstFrame = new Promise((r) => terminal.once('frame', r))
  const ink = render(createElement(App, {feed}), {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    ...RENDER_OPTIONS,
    exitOnCtrlC: false,
    patchConsole: false,
  })
  await firstFrame
  const mountMs = performance.now() - m0

  /** Time from `action` to the end of the next frame written (Ink writes a frame in one go: begin-sync, lines, end-sync). */
  const measure = async (label: string, action: () => void): Promise<number> => {
    await sleep(GAP_MS)
    const start = performance.now()
    const framed = new Promise<number>((resolve) => terminal.once('frame', () => setImmediate(() => resolve(terminal.lastWriteAt - start))))
    action()
    const ms = await Promise.race([framed, sleep(2000).then(() => Number.NaN)])
    if (Number.isNaN(ms)) throw new Error(`${label}: no frame within 2 s; last output:\n${terminal.last}`)
    return ms
  }

  const results: Array<[string, number[]]> = []
  const run = async (label: string, action: (i: number) => void) => {
    const xs: number[] = []
    for (let i = 0; i < SAMPLES; i++) xs.push(await measure(label, () => action(i)))
    results.push([label, xs])
  }

  await run('keystroke j (move down)', () => keyboard.press('j'))
  await run('keystroke PgDn', () => keyboard.press('\u001b[6~'))
  keyboard.press('g')
  keyboard.press('/')
  await sleep(GAP_MS)
  // alternate between typing "app-1" one character at a time and erasing it: every keypress refilters 10k rows
  const typing = 'app-1'
  await run('keystroke in / filter (10k rows)', (i) => {
    const step = i % (typing.length * 2)
    keyboard.press(step < typing.length ? typing[step]! : '\u007f')
  })
  keyboard.press('\u001b')
  await sleep(GAP_MS * 2)
  await run('table update (1 route changed)', (i) => feed.set({table: tables[(i + 1) % 2]!, snapshot: snaps[(i + 1) % 2]!, changedAt: Date.now()}))
  ink.unmount()

  console.log(`routes UI benchmark: ${tables[0]!.routes.length} routes, terminal 120x40, ${SAMPLES} samples each`)
  console.log(`  compile (not UI): ${compileMs.toFixed(1)} ms per table; first frame: ${mountMs.toFixed(1)} ms`)
  for (const [label, xs] of results) {
    const s = stats(xs)
    const verdict = s.p99 < TARGET_MS ? 'within' : 'OVER'
    console.log(`  ${label.padEnd(36)} median ${s.median.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms   max ${s.max.toFixed(2).padStart(7)} ms   (${verdict} the ${TARGET_MS} ms target)`)
  }
}

await main()
