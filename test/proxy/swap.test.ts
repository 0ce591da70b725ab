import assert from 'node:assert/strict'
import * as http from 'node:http'
import {describe, it} from 'node:test'
import {createFileResolver, parseMapFlags} from '../../src/upstreams/file/index.js'
import {get, httpBackend, ingressYaml, reflect, serviceYaml, sleep, snapshotOf, startGateway, tableOf} from './helpers.js'

function stateFor(service: string, port: number) {
  const snapshot = snapshotOf(ingressYaml('swap', [{host: 'swap.test', path: '/', service, port: 80}]) + serviceYaml(service, 80))
  return {table: tableOf(snapshot), resolver: createFileResolver(snapshot, {maps: parseMapFlags([`${service}=http://127.0.0.1:${port}`])})}
}

describe('proxy state swap', () => {
  it('finishes a request in flight on the table it started with', async () => {
    let release: (() => void) | undefined
    let arrived: () => void = () => {}
    const arrivedP = new Promise<void>((r) => (arrived = r))
    const oldUpstream = await httpBackend((req, res) => {
      arrived()
      release = () => res.end(JSON.stringify({name: 'old'}))
    })
    const newUpstream = await httpBackend(reflect('new'))
    const first = stateFor('old-svc', oldUpstream.port)
    const gw = await startGateway(first)
    try {
      const slow = get(gw.port, 'swap.test', '/slow')
      await arrivedP
      const second = stateFor('new-svc', newUpstream.port)
      gw.gw.setState(second.table, second.resolver)
      const fresh = await get(gw.port, 'swap.test', '/fresh')
      assert.equal(JSON.parse(fresh.body).name, 'new')
      release!()
      const done = await slow
      assert.equal(done.status, 200)
      assert.equal(JSON.parse(done.body).name, 'old')
      assert.notEqual(gw.gw.currentState().table, first.table)
    } finally {
      await gw.close()
      await oldUpstream.close()
      await newUpstream.close()
    }
  })

  it('serves every request while the state is swapped 200 times under load', async () => {
    const a = await httpBackend(reflect('a'))
    const b = await httpBackend(reflect('b'))
    const states = [stateFor('a', a.port), stateFor('b', b.port)]
    const gw = await startGateway(states[0])
    const agent = new http.Agent({keepAlive: true, maxSockets: 8})
    try {
      let swaps = 0
      const swapper = setInterval(() => {
        const s = states[++swaps % 2]!
        gw.gw.setState(s.table, s.resolver)
        if (swaps >= 200) clearInterval(swapper)
      }, 1)
      const statuses = new Map<number, number>()
      const seen = new Set<string>()
      const worker = async () => {
        for (let i = 0; i < 400 && (swaps < 200 || i < 5); i++) {
          const r = await new Promise<{status: number; body: string}>((resolve, reject) => {
            http
              .get({host: '127.0.0.1', port: gw.port, path: `/${i}`, headers: {host: 'swap.test'}, agent}, (res) => {
                let body = ''
                res.on('data', (c) => (body += c))
                res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
              })
              .on('error', reject)
          })
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
          if (r.status === 200) seen.add(JSON.parse(r.body).name)
        }
      }
      await Promise.all(Array.from({length: 8}, worker))
      clearInterval(swapper)
      assert.ok(swaps >= 200 || (statuses.get(200) ?? 0) >= 3200, `swaps done: ${swaps}`)
      assert.deepEqual([...statuses.keys()], [200])
      assert.deepEqual([...seen].sort(), ['a', 'b'])
    } finally {
      agent.destroy()
      await gw.close()
      await a.close()
      await b.close()
    }
  })

  it('keeps no upstream pool for endpoints gone: 20 swaps, each to a new endpoint that then goes away, leave none', async () => {
    const gw = await startGateway(undefined)
    try {
      let last: ReturnType<typeof stateFor> | undefined
      for (let i = 0; i < 20; i++) {
        const upstream = await httpBackend(reflect(`u${i}`))
        last = stateFor('churn', upstream.port)
        gw.gw.setState(last.table, last.resolver)
        const r = await get(gw.port, 'swap.test', '/')
        assert.equal(JSON.parse(r.body).name, `u${i}`)
        await upstream.close()
      }
      // The pools of the closed endpoints go at the next swap once their connections have closed (bounded wait).
      for (let i = 0; i < 100 && gw.gw.upstreamPools() > 0; i++) {
        await sleep(20)
        gw.gw.setState(last!.table, last!.resolver)
      }
      assert.equal(gw.gw.upstreamPools(), 0)
    } finally {
      await gw.close()
    }
  })
})
