import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {compiledFixture, feedOfCompiled} from './helpers/compiled.js'
import {frameWith, frameWithout, KEYS} from './helpers/wait.js'

const shop = compiledFixture('shop.yaml')

test('t: type a URL and see the serving route, the steps and the routes that lost', async (t) => {
  const r = render(<App feed={feedOfCompiled(shop)} width={160} height={40} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'storefront')
  r.stdin.write('t')
  await frameWith(r.lastFrame, 'URL ')
  r.stdin.write('http://SHOP.example.com:8443/api?debug=1')
  r.stdin.write(KEYS.enter)
  const frame = await frameWith(r.lastFrame, '✓ served by')
  assert.match(frame, /request +host shop\.example\.com +path \/api/)
  assert.match(frame, /✓ served by shop\.example\.com \/api Exact \(Ingress shop\/web\) → api-exact:80/)
  assert.match(frame, /1\. request host "shop\.example\.com"/)
  assert.match(frame, /shop\.example\.com \/api Prefix \(Ingress shop\/web\) → api:80: prefix-loses-to-exact/)
  r.stdin.write(KEYS.escape)
  await frameWithout(r.lastFrame, '✓ served by')
})

test('t: a path alone uses the selected route\'s host; no match is a 404; bad input is explained', async (t) => {
  const r = render(<App feed={feedOfCompiled(shop)} width={160} height={40} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'storefront')
  r.stdin.write('t')
  r.stdin.write('/cart/items')
  r.stdin.write(KEYS.enter)
  let frame = await frameWith(r.lastFrame, '✓ served by')
  assert.match(frame, /host shop\.example\.com +path \/cart\/items/)
  assert.match(frame, /✓ served by shop\.example\.com \/ Prefix \(Ingress shop\/web\) → storefront:http/)
  for (let i = 0; i < '/cart/items'.length; i++) r.stdin.write(KEYS.backspace)
  r.stdin.write('other.example.com/')
  r.stdin.write(KEYS.enter)
  frame = await frameWith(r.lastFrame, '✗ no route matches: 404')
  assert.match(frame, /URL other\.example\.com\//)
  for (let i = 0; i < 'other.example.com/'.length; i++) r.stdin.write(KEYS.backspace)
  r.stdin.write('ftp://shop.example.com/')
  r.stdin.write(KEYS.enter)
  await frameWith(r.lastFrame, 'only http and https URLs are routed (got ftp:)')
})
