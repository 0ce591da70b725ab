import assert from 'node:assert/strict'
import {join} from 'node:path'
import {test} from 'node:test'
import {tempDir} from '../serve/helpers.js'
import {runCli} from '../run-cli.js'
import {ANY_PORTS, spawnServe} from './serve-process.js'
import {parseDuration} from '../../src/serve/duration.js'

test('durations in Go/kubectl form: 250ms, 90s, 1m30s, 1.5h, 2h45m; a plain number is seconds', () => {
  for (const [text, ms] of [
    ['250ms', 250],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['30', 30_000],
    [' 5s ', 5_000],
  ] as const) {
    assert.equal(parseDuration('drain-timeout', text), ms, text)
  }
})

test('a bad duration names the flag and the accepted forms', () => {
  for (const text of ['5x', 'soon', '', '1m30', '1m30x', '1h foo', '5 s', '0', '-1s', '0s']) {
    assert.throws(() => parseDuration('drain-timeout', text), (e: Error) => /^invalid --drain-timeout value ".*": (expected a duration like 250ms, 90s, 1m30s or 1h|must be at least 1ms)$/.test(e.message), text)
  }
})

test('serve takes 1m30s and 250ms from the command line; a bad one exits 2 naming the flag', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  const env = {INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg')}
  const bad = await runCli(['serve', '-f', 'fixtures/demo', ...ANY_PORTS, '--echo', '--upstream-timeout', '1m30x'], {env})
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /^error: invalid --upstream-timeout value "1m30x": expected a duration like 250ms, 90s, 1m30s or 1h/)
  const s = spawnServe(['-f', 'fixtures/demo', ...ANY_PORTS, '--echo', '--upstream-timeout', '1m30s', '--drain-timeout', '1m30s', '--reload-debounce', '250ms'], env)
  t.after(() => s.proc.kill('SIGKILL'))
  await s.waitFor('the banner', (out) => /admin +http:/.test(out))
  assert.equal(await s.stop(), 0)
})
