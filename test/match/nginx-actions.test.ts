/** `match` through the binary: what a request to an ingress-nginx route becomes (text, -o json, --explain). */
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'

const F = ['-f', 'fixtures/match/nginx-actions.yaml']

test('match -o json: a rewrite with upstream-vhost is proxied with the new path and Host', async () => {
  const r = await runCli(['match', ...F, 'https://shop.example.com/legacy/a?x=1', '-o', 'json'])
  assert.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout)
  assert.deepEqual(Object.keys(out), ['matched', 'route', 'backend', 'request', 'profile', 'location', 'controllerConfig', 'action'])
  assert.deepEqual(out.action, {type: 'proxy', upstreamPath: '/?x=1', upstreamHost: 'legacy.internal'})
})

test('match -o json: HTTP to a host with TLS is redirected to HTTPS (308); --explain names what acted', async () => {
  const r = await runCli(['match', ...F, 'http://shop.example.com/legacy/a/', '-o', 'json', '--explain'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout).action, {type: 'redirect', status: 308, location: 'https://shop.example.com/legacy/a', annotations: ['ssl-redirect (default with TLS)']})
})

test('match: permanent-redirect with its code, in JSON and text', async () => {
  const j = await runCli(['match', ...F, 'http://old.example.com/p?q=1', '-o', 'json'])
  assert.deepEqual(JSON.parse(j.stdout).action, {type: 'redirect', status: 308, location: 'https://new.example.com/p?q=1'})
  const t = await runCli(['match', ...F, 'http://old.example.com/p?q=1'])
  assert.equal(t.code, 0, t.stderr)
  assert.match(t.stdout, /^ {2}action {3}redirected 308 to https:\/\/new\.example\.com\/p\?q=1\n {11}by permanent-redirect, permanent-redirect-code$/m)
})
