import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, test} from 'node:test'
import {ROOT, runCli} from './helpers.js'

const golden = (name: string): string => readFileSync(join(ROOT, 'fixtures', 'diff', 'golden', name), 'utf8')

describe('ingressctl diff (built binary)', () => {
  test('no change: exit 0', async () => {
    const r = await runCli(['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/reordered.yaml'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, 'No route changes between fixtures/diff/base.yaml and fixtures/diff/reordered.yaml.\n')
  })

  test('changes: exit 1, text by default (not a terminal: no color)', async () => {
    const r = await runCli(['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/many-changes.yaml'])
    assert.equal(r.code, 1, r.stderr)
    assert.equal(r.stdout, golden('many-changes.txt'))
  })

  test('-o markdown and -o json', async () => {
    const md = await runCli(['diff', 'fixtures/diff/wildcard-base.yaml', 'fixtures/diff/wildcard-new.yaml', '-o', 'markdown'])
    assert.equal(md.code, 1)
    assert.equal(md.stdout, golden('wildcard-new.md'))
    const js = await runCli(['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/port-change.yaml', '-o', 'json'])
    assert.equal(js.code, 1)
    const out = JSON.parse(js.stdout)
    assert.deepEqual(out.summary, {added: 0, removed: 0, changed: 1, effective: 0})
    assert.deepEqual(out.routes[0].fields, [{field: 'port', before: '80', after: '8080'}])
  })

  test('one side from stdin, a directory on the other', async () => {
    const r = await runCli(['diff', '-', 'fixtures/demo'], {stdin: readFileSync(join(ROOT, 'fixtures', 'demo', 'ingresses.yaml'), 'utf8')})
    // Only the Services and the IngressClass differ: named ports resolve in the directory, not on stdin.
    assert.match(r.stdout, /^--- <stdin>\n\+\+\+ fixtures\/demo\n/)
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stdout, /~ api\.shop\.example\.com\/v1 {2}port: http → http \(80\)/)
  })

  test('an empty side is empty, not an error: everything is added', async () => {
    const r = await runCli(['diff', '/dev/null', 'fixtures/diff/base.yaml', '-o', 'json'])
    assert.equal(r.code, 1, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).summary, {added: 3, removed: 0, changed: 0, effective: 0})
  })

  test('bad input: exit 2 with a message and a hint, nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/nope.yaml'], /^error: fixtures\/diff\/nope\.yaml: no such file or directory\n {2}hint: /],
      [['diff', 'fixtures/diff/base.yaml'], /^error: diff compares two sides; got one\n {2}hint: ingressctl diff OLD NEW/],
      [['diff', '-', '-'], /^error: only one side can be standard input/],
      [['diff', 'fixtures/diff/base.yaml', 'fixtures/loader/broken-middle.yaml'], /^error: fixtures\/loader\/broken-middle\.yaml: a document could not be loaded: fixtures\/loader\/broken-middle\.yaml:16:1: invalid YAML document 2/],
      [['diff', '--base', 'HEAD', '-'], /^error: --base cannot read standard input/],
      [['diff', '--base', 'HEAD', '--context', 'x', 'k8s'], /^error: --base and --context\/--kubeconfig cannot be combined/],
    ]
    for (const [args, stderr] of cases) {
      const r = await runCli(args)
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.equal(r.stdout, '', args.join(' '))
      assert.match(r.stderr, stderr, args.join(' '))
    }
  })

  test('an unknown output format is a usage error', async () => {
    const r = await runCli(['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/base.yaml', '-o', 'yaml'])
    assert.equal(r.code, 2)
  })
})

test('an Ingress the API server would reject looks removed: a warning on stderr says why', async () => {
  const broken = readFileSync(join(ROOT, 'fixtures', 'diff', 'base.yaml'), 'utf8').replace('            pathType: Exact\n', '')
  const r = await runCli(['diff', 'fixtures/diff/base.yaml', '-'], {stdin: broken})
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stdout, /^- shop\.example\.com\/ {2}Prefix → web:80 {2}\(shop\/web\)$/m)
  assert.match(r.stderr, /^warning: <stdin>: 1 error \(first: <stdin>:\d+:\d+: .*pathType.*\); what they leave out shows as removed\. Run ingressctl lint for details\.\n$/)
})
