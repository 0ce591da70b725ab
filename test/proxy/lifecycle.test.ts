import assert from 'node:assert/strict'
import * as net from 'node:net'
import {describe, it} from 'node:test'
import {get, httpBackend, ingressYaml, serveYaml, serviceYaml} from './helpers.js'

const yaml = ingressYaml('l', [{host: 'l.test', path: '/', service: 'web', port: 80}]) + serviceYaml('web', 80)

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(false)
    })
    s.once('error', () => resolve(true))
  })
}

describe('proxy lifecycle', () => {
  it('stops accepting on close and lets the request in flight finish', async () => {
    let release: () => void = () => {}
    let arrived: () => void = () => {}
    const arrival = new Promise<void>((r) => (arrived = r))
    const backend = await httpBackend((_req, res) => {
      arrived()
      release = () => res.end('finished')
    })
    const gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${backend.port}`]})
    try {
      const pending = get(gw.port, 'l.test', '/slow')
      await arrival
      assert.equal(gw.gw.activeConnections(), 1)
      assert.equal(gw.gw.activeRequests(), 1)
      const closed = gw.gw.close(10_000)
      assert.equal(await refused(gw.port), true)
      release()
      const r = await pending
      assert.deepEqual([r.status, r.body], [200, 'finished'])
      await closed
      assert.equal(gw.gw.activeConnections(), 0)
    } finally {
      await gw.close()
      await backend.close()
    }
  })

  it('cuts requests still running when the drain time is over', async () => {
    const backend = await httpBackend(() => {
      // never answers
    })
    const gw = await serveYaml(yaml, {maps: [`web=http://127.0.0.1:${backend.port}`]})
    try {
      const pending = get(gw.port, 'l.test', '/stuck').then(
        (r) => r.status,
        (e: Error) => e,
      )
      while (gw.gw.activeRequests() === 0) await new Promise((r) => setTimeout(r, 5))
      await gw.gw.close(50)
      assert.ok((await pending) instanceof Error, 'the client connection is closed')
      assert.equal(gw.gw.activeConnections(), 0)
    } finally {
      await backend.close()
    }
  })
})
