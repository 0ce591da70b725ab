import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'

test('-h is --help, and `ingressctl help serve` shows the same help', async () => {
  const [long, short, viaHelp] = await Promise.all([runCli(['serve', '--help']), runCli(['serve', '-h']), runCli(['help', 'serve'])])
  for (const r of [long, short, viaHelp]) {
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^Run the gateway locally/)
    assert.match(r.stdout, /--http-port=<value>/)
  }
  assert.equal(short.stdout, long.stdout)
  assert.equal(viaHelp.stdout, long.stdout)
})

test('ingressctl help lists the commands', async () => {
  const r = await runCli(['help'])
  assert.equal(r.code, 0, r.stderr)
  for (const c of ['serve', 'routes', 'match', 'lint', 'diff', 'cert', 'autocomplete', 'help']) assert.match(r.stdout, new RegExp(`^ {2}${c} +[A-Z]`, 'm'), c)
})

test('a mistyped command: "did you mean", exit 127; nothing close: no guess', async () => {
  const typo = await runCli(['srve', '-f', 'fixtures/demo'])
  assert.equal(typo.code, 127)
  assert.match(typo.stderr, /^error: "srve" is not an ingressctl command; did you mean "serve"\?\n {2}hint: ingressctl help lists the commands\n/)
  const topic = await runCli(['cert', 'cq'])
  assert.equal(topic.code, 127)
  assert.match(topic.stderr, /did you mean "cert ca"\?/)
  const far = await runCli(['xyzzy'])
  assert.equal(far.code, 127)
  assert.match(far.stderr, /^error: "xyzzy" is not an ingressctl command\n/)
})

test('a mistyped flag: "Did you mean --output?", exit 2', async () => {
  for (const [args, guess] of [
    [['routes', '-f', 'fixtures/demo', '--outptu', 'json'], '--output'],
    [['lint', 'fixtures/demo', '--max-warning', '0'], '--max-warnings'],
    [['serve', '-f', 'fixtures/demo', '--http-prot', '0'], '--http-port'],
  ] as const) {
    const r = await runCli([...args])
    assert.equal(r.code, 2, args.join(' '))
    assert.match(r.stderr, new RegExp(`Nonexistent flag: ${args[args.length - 2]}\\n.*Did you mean ${guess}\\?`), args.join(' '))
  }
})

test('shell completion: the generated bash completion completes commands and flags', async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'ingressctl-ac-'))
  t.after(() => rmSync(cache, {recursive: true, force: true}))
  const env = {XDG_CACHE_HOME: cache}
  const setup = await runCli(['autocomplete', 'bash'], {env})
  assert.equal(setup.code, 0, setup.stderr)
  const script = await runCli(['autocomplete', 'script', 'bash'], {env})
  assert.equal(script.code, 0, script.stderr)
  const m = /INGRESSCTL_AC_BASH_SETUP_PATH=(\S+)/.exec(script.stdout)
  assert.ok(m, script.stdout)
  const complete = (words: string[]): string =>
    execFileSync('bash', ['-c', `source "$1"; source "$INGRESSCTL_AC_BASH_COMPFUNC_PATH"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ingressctl_autocomplete; echo "\${COMPREPLY[@]}"`, 'bash', m[1]!], {encoding: 'utf8'}).trim()
  assert.equal(complete(['ingressctl', 'ro']), 'routes')
  assert.equal(complete(['ingressctl', 'serve', '--http-p']), '--http-port')
})

test('every -o json output has one layout: two-space indentation and a final newline', async () => {
  const demo = 'fixtures/demo'
  for (const args of [
    ['match', '-f', demo, 'http://shop.example.com/cart', '-o', 'json'],
    ['match', '-f', demo, 'http://shop.example.com/cart', '-o', 'json', '--explain'],
    ['routes', '-f', demo, '-o', 'json'],
    ['lint', demo, '-o', 'json'],
    ['diff', `${demo}/ingresses.yaml`, `${demo}/ingresses.yaml`, '-o', 'json'],
  ]) {
    const r = await runCli(args)
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    assert.equal(r.stdout, `${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`, args.join(' '))
  }
})
