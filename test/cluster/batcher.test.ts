import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {Batcher} from '../../src/sources/cluster/batcher.js'

describe('Batcher (watch event bursts → updates)', () => {
  it('folds a burst into one run after the quiet period', async () => {
    let runs = 0
    const b = new Batcher(30, 10_000, () => runs++)
    for (let i = 0; i < 50; i++) b.trigger()
    assert.equal(runs, 0)
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(runs, 1)
    b.close()
  })

  it('still runs during constant churn, bounded by the longest wait', async () => {
    let runs = 0
    const b = new Batcher(50, 200, () => runs++)
    // Events every 10 ms for at most 2 s: the quiet period never comes.
    const started = Date.now()
    while (runs === 0 && Date.now() - started < 2_000) {
      b.trigger()
      await new Promise((r) => setTimeout(r, 10))
    }
    assert.ok(runs >= 1, 'an update happened while events kept coming')
    b.close()
  })

  it('cancel() and close() drop the pending run', async () => {
    let runs = 0
    const b = new Batcher(20, 1000, () => runs++)
    b.trigger()
    b.cancel()
    b.trigger()
    b.close()
    b.trigger()
    await new Promise((r) => setTimeout(r, 60))
    assert.equal(runs, 0)
  })
})
