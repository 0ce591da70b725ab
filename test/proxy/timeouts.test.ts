import assert from 'node:assert/strict'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import type {Route, RouteTable, ServiceBackend} from '../../src/model/routes.js'
import type {Resolution, UpstreamEndpoint, UpstreamResolver} from '../../src/model/upstreams.js'
import {get, httpBackend, ingressYaml, serviceYaml, snapshotOf, startGateway, tableOf, type Backend, type Started} from './helpers.js'

/**
 * Input data: a resolver answering each Service with fixed endpoints. An
 * endpoint's `connect` is the transport hook tunnels use; here one opens a
 * real socket whose name lookup never answers, so it stays "connecting".
 */
function fixedResolver(endpoints: Record<string, UpstreamEndpoint[]>): UpstreamResolver {
  return {
    resolve: (b: ServiceBackend): Resolution => {
      const eps = endpoints[b.name]
      return eps ? {kind: 'endpoints', source: 'direct', endpoints: eps} : {kind: 'unresolved', reason: `no ${b.name}`, hint: 'none'}
    },
  }
}

describe('proxy timeouts and upstream failures', () => {
  let silent: Backend
  let resets: Backend
  let gw: Started
  let table: RouteTable
  const hanging: net.Socket[] = []
  before(async () => {
    silent = await httpBackend(() => {
      // Accepts the request, never answers.
    })
    resets = await httpBackend((req) => req.socket.destroy())
    table = tableOf(
      snapshotOf(
        ingressYaml('t', [
          {host: 't.test', path: '/silent', service: 'silent', port: 80},
          {host: 't.test', path: '/resets', service: 'resets', port: 80},
          {host: 't.test', path: '/blackhole', service: 'blackhole', port: 80},
        ]) + ['silent', 'resets', 'blackhole'].map((n) => serviceYaml(n, 80)).join(''),
      ),
    )
    const blackhole: UpstreamEndpoint = {
      key: 'blackhole:80',
      host: 'blackhole.invalid',
      port: 80,
      connect: () => {
        const s = net.connect({host: 'blackhole.invalid', port: 80, lookup: () => {}})
        hanging.push(s)
        return s
      },
    }
    const resolver = fixedResolver({
      silent: [{key: `127.0.0.1:${silent.port}`, host: '127.0.0.1', port: silent.port}],
      resets: [{key: `127.0.0.1:${resets.port}`, host: '127.0.0.1', port: resets.port}],
      blackhole: [blackhole],
    })
    gw = await startGateway({table, resolver}, {connectTimeoutMs: 150, upstreamIdleTimeoutMs: 200})
  })
  after(async () => {
    await gw.close()
    await silent.close()
    await resets.close()
    for (const s of hanging) s.destroy()
  })

  it('answers 504 when the upstream sends nothing within the idle timeout', async () => {
    const r = await get(gw.port, 't.test', '/silent', {accept: 'application/json'})
    assert.equal(r.status, 504)
    const body = JSON.parse(r.body)
    assert.equal(body.error, 'upstream-timeout')
    assert.match(body.message, /sent no response in time/)
  })

  it('answers 504 when the connection is not established within the connect timeout', async () => {
    const r = await get(gw.port, 't.test', '/blackhole')
    assert.equal(r.status, 504)
    assert.match(r.body, /^504 Gateway Timeout: timed out connecting to upstream blackhole:80/)
    assert.equal(gw.infos.at(-1)?.error, 'connect-timeout')
    assert.ok(hanging.length >= 1 && hanging.every((s) => s.destroyed), 'the pending connection is abandoned')
  })

  it('answers 502 when the upstream resets before responding', async () => {
    const r = await get(gw.port, 't.test', '/resets', {accept: 'application/json'})
    assert.equal(r.status, 502)
    assert.equal(JSON.parse(r.body).error, 'upstream-reset')
  })

  it('keeps the route in the access information', () => {
    const routes = new Set(gw.infos.map((i) => i.routeId))
    const ids = table.routes.map((r: Route) => r.id)
    for (const id of routes) assert.ok(ids.includes(id!))
  })
})
