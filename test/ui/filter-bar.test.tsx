import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {feedOf, handTable, route} from './helpers/hand-table.js'
import {frameWith, frameWithout, KEYS} from './helpers/wait.js'

const routes = [
  route('api.example.com', '/v1', 'api-v1', {ingress: 'api'}),
  route('api.example.com', '/v2', 'api-v2', {ingress: 'api'}),
  route('shop.example.com', '/', 'storefront', {ingress: 'shop'}),
  route('shop.example.com', '/cart', 'cart', {ingress: 'shop'}),
]

test('/ filters by host, path or service as you type; esc clears', async (t) => {
  const r = render(<App feed={feedOf(handTable(routes))} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'storefront')
  r.stdin.write('/')
  await frameWith(r.lastFrame, '0 matches'.replace('0', '4'))
  r.stdin.write('shop')
  let frame = await frameWith(r.lastFrame, '2 matches')
  assert.ok(frame.includes('storefront') && frame.includes('cart'))
  assert.ok(!frame.includes('api-v1'))
  // by service name
  for (let i = 0; i < 4; i++) r.stdin.write(KEYS.backspace)
  r.stdin.write('api-v2')
  frame = await frameWith(r.lastFrame, /^\/api-v2 +1 match$/m)
  assert.ok(frame.includes('api-v2') && !frame.includes('api-v1'))
  // by path, case-insensitive
  for (let i = 0; i < 6; i++) r.stdin.write(KEYS.backspace)
  r.stdin.write('/CART')
  frame = await frameWith(r.lastFrame, /^\/\/CART +1 match$/m)
  assert.ok(frame.includes('cart') && !frame.includes('storefront'))
  r.stdin.write(KEYS.escape)
  frame = await frameWithout(r.lastFrame, 'match')
  assert.ok(frame.includes('api-v1') && frame.includes('storefront'))
})

test('enter keeps the filter while navigating; esc in the list clears it; no match says so', async (t) => {
  const r = render(<App feed={feedOf(handTable(routes))} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'storefront')
  r.stdin.write('/')
  r.stdin.write('api')
  await frameWith(r.lastFrame, '2 matches')
  r.stdin.write(KEYS.enter)
  r.stdin.write('j')
  let frame = await frameWith(r.lastFrame, /> .*api-v2/)
  assert.ok(frame.includes('/api'), 'filter stays shown')
  assert.match(frame, /2\/2/)
  r.stdin.write(KEYS.escape)
  frame = await frameWith(r.lastFrame, 'storefront')
  assert.match(frame, /> .*api-v2/, 'selection kept when the filter is cleared')
  r.stdin.write('/')
  r.stdin.write('nothing-like-this')
  await frameWith(r.lastFrame, 'no route matches /nothing-like-this')
})
