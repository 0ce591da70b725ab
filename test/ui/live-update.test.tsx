import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {feedOf, handTable, route} from './helpers/hand-table.js'
import {frameWith, lineWith, waitFor} from './helpers/wait.js'

test('a new table re-renders; new and changed rows are highlighted, then the highlight clears', async (t) => {
  const before = [route('a.example.com', '/', 'alpha', {ingress: 'a'}), route('b.example.com', '/', 'beta', {ingress: 'b'})]
  const feed = feedOf(handTable(before))
  const r = render(<App feed={feed} width={120} height={20} highlightMs={300} />)
  t.after(() => r.unmount())
  let frame = await frameWith(r.lastFrame, 'beta')
  assert.doesNotMatch(lineWith(frame, 'alpha')!, /^..\+/, 'nothing highlighted at start')

  const after = [
    route('a.example.com', '/', 'alpha', {ingress: 'a'}),
    route('b.example.com', '/', 'beta-v2', {ingress: 'b'}),
    route('c.example.com', '/new', 'gamma', {ingress: 'c'}),
  ]
  feed.set({table: handTable(after), changedAt: Date.UTC(2026, 0, 1, 12, 5, 0)})
  frame = await frameWith(r.lastFrame, 'gamma')
  assert.match(lineWith(frame, 'gamma')!, /^..\+/, 'new row highlighted')
  assert.match(lineWith(frame, 'beta-v2')!, /^..\+/, 'changed row highlighted')
  assert.doesNotMatch(lineWith(frame, 'alpha')!, /^..\+/, 'unchanged row not highlighted')
  assert.match(frame, /3 routes · 3 hosts/)

  await waitFor('the highlight to clear', () => {
    const f = r.lastFrame()!
    return !/^..\+/m.test(f) ? f : undefined
  })
})

test('the selection follows its route when rows are inserted above it', async (t) => {
  const feed = feedOf(handTable([route('m.example.com', '/', 'middle', {ingress: 'm'}), route('z.example.com', '/', 'zulu', {ingress: 'z'})]))
  const r = render(<App feed={feed} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'zulu')
  r.stdin.write('j')
  await frameWith(r.lastFrame, /> .*zulu/)
  feed.set({table: handTable([route('a.example.com', '/', 'alpha', {ingress: 'a'}), route('m.example.com', '/', 'middle', {ingress: 'm'}), route('z.example.com', '/', 'zulu', {ingress: 'z'})])})
  const frame = await frameWith(r.lastFrame, 'alpha')
  assert.match(frame, /> .*zulu/)
  assert.match(frame, /3\/3/)
})

test('the header shows the connection state and a rejected reload', async (t) => {
  const feed = feedOf(handTable([route('a.example.com', '/', 'alpha')]), 'context staging, namespace shop')
  const r = render(<App feed={feed} width={120} height={20} />)
  t.after(() => r.unmount())
  let frame = await frameWith(r.lastFrame, '● live')
  assert.match(frame, /context staging, namespace shop/)
  const since = new Date(2026, 0, 1, 9, 30, 5).getTime()
  feed.set({state: {status: 'reconnecting', since, reason: 'watch dropped: ECONNREFUSED'}})
  frame = await frameWith(r.lastFrame, 'reconnecting since 09:30:05')
  assert.match(frame, /ECONNREFUSED/)
  feed.set({state: {status: 'stale', since}})
  await frameWith(r.lastFrame, 'stale since 09:30:05')
  feed.set({notice: 'reload rejected: shop.yaml could not be loaded; still serving the last good table'})
  frame = await frameWith(r.lastFrame, '! reload rejected: shop.yaml')
  assert.ok(frame.includes('alpha'), 'the last good table stays shown')
})
