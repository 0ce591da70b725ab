import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {LiveTable} from '../../src/live/live-table.js'
import {openSource} from '../../src/sources/open.js'
import {App} from '../../src/ui/app.js'
import {feedFromLiveTable} from '../../src/ui/live-feed.js'
import {fx, seedShop, startHarness} from '../cluster/helpers.js'
import {frameWith, lineWith} from './helpers/wait.js'

test('cluster mode: the live view over a watched cluster (label, endpoints, a new Ingress, stale while the API server is down)', async (t) => {
  const h = await startHarness()
  t.after(() => h.close())
  seedShop(h.api)
  const live = new LiveTable(await openSource({kubeconfig: h.kubeconfig, context: 'staging'}))
  t.after(() => live.stop())
  await live.start()
  const r = render(<App feed={feedFromLiveTable(live)} width={160} height={30} />)
  t.after(() => r.unmount())

  let frame = await frameWith(r.lastFrame, 'shop.example.com')
  assert.match(frame, /ingressctl routes · context staging, namespace shop/)
  assert.match(frame, /● live/)
  assert.match(lineWith(frame, 'shop.example.com')!, /web:http +2\/2 +shop-tls +shop\/web/)

  h.api.apply(fx.ingress('shop', 'blog', {rules: [{host: 'blog.example.com', paths: [{path: '/posts', service: 'web', port: 'http'}]}]}))
  frame = await frameWith(r.lastFrame, 'blog.example.com', 10_000)
  assert.match(lineWith(frame, 'blog.example.com')!, /^..\+blog\.example\.com +\/posts/)

  await h.api.stop()
  frame = await frameWith(r.lastFrame, /(reconnecting|stale) since \d\d:\d\d:\d\d/, 15_000)
  assert.ok(frame.includes('blog.example.com'), 'the last table stays shown while disconnected')
  await h.api.restart()
  await frameWith(r.lastFrame, '● live', 15_000)
})
