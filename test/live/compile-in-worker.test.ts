import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {test} from 'node:test'
import {compile, tableFromParts} from '../../src/compiler/index.js'
import {InputError} from '../../src/errors.js'
import {LiveTable, type Rejection} from '../../src/live/live-table.js'
import {expandInputs, loadManifests} from '../../src/loader/index.js'
import type {RouteTable} from '../../src/model/routes.js'
import {FileSource} from '../../src/sources/file-source.js'
import {loadAndCompileInWorker} from '../../src/sources/files/load-in-worker.js'
import type {SourceUpdate} from '../../src/sources/types.js'
import {ROOT} from '../run-cli.js'
import {eventually, ingressYaml, tempDir} from '../serve/helpers.js'
import {startRecorded} from './record.js'

// FileSource `compile` (what serve uses): load and compile in a worker thread, deliver the table's parts.

const INPUTS = ['demo', 'demo-endpoints', 'lint/duplicate-route', 'lint/ingress-class-excluded', 'lint/backend-missing'].map((d) => join(ROOT, 'fixtures', d))

function precompiledTable(u: SourceUpdate): RouteTable {
  assert.ok(u.compiled?.ok, 'a compiled update')
  return tableFromParts(u.compiled.parts)
}

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

for (const [options, finding] of [[{ingressClass: 'nginx'}, 'ingress-class-excluded'], [{}, 'duplicate-route']] as const) {
  test(`compiled in a worker (${JSON.stringify(options)}): the same routes, bindings, diagnostics and answers as compiling in this thread`, async () => {
    const src = new FileSource(INPUTS, {compile: options, workerMinBytes: 0})
    const update = await src.start(() => {})
    await src.stop()
    const loaded = await loadManifests(INPUTS)
    const here = compile(loaded.snapshot, options)
    const there = precompiledTable(update)

    assert.deepEqual(json(there.routes), json(here.routes))
    assert.deepEqual(json(there.tls), json(here.tls))
    assert.deepEqual(json(there.diagnostics), json(here.diagnostics))
    assert.ok(here.diagnostics.some((d) => d.rule === finding), finding)
    assert.deepEqual(there.hosts, here.hosts)
    for (const r of there.routes) {
      assert.ok(Object.isFrozen(r) && Object.isFrozen(r.backend) && Object.isFrozen(r.annotations), `route ${r.id} frozen`)
      if (r.location) assert.ok(Object.isFrozen(r.location))
    }
    for (const [host, path] of [['shop.example.com', '/api/x'], ['shop.example.com', '/'], ['api.shop.example.com', '/v1/orders'], ['nope.test', '/']] as const) {
      assert.deepEqual(json(there.explain(host, path)), json(here.explain(host, path)), `${host}${path}`)
      assert.equal(there.tlsFor(host)?.secretName, here.tlsFor(host)?.secretName)
    }

    // Load diagnostics as the loader reports them; the snapshot keeps what upstreams and TLS read, at their positions.
    assert.deepEqual(update.diagnostics, loaded.diagnostics)
    assert.equal(update.partial, false)
    assert.equal(update.snapshot.ingresses.length, 0)
    assert.equal(update.snapshot.ingressClasses.length, 0)
    for (const kind of ['services', 'endpointSlices', 'secrets'] as const) {
      const plain = (s: typeof loaded.snapshot) => s[kind].map((e) => ({kind: e.kind, namespace: e.namespace, name: e.name, object: e.object, source: json(e.source)}))
      assert.deepEqual(plain(update.snapshot), plain(loaded.snapshot), kind)
      assert.ok(loaded.snapshot[kind].length > 0, `the fixtures have ${kind}`)
    }
  })
}

test('compiled in a worker: hot reload, a parse error at file:line:col rejected, a missing path as the loader\'s InputError', async (t) => {
  const tmp = tempDir('ingressctl-worker-')
  t.after(() => tmp.cleanup())
  tmp.write('k8s/a.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  const live = new LiveTable(new FileSource([join(tmp.dir, 'k8s')], {debounceMs: 20, compile: {}, workerMinBytes: 0}), {retain: 'upstreams'})
  const {first, tables, rejected} = await startRecorded(t, live)
  assert.deepEqual(first?.hosts, ['a.test'])

  writeFileSync(join(tmp.dir, 'k8s/b.yaml'), ingressYaml({name: 'b', host: 'b.test', service: 'b', port: 80}))
  await eventually(() => tables.length >= 2, 'the reload')
  assert.deepEqual(live.current?.hosts, ['a.test', 'b.test'])

  writeFileSync(join(tmp.dir, 'k8s/b.yaml'), 'kind: Ingress\nmetadata: [\n')
  await eventually(() => rejected.length >= 1, 'the rejected reload')
  assert.equal(rejected[0]!.reason, 'partial')
  const d = rejected[0]!.diagnostics.find((x) => x.rule === 'yaml-syntax')
  assert.equal(d?.location?.file, join(tmp.dir, 'k8s/b.yaml'))
  assert.equal(d?.location?.line, 3)
  assert.deepEqual(live.current?.hosts, ['a.test', 'b.test'])

  // Thrown in the worker (the file holds no document), rethrown here as the loader's class with its fields.
  const empty = tmp.write('empty.yaml', '# nothing yet\n')
  const nothing = new FileSource([empty], {compile: {}, workerMinBytes: 0})
  await assert.rejects(nothing.start(() => {}), (e: unknown) => {
    assert.ok(e instanceof InputError)
    assert.equal(e.code, 'E_EMPTY')
    assert.equal(e.location, empty)
    assert.equal(e.exitCode, 2)
    assert.match(e.hint ?? '', /helm template/)
    return true
  })
  await nothing.stop()
})

test('compile: inputs under workerMinBytes (default 1 MiB) are loaded here, the whole snapshot delivered for the LiveTable to compile', async (t) => {
  const tmp = tempDir('ingressctl-worker-')
  t.after(() => tmp.cleanup())
  const file = tmp.write('a.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  const src = new FileSource([file], {compile: {}})
  const first = await src.start(() => {})
  t.after(() => src.stop())
  assert.equal(first.compiled, undefined)
  assert.deepEqual(first.snapshot.ingresses.map((e) => e.name), ['a'])
})

test('compiled in a worker: stdin (-) read once by the main thread, loaded with the files', async (t) => {
  const tmp = tempDir('ingressctl-worker-')
  t.after(() => tmp.cleanup())
  const file = tmp.write('f.yaml', ingressYaml({name: 'f', host: 'f.test', service: 'f', port: 80}))
  const stdin = Readable.from([ingressYaml({name: 's', host: 's.test', service: 's', port: 80})])
  const src = new FileSource(['-', file], {stdin, debounceMs: 20, compile: {}, workerMinBytes: 0})
  const first = await src.start(() => {})
  t.after(() => src.stop())
  assert.deepEqual(precompiledTable(first).hosts, ['f.test', 's.test'])
})

test('a precompiled update that failed to compile is rejected as compile-failed, the last good table kept', () => {
  const snapshot = {ingresses: [], ingressClasses: [], services: [], endpointSlices: [], secrets: []}
  const live = new LiveTable({label: 'test', start: async () => ({snapshot, diagnostics: [], partial: false}), stop: async () => {}})
  const rejected: Rejection[] = []
  live.on('rejected', (r) => rejected.push(r))
  assert.equal(live.apply({snapshot, diagnostics: [], partial: false}), true)
  const good = live.current
  assert.equal(live.apply({snapshot, diagnostics: [], partial: false, compiled: {ok: false, message: 'boom'}}), false)
  assert.equal(rejected[0]?.reason, 'compile-failed')
  assert.match(rejected[0]!.message, /compiling failed \(boom\)/)
  assert.equal(live.current, good)
})

test('a load in a worker is abandoned when its signal aborts (stop does not wait for a large set to finish)', async () => {
  const files = await expandInputs(INPUTS)
  const before = new AbortController()
  before.abort()
  await assert.rejects(loadAndCompileInWorker(files, undefined, {}, before.signal), {name: 'AbortError'})
  const during = new AbortController()
  const pending = loadAndCompileInWorker(files, undefined, {}, during.signal)
  during.abort()
  await assert.rejects(pending, {name: 'AbortError'})
  // Not aborted: the same call answers.
  assert.ok(precompiledTable(await loadAndCompileInWorker(files, undefined, {})).routes.length > 0)
})
