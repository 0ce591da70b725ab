import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {test} from 'node:test'
import {InputError} from '../../src/errors.js'
import {loadManifests, requireSomethingLoaded} from '../../src/loader/index.js'
import {fixture} from './helpers.js'

test('- reads YAML from the given stream, named <stdin> in messages', async () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: piped\n---\nkind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: [broken\n'
  const r = await loadManifests(['-'], {stdin: Readable.from([Buffer.from(text.slice(0, 20)), Buffer.from(text.slice(20))])})
  assert.deepEqual(r.files, ['<stdin>'])
  assert.equal(r.snapshot.services[0].source.file, '<stdin>')
  assert.equal(r.snapshot.services[0].name, 'piped')
  assert.equal(r.diagnostics.length, 1)
  assert.equal(r.diagnostics[0].rule, 'yaml-syntax')
  assert.equal(r.diagnostics[0].location?.file, '<stdin>')
})

test('- reads JSON too (kubectl get -o json | ingressctl ...)', async () => {
  const json = JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'x'}, type: 'Opaque'}]}, null, 2)
  const r = await loadManifests(['-'], {stdin: Readable.from([json])})
  assert.deepEqual(
    r.snapshot.secrets.map((e) => [e.namespace, e.name, e.source.line, e.source.col]),
    [['x', 's', 5, 5]],
  )
})

test('stdin together with files; stdin read once even if named twice', async () => {
  const r = await loadManifests(['-', fixture('demo', 'services.yaml'), '-'], {stdin: Readable.from(['apiVersion: v1\nkind: Service\nmetadata:\n  name: piped\n'])})
  assert.deepEqual(r.files, ['<stdin>', fixture('demo', 'services.yaml')])
  assert.ok(r.snapshot.services.some((s) => s.name === 'piped' && s.source.file === '<stdin>'))
  assert.ok(r.snapshot.services.some((s) => s.name === 'api'))
})

test('empty stdin is an InputError', async () => {
  await assert.rejects(loadManifests(['-'], {stdin: Readable.from([])}), (e: unknown) => e instanceof InputError && e.code === 'E_EMPTY' && e.location === '<stdin>')
})

test('a terminal on stdin is an InputError, not a hang', async () => {
  const tty = Object.assign(Readable.from([]), {isTTY: true})
  await assert.rejects(loadManifests(['-'], {stdin: tty}), (e: unknown) => e instanceof InputError && e.code === 'E_STDIN_TTY' && e.exitCode === 2)
})

test('input where every document fails to parse: both errors reported; requireSomethingLoaded makes it bad input (exit 2)', async () => {
  const text = 'kind: Service\nmetadata: {name: [a\n---\nkind: Ingress\nmetadata: {name: [b\n'
  const r = await loadManifests(['-'], {stdin: Readable.from([Buffer.from(text)])})
  assert.deepEqual(r.diagnostics.map((d) => d.rule), ['yaml-syntax', 'yaml-syntax'])
  assert.throws(() => requireSomethingLoaded(r), (e: unknown) => {
    assert.ok(e instanceof InputError)
    assert.equal(e.code, 'E_NOTHING_LOADED')
    assert.equal(e.exitCode, 2)
    assert.match(e.message, /^no manifest could be loaded:\n {2}<stdin>:\d+:\d+: invalid YAML document 1: .*\n {2}<stdin>:\d+:\d+: invalid YAML document 2: /)
    return true
  })
})
