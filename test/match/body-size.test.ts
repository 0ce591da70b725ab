/** `match --content-length` through the binary: 413 where the route's proxy-body-size refuses the body. */
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'

const F = ['-f', 'fixtures/match/body-size.yaml']

test('match --content-length: over the annotation limit answers 413 by proxy-body-size; at it, proxied', async () => {
  const over = await runCli(['match', ...F, 'http://up.test/x', '--content-length', '8193', '-o', 'json', '--explain'])
  assert.equal(over.code, 0, over.stderr)
  const j = JSON.parse(over.stdout)
  assert.equal(j.action.type, 'respond')
  assert.equal(j.action.status, 413)
  assert.deepEqual(j.action.annotations, ['proxy-body-size'])
  const at = JSON.parse((await runCli(['match', ...F, 'http://up.test/x', '--content-length', '8192', '-o', 'json'])).stdout)
  assert.equal(at.action.type, 'proxy')
})

test('match --content-length: the ConfigMap default 1m on a route without the annotation (text output)', async () => {
  const r = await runCli(['match', ...F, 'http://dflt.test/', '--content-length', String(2 * 1024 * 1024)])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /answered 413 by the gateway\n\s+by ConfigMap proxy-body-size/)
  const none = await runCli(['match', ...F, 'http://dflt.test/'])
  assert.doesNotMatch(none.stdout, /413/)
})
