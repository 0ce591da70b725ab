import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {ingressctl} from '../routes/helpers.js'

test('every command without manifests or a cluster: exit 2, names the command, says how to give input', () => {
  for (const [args, how] of [
    [['serve'], /-f PATH .*--context NAME; --echo/],
    [['routes', '-o', 'json'], /-f PATH .*--context NAME/],
    [['lint'], /paths or -f PATH .*--context NAME/],
    [['match', 'http://shop.example.com/'], /-f PATH .*--context NAME/],
  ] as const) {
    const r = ingressctl([...args])
    assert.equal(r.status, 2, args.join(' '))
    assert.match(r.stderr, new RegExp(`^error: no input: ${args[0]} needs manifests or a cluster\\n {2}hint: pass `), args.join(' '))
    assert.match(r.stderr, how, args.join(' '))
    assert.equal(r.stdout, '', args.join(' '))
  }
})

test('manifests and a cluster together: a usage error, not one of them silently ignored', () => {
  for (const args of [
    ['serve', '-f', 'fixtures/demo', '--context', 'staging'],
    ['routes', '-f', 'fixtures/demo', '--kubeconfig', '/tmp/kc', '-o', 'json'],
    ['lint', 'fixtures/demo', '--context', 'staging'],
    ['match', '-f', 'fixtures/demo', '--context', 'staging', 'http://shop.example.com/'],
  ]) {
    const r = ingressctl(args)
    assert.equal(r.status, 2, args.join(' '))
    assert.match(r.stderr, new RegExp(`^error: ${args[0]} reads manifests or a cluster, not both\n {2}hint: drop the manifests`), args.join(' '))
  }
})

test('a file whose every document is broken: routes and match exit 2 with each error at file:line:col; lint reports it as a finding', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-cli-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const file = join(dir, 'broken.yaml')
  writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: a\n')
  for (const args of [['routes', '-f', file, '-o', 'json'], ['match', '-f', file, 'http://a/'], ['diff', file, file]]) {
    const r = ingressctl(args)
    assert.equal(r.status, 2, args.join(' '))
    assert.match(r.stderr, new RegExp(`^error: no manifest could be loaded:\\n {2}${file}:4:1: invalid YAML document 1: `), args.join(' '))
    assert.equal(r.stdout, '', args.join(' '))
  }
  const lint = ingressctl(['lint', file, '-o', 'json'])
  assert.equal(lint.status, 1, lint.stderr)
  const found = JSON.parse(lint.stdout) as {diagnostics: Array<{rule: string; location: {line: number; col: number}}>}
  assert.deepEqual(found.diagnostics.map((d) => `${d.rule} ${d.location.line}:${d.location.col}`), ['yaml-syntax 4:1'])
})

test('-f is not greedy: the URL after `-f a -f b` stays the positional argument', () => {
  const r = ingressctl(['match', '-f', 'fixtures/demo/ingresses.yaml', '-f', 'fixtures/demo/services.yaml', 'http://shop.example.com/healthz', '-o', 'json'])
  assert.equal(r.status, 0, r.stderr)
  assert.equal(JSON.parse(r.stdout).route.path, '/healthz')
})
