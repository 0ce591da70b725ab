import assert from 'node:assert/strict'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'
import {useColor} from '../../src/cli/color.js'

const BAD = 'fixtures/lint/path-not-absolute/bad.yaml'
const ESC = '\x1b['

test('colour: --color/--no-color first, then FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal', async () => {
  for (const [args, env, coloured] of [
    [[], {NO_COLOR: '', FORCE_COLOR: undefined}, false],
    [[], {NO_COLOR: '', FORCE_COLOR: '1'}, true],
    [[], {NO_COLOR: '', FORCE_COLOR: '0'}, false],
    [['--color'], {NO_COLOR: '1'}, true],
    [['--no-color'], {NO_COLOR: '', FORCE_COLOR: '1'}, false],
    [[], {NO_COLOR: '1', FORCE_COLOR: undefined}, false],
  ] as const) {
    const r = await runCli(['lint', BAD, ...args], {env})
    assert.equal(r.code, 1, r.stderr)
    assert.equal(r.stdout.includes(ESC), coloured, `${args.join(' ')} ${JSON.stringify(env)}`)
    const d = await runCli(['diff', 'fixtures/diff/base.yaml', 'fixtures/diff/backend-change.yaml', ...args], {env})
    assert.equal(d.code, 1, d.stderr)
    assert.equal(d.stdout.includes(ESC), coloured, `diff ${args.join(' ')} ${JSON.stringify(env)}`)
  }
})

test('useColor: the flag wins; NO_COLOR turns a terminal off', () => {
  assert.equal(useColor({isTTY: true}, undefined, {NO_COLOR: '1'}), false)
  assert.equal(useColor({isTTY: true}, false, {}), false)
  assert.equal(useColor({isTTY: false}, true, {NO_COLOR: '1'}), true)
})
