import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {LiveTable} from '../../src/live/live-table.js'
import {FileSource} from '../../src/sources/file-source.js'
import {eventually, ingressYaml, tempDir} from '../serve/helpers.js'
import {startRecorded} from './record.js'

const BROKEN = 'kind: Ingress\nmetadata: [\n'

test('a table per good update; a new parse failure is rejected and the last good table kept', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  tmp.write('k8s/a.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  tmp.write('k8s/b.yaml', ingressYaml({name: 'b', host: 'b.test', service: 'b', port: 80}))
  let clock = 1000
  const live = new LiveTable(new FileSource([join(tmp.dir, 'k8s')], {debounceMs: 20}), {now: () => clock})
  const {first, tables, rejected} = await startRecorded(t, live)
  assert.ok(first)
  assert.equal(live.current, first)
  assert.deepEqual(first.hosts, ['a.test', 'b.test'])
  assert.equal(live.state.generation, 1)
  assert.equal(live.state.lastChange, 1000)

  clock = 2000
  writeFileSync(join(tmp.dir, 'k8s/b.yaml'), BROKEN)
  await eventually(() => rejected.length === 1, 'the rejection')
  assert.equal(live.current, first)
  assert.equal(rejected[0]!.reason, 'partial')
  assert.equal(rejected[0]!.at, 2000)
  assert.ok(rejected[0]!.diagnostics.some((d) => d.severity === 'error' && d.location?.file.endsWith('b.yaml') && d.location.line > 0))
  assert.equal(live.state.lastError, rejected[0])

  clock = 3000
  writeFileSync(join(tmp.dir, 'k8s/b.yaml'), ingressYaml({name: 'b', host: 'c.test', service: 'b', port: 80}))
  await eventually(() => tables.length === 2, 'the fixed table')
  assert.deepEqual(live.current?.hosts, ['a.test', 'c.test'])
  assert.equal(tables[1]!.previous, first)
  assert.equal(live.state.generation, 2)
  assert.equal(live.state.lastChange, 3000)
  assert.equal(live.state.lastError, undefined)
})

test('started with a broken file: serves the rest, and takes later edits of other files while that file stays broken', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  tmp.write('k8s/a.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  tmp.write('k8s/b.yaml', BROKEN)
  const live = new LiveTable(new FileSource([join(tmp.dir, 'k8s')], {debounceMs: 20}))
  const first = await live.start()
  t.after(() => live.stop())
  assert.deepEqual(first?.hosts, ['a.test'])
  assert.ok(live.state.loadDiagnostics.some((d) => d.severity === 'error'))
  writeFileSync(join(tmp.dir, 'k8s/a.yaml'), ingressYaml({name: 'a', host: 'a2.test', service: 'a', port: 80}))
  await eventually(() => live.state.generation === 2, 'the edit of the good file')
  assert.deepEqual(live.current?.hosts, ['a2.test'])
  // Breaking the good file too would lose routes: rejected.
  writeFileSync(join(tmp.dir, 'k8s/a.yaml'), BROKEN)
  await eventually(() => live.state.lastError !== undefined, 'the rejection')
  assert.deepEqual(live.current?.hosts, ['a2.test'])
})

test('--ingress-class reaches the compiler', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  const withClass = (name: string, host: string, cls: string) =>
    ingressYaml({name, host, service: 's', port: 80}).replace('spec:\n', `spec:\n  ingressClassName: ${cls}\n`)
  tmp.write('a.yaml', [withClass('a', 'a.test', 'one'), withClass('b', 'b.test', 'two')].join('---\n'))
  const live = new LiveTable(new FileSource([join(tmp.dir, 'a.yaml')]), {compile: {ingressClass: 'two'}})
  const table = await live.start()
  t.after(() => live.stop())
  assert.deepEqual(table?.hosts, ['b.test'])
})

test("retain 'upstreams': the table is compiled from everything, the kept snapshot holds only what upstreams and TLS read", async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: default\nspec:\n  ports:\n    - name: http\n      port: 80\n'
  const ingressClass = 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx\n'
  tmp.write('k8s/a.yaml', `${ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80})}---\n${service}---\n${ingressClass}`)
  for (const [retain, ingresses] of [['upstreams', 0], ['all', 1]] as const) {
    const live = new LiveTable(new FileSource([join(tmp.dir, 'k8s')], {debounceMs: 20}), {retain})
    const first = await live.start()
    await live.stop()
    assert.deepEqual(first?.hosts, ['a.test'], retain)
    assert.equal(first?.routes[0]?.backend.kind === 'service' && first.routes[0].backend.servicePort?.port, 80, `${retain}: compiled with the Service`)
    assert.equal(live.snapshot?.ingresses.length, ingresses, retain)
    assert.equal(live.snapshot?.ingressClasses.length, ingresses, retain)
    assert.equal(live.snapshot?.services.length, 1, retain)
  }
})
