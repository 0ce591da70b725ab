import assert from 'node:assert/strict'
import * as net from 'node:net'
import {describe, it} from 'node:test'
import type {ServiceBackend} from '../../src/model/routes.js'
import type {UpstreamEndpoint} from '../../src/model/upstreams.js'
import {Balancer} from '../../src/proxy/balancer.js'
import {get, httpBackend, ingressYaml, reflect, request, serveYaml, serviceYaml, slicesYaml, type Backend} from './helpers.js'

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as net.AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

function yamlFor(ports: number[]): string {
  return ingressYaml('lb', [{host: 'lb.test', path: '/', service: 'web', port: 80}]) + serviceYaml('web', 80) + slicesYaml('web', 'http', ports)
}

describe('proxy load balancing', () => {
  it('spreads requests round-robin over the EndpointSlice endpoints', async () => {
    const backends: Backend[] = await Promise.all(['a', 'b', 'c'].map((n) => httpBackend(reflect(n))))
    const gw = await serveYaml(yamlFor(backends.map((b) => b.port)))
    try {
      const names: string[] = []
      for (let i = 0; i < 9; i++) names.push(JSON.parse((await get(gw.port, 'lb.test', '/')).body).name)
      const counts = new Map<string, number>()
      for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1)
      assert.deepEqual([...counts.entries()].sort(), [['a', 3], ['b', 3], ['c', 3]])
      // Strict rotation: no endpoint twice in a row.
      for (let i = 1; i < names.length; i++) assert.notEqual(names[i], names[i - 1])
    } finally {
      await gw.close()
      await Promise.all(backends.map((b) => b.close()))
    }
  })

  it('retries a failed connection on another endpoint and ejects the failed one', async () => {
    const live = await Promise.all(['a', 'b'].map((n) => httpBackend(reflect(n))))
    const dead = await freePort()
    const errors: string[] = []
    const gw = await serveYaml(yamlFor([live[0]!.port, dead, live[1]!.port]), {}, {ejectBaseMs: 60_000, onUpstreamError: (ep, code) => errors.push(`${ep} ${code}`)})
    try {
      const statuses: number[] = []
      for (let i = 0; i < 9; i++) statuses.push((await get(gw.port, 'lb.test', '/')).status)
      assert.deepEqual(statuses, Array(9).fill(200))
      // One failed connection, then the endpoint stays ejected for the back-off period.
      assert.deepEqual(errors, [`127.0.0.1:${dead} ECONNREFUSED`])
      const retried = gw.infos.filter((i) => i.retried)
      assert.equal(retried.length, 1)
      assert.notEqual(retried[0]!.upstream, `127.0.0.1:${dead}`)
      assert.ok(gw.infos.every((i) => i.upstream !== `127.0.0.1:${dead}`))
      // POST with a body is retried too when the connection was never made (nothing reached the upstream).
      const posted = await request(gw.port, {method: 'POST', path: '/', headers: {host: 'lb.test'}, body: 'x'})
      assert.equal(posted.status, 200)
    } finally {
      await gw.close()
      await Promise.all(live.map((b) => b.close()))
    }
  })

  it('retries idempotent requests after a reset, but not requests whose body was sent', async () => {
    const good = await httpBackend(reflect('good'))
    const resets = await httpBackend((req) => req.socket.destroy())
    const gw = await serveYaml(yamlFor([resets.port, good.port]), {}, {ejectBaseMs: 0})
    try {
      // No ejection (0 ms), so round-robin alternates and a POST meets the resetting endpoint whatever the order.
      const results: Array<{method: string; status: number; retried: boolean}> = []
      for (let i = 0; i < 4; i++) {
        const method = i % 2 === 0 ? 'GET' : 'POST'
        const r = await request(gw.port, {method, path: `/${i}`, headers: {host: 'lb.test', 'content-length': method === 'POST' ? '3' : '0'}, body: method === 'POST' ? 'abc' : undefined})
        const info = gw.infos.at(-1)!
        results.push({method, status: r.status, retried: info.retried ?? false})
        if (r.status === 502) assert.equal(info.error, 'upstream-reset')
      }
      // Every GET succeeds (retried when it met the resetting endpoint); a POST that met it gets 502.
      for (const r of results.filter((x) => x.method === 'GET')) assert.equal(r.status, 200)
      const hitReset = results.filter((r) => r.method === 'POST' && r.status === 502)
      const postOk = results.filter((r) => r.method === 'POST' && r.status === 200)
      assert.equal(hitReset.length + postOk.length, 2)
      assert.ok(hitReset.every((r) => !r.retried))
      assert.ok(hitReset.length >= 1, `expected a POST to meet the resetting endpoint: ${JSON.stringify(results)}`)
    } finally {
      await gw.close()
      await good.close()
      await resets.close()
    }
  })
})

describe('Balancer', () => {
  const backend = {kind: 'service', namespace: 'default', name: 'web', port: {number: 80}, protocol: 'http'} as ServiceBackend
  const eps: UpstreamEndpoint[] = ['a:1', 'b:1', 'c:1'].map((key) => ({key, host: key.split(':')[0]!, port: 1}))

  it('ejects exponentially, capped, and forgets after a success', () => {
    let now = 1000
    const b = new Balancer(100, 1000, () => now)
    assert.equal(b.fail('b:1'), 100)
    // Failures reported while already ejected do not lengthen it.
    assert.equal(b.fail('b:1'), 100)
    assert.ok(b.isEjected('b:1'))
    const picks = Array.from({length: 6}, () => b.pick(backend, eps)!.key)
    assert.ok(!picks.includes('b:1'))
    now += 100
    assert.ok(!b.isEjected('b:1'))
    assert.equal(b.fail('b:1'), 200)
    now += 200
    assert.equal(b.fail('b:1'), 400)
    now += 400
    assert.equal(b.fail('b:1'), 800)
    now += 800
    assert.equal(b.fail('b:1'), 1000)
    now += 1000
    assert.equal(b.fail('b:1'), 1000)
    now += 1000
    b.succeed('b:1')
    assert.equal(b.fail('b:1'), 100)
  })

  it('uses the endpoint whose ejection ends first when all are ejected, and skips the excluded one', () => {
    let now = 0
    const b = new Balancer(100, 1000, () => now)
    b.fail('a:1')
    now = 10
    b.fail('b:1')
    now = 20
    b.fail('c:1')
    assert.equal(b.pick(backend, eps)!.key, 'a:1')
    assert.equal(b.pick(backend, eps, eps[0])!.key, 'b:1')
    assert.equal(b.pick(backend, [eps[0]!], eps[0]), undefined)
  })

  it('prune() forgets ejections that ended longer than the maximum ago, and keeps the others', () => {
    let now = 0
    const b = new Balancer(100, 1000, () => now)
    // 500 endpoints that failed once and went away.
    for (let i = 0; i < 500; i++) b.fail(`gone-${i}:1`)
    now = 600
    b.fail('a:1') // ejected until 700
    now = 1099
    b.prune()
    assert.equal(b.size, 501, 'the ejections ended less than the maximum ago are kept')
    now = 1100
    b.prune()
    assert.equal(b.size, 1)
    assert.equal(b.fail('gone-0:1'), 100, 'a forgotten endpoint starts again from the base ejection')
    now = 1700
    b.prune()
    assert.equal(b.size, 1, 'only the renewed record is left')
    assert.equal(b.fail('a:1'), 100, 'a:1 was forgotten: its next failure starts again from the base ejection')
  })
})
