import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {ROOT, runCli} from '../run-cli.js'

// runCli writes its `stdin` and closes the pipe right after spawning: the input
// is there before the command parses its arguments, as with `cat x.yaml | …`.

const DEMO = join(ROOT, 'fixtures', 'demo')
const INGRESSES = readFileSync(join(DEMO, 'ingresses.yaml'), 'utf8')
const SERVICES = readFileSync(join(DEMO, 'services.yaml'), 'utf8')
/** One Ingress whose path is not absolute (path-not-absolute at line 11). */
const BAD_PATH = readFileSync(join(ROOT, 'fixtures', 'lint', 'path-not-absolute', 'bad.yaml'), 'utf8')
/** What git writes to a pre-push hook's standard input: one line per pushed ref. */
const PRE_PUSH_STDIN = 'refs/heads/main 67e1a9f3b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5 refs/heads/main 0123456789abcdef0123456789abcdef01234567\n'

test('cat x.yaml | ingressctl lint -f -: the manifest is read as the input, not as a file name', async () => {
  const r = await runCli(['lint', '-f', '-', '-o', 'json'], {stdin: BAD_PATH})
  assert.equal(r.code, 1, r.stderr)
  const report = JSON.parse(r.stdout) as {diagnostics: Array<{rule: string; location?: {file: string; line: number}}>}
  assert.deepEqual(
    report.diagnostics.map((d) => [d.rule, d.location?.file, d.location?.line]),
    [['path-not-absolute', '<stdin>', 11]],
  )
})

test('lint -f - without a positional argument and lint - read the same stdin the same way', async () => {
  const input = `${INGRESSES}\n---\n${SERVICES}`
  const [viaFlag, viaArg] = await Promise.all([runCli(['lint', '-f', '-', '-o', 'json'], {stdin: input}), runCli(['lint', '-', '-o', 'json'], {stdin: input})])
  assert.equal(viaFlag.stderr, viaArg.stderr)
  assert.equal(viaFlag.code, viaArg.code)
  assert.equal(viaFlag.stdout, viaArg.stdout)
})

test('a git pre-push hook (ref lines on stdin): lint -f DIR and lint DIR read the directory only', async () => {
  for (const args of [['lint', '-f', DEMO], ['lint', DEMO]]) {
    const r = await runCli(args, {stdin: PRE_PUSH_STDIN})
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    assert.doesNotMatch(r.stderr, /refs\/heads/)
  }
})

test('diff with piped stdin it was not told to read: -f OLD -f NEW compares the two files', async () => {
  const r = await runCli(['diff', '-f', join(DEMO, 'ingresses.yaml'), '-f', join(DEMO, 'ingresses.yaml')], {stdin: PRE_PUSH_STDIN})
  assert.equal(r.code, 0, r.stderr)
  assert.doesNotMatch(r.stderr, /refs\/heads|got 3/)
})

test('diff OLD - reads the new side from stdin', async () => {
  const changed = INGRESSES.replace('name: api\n                port:', 'name: api-v2\n                port:')
  assert.notEqual(changed, INGRESSES)
  const r = await runCli(['diff', join(DEMO, 'ingresses.yaml'), '-'], {stdin: changed})
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stdout, /api-v2/)
})

test('match without a URL: a missing argument, the piped manifest is not taken as the URL', async () => {
  const r = await runCli(['match', '-f', '-'], {stdin: INGRESSES})
  assert.equal(r.code, 2)
  assert.match(r.stderr, /Missing 1 required arg/)
  assert.doesNotMatch(r.stderr, /Storefront/)
})

test('every positional argument of every command ignores stdin (only - and -f - read it)', async () => {
  const {readdirSync} = await import('node:fs')
  const dir = join(ROOT, 'dist', 'commands')
  const files = readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.js'))
  assert.ok(files.length >= 6)
  let args = 0
  for (const f of files) {
    const cmd = (await import(join(dir, f))).default as {args?: Record<string, {ignoreStdin?: boolean}>}
    for (const [name, arg] of Object.entries(cmd.args ?? {})) {
      args++
      assert.equal(arg.ignoreStdin, true, `${f}: argument ${name}`)
    }
  }
  assert.ok(args >= 3)
})
