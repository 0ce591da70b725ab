/** `match --client-ip`: access lists answer 403 as the gateway would, naming the annotation that decided. */
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {runCli} from '../run-cli.js'

const F = ['-f', 'fixtures/match/access-lists.yaml']
const URL = 'http://internal.example.com/x'

test('match: the default client 127.0.0.1 is outside the allow list: 403 by allowlist-source-range', async () => {
  const r = await runCli(['match', ...F, URL, '-o', 'json', '--explain'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout).action, {type: 'respond', status: 403, annotations: ['allowlist-source-range']})
  const t = await runCli(['match', ...F, URL])
  assert.match(t.stdout, /^ {2}action {3}answered 403 by the gateway\n {11}by allowlist-source-range$/m)
})

test('match --client-ip: inside the allow list (IPv4 and IPv6) it is proxied; in the deny list it is 403 by denylist-source-range', async () => {
  for (const ip of ['10.1.2.3', '2001:db8::7']) {
    const r = await runCli(['match', ...F, URL, '--client-ip', ip, '-o', 'json'])
    assert.equal(JSON.parse(r.stdout).action.type, 'proxy', ip)
  }
  const d = await runCli(['match', ...F, URL, '--client-ip', '10.6.6.6', '-o', 'json', '--explain'])
  assert.deepEqual(JSON.parse(d.stdout).action, {type: 'respond', status: 403, annotations: ['denylist-source-range']})
})

test('match --client-ip with X-Forwarded-For: trusted only from proxy-real-ip-cidr (use-forwarded-headers)', async () => {
  // 10.0.0.9 is a trusted proxy: the client is the forwarded 198.51.100.1, outside the list.
  const viaProxy = await runCli(['match', ...F, URL, '--client-ip', '10.0.0.9', '-H', 'X-Forwarded-For: 198.51.100.1', '-o', 'json'])
  assert.equal(JSON.parse(viaProxy.stdout).action.status, 403)
  // 127.0.0.1 is not trusted: its X-Forwarded-For claiming 10.1.1.1 is ignored.
  const spoof = await runCli(['match', ...F, URL, '-H', 'X-Forwarded-For: 10.1.1.1', '-o', 'json'])
  assert.equal(JSON.parse(spoof.stdout).action.status, 403)
  const fromInside = await runCli(['match', ...F, URL, '--client-ip', '10.0.0.9', '-H', 'X-Forwarded-For: 10.1.1.1', '-o', 'json'])
  assert.equal(JSON.parse(fromInside.stdout).action.type, 'proxy')
})

test('match --client-ip: not an address is a usage error', async () => {
  const r = await runCli(['match', ...F, URL, '--client-ip', 'nope'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /--client-ip "nope" is not an IP address/)
})
