import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {feedOf, handTable, manyRoutes} from './helpers/hand-table.js'
import {frameWith, KEYS, lineWith} from './helpers/wait.js'

test('10,000 routes: only the visible rows render, the frame fits the screen', async (t) => {
  const r = render(<App feed={feedOf(handTable(manyRoutes(10_000)))} width={120} height={30} />)
  t.after(() => r.unmount())
  const frame = await frameWith(r.lastFrame, 'h00000.example.com')
  const lines = frame.split('\n')
  assert.equal(lines.length, 30)
  assert.match(frame, /10000 routes · 2000 hosts/)
  // 30 lines: 2 header, 1 column header, 1 footer → 26 route lines, nothing beyond.
  assert.ok(frame.includes('svc-00025'))
  assert.ok(!frame.includes('svc-00026'))
  assert.ok(lines.every((l) => l.length <= 120), 'no line wider than the terminal')
  assert.match(lines.at(-1)!, /1\/10000/)
})

test('j/k and arrows move the cursor; hosts are written once per group', async (t) => {
  const r = render(<App feed={feedOf(handTable(manyRoutes(20)))} width={120} height={20} />)
  t.after(() => r.unmount())
  let frame = await frameWith(r.lastFrame, 'svc-00000')
  assert.match(lineWith(frame, 'svc-00000')!, /^>/)
  assert.match(lineWith(frame, 'svc-00000')!, /h00000\.example\.com/)
  assert.doesNotMatch(lineWith(frame, 'svc-00001')!, /h00000/, 'second route of the host leaves the host blank')
  r.stdin.write('j')
  frame = await frameWith(r.lastFrame, /> .*svc-00001/)
  r.stdin.write(KEYS.down)
  frame = await frameWith(r.lastFrame, /> .*svc-00002/)
  r.stdin.write('k')
  frame = await frameWith(r.lastFrame, /> .*svc-00001/)
  r.stdin.write(KEYS.up)
  frame = await frameWith(r.lastFrame, /> .*svc-00000/)
  r.stdin.write('k')
  await new Promise((res) => setTimeout(res, 30))
  assert.match(lineWith(r.lastFrame()!, 'svc-00000')!, /^>/, 'cannot move above the first route')
})

test('scrolling keeps the cursor in view and repeats the host on the first visible row', async (t) => {
  const r = render(<App feed={feedOf(handTable(manyRoutes(10_000)))} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'svc-00000')
  r.stdin.write('G')
  let frame = await frameWith(r.lastFrame, /> .*svc-09999/)
  assert.match(frame, /10000\/10000/)
  assert.ok(!frame.includes('svc-00000'))
  r.stdin.write(KEYS.pageUp)
  frame = await frameWith(r.lastFrame, /> .*svc-09983/)
  // 16 rows visible: the window now starts at the cursor, whose host is written although it is mid-group.
  const first = frame.split('\n')[3]!
  assert.match(first, /> .*h01996\.example\.com.*\/p3.*svc-09983/)
  r.stdin.write('g')
  await frameWith(r.lastFrame, /> .*h00000\.example\.com.*svc-00000/)
  for (let i = 0; i < 17; i++) r.stdin.write('j')
  frame = await frameWith(r.lastFrame, /> .*svc-00017/)
  assert.ok(!frame.includes('svc-00001 '), 'scrolled down by one page')
})
