import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {FileSource} from '../../src/sources/file-source.js'
import type {SourceUpdate} from '../../src/sources/types.js'
import {eventually, ingressYaml, tempDir} from '../serve/helpers.js'

function hosts(u: SourceUpdate): string[] {
  return u.snapshot.ingresses.map((e) => e.object.spec?.rules?.[0]?.host ?? '').sort()
}

test('a burst of writes is debounced into one reload', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  tmp.write('k8s/a.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  const src = new FileSource([join(tmp.dir, 'k8s')], {debounceMs: 300})
  const updates: SourceUpdate[] = []
  const first = await src.start((u) => updates.push(u))
  t.after(() => src.stop())
  assert.deepEqual(hosts(first), ['a.test'])
  for (let i = 0; i < 10; i++) writeFileSync(join(tmp.dir, 'k8s/a.yaml'), ingressYaml({name: 'a', host: `a${i}.test`, service: 'a', port: 80}))
  await eventually(() => updates.length >= 1, 'the reload')
  await new Promise((r) => setTimeout(r, 600))
  assert.equal(updates.length, 1)
  assert.deepEqual(hosts(updates[0]!), ['a9.test'])
  assert.equal(updates[0]!.partial, false)
})

test('a single file input is watched through its directory: in-place writes, rename-saves, delete and re-create', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  const file = tmp.write('one.yaml', ingressYaml({name: 'a', host: 'a.test', service: 'a', port: 80}))
  tmp.write('other.yaml', ingressYaml({name: 'o', host: 'o.test', service: 'o', port: 80}))
  const src = new FileSource([file], {debounceMs: 20})
  const updates: SourceUpdate[] = []
  await src.start((u) => updates.push(u))
  t.after(() => src.stop())
  // Another file in the same directory is not an input: no reload.
  writeFileSync(join(tmp.dir, 'other.yaml'), ingressYaml({name: 'o', host: 'o2.test', service: 'o', port: 80}))
  writeFileSync(join(tmp.dir, 'one.yaml.tmp'), ingressYaml({name: 'a', host: 'b.test', service: 'a', port: 80}))
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(updates.length, 0)
  renameSync(join(tmp.dir, 'one.yaml.tmp'), file)
  await eventually(() => updates.some((u) => hosts(u).includes('b.test')), 'the rename-save')
  rmSync(file)
  await eventually(() => updates.some((u) => u.partial), 'the incomplete update after delete')
  writeFileSync(file, ingressYaml({name: 'a', host: 'c.test', service: 'a', port: 80}))
  await eventually(() => updates.some((u) => hosts(u).includes('c.test') && !u.partial), 'the re-created file')
})

test('stdin (-) is read once and not watched; files next to it still are', async (t) => {
  const tmp = tempDir('ingressctl-live-')
  t.after(() => tmp.cleanup())
  const file = tmp.write('f.yaml', ingressYaml({name: 'f', host: 'f.test', service: 'f', port: 80}))
  const stdin = Readable.from([ingressYaml({name: 's', host: 's.test', service: 's', port: 80})])
  const src = new FileSource(['-', file], {stdin, debounceMs: 20})
  const updates: SourceUpdate[] = []
  const first = await src.start((u) => updates.push(u))
  t.after(() => src.stop())
  assert.equal(src.label, `files: <stdin>, ${file}`)
  assert.deepEqual(hosts(first), ['f.test', 's.test'])
  writeFileSync(file, ingressYaml({name: 'f', host: 'g.test', service: 'f', port: 80}))
  await eventually(() => updates.length > 0, 'the reload')
  // The stdin documents are kept across reloads.
  assert.deepEqual(hosts(updates.at(-1)!), ['g.test', 's.test'])
})

test('no readable input at start rejects with an InputError (exit 2)', async () => {
  const src = new FileSource(['/nonexistent/ingressctl/path.yaml'])
  await assert.rejects(src.start(() => {}), (e: unknown) => (e as {exitCode?: number}).exitCode === 2)
  await src.stop()
})
