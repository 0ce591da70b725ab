import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {LiveTable} from '../../src/live/live-table.js'
import {FileSource} from '../../src/sources/file-source.js'
import {feedFromLiveTable} from '../../src/ui/live-feed.js'
import {fixturePath} from './helpers/compiled.js'
import {waitFor} from './helpers/wait.js'

test('the UI feed follows a LiveTable over watched files: new tables, a rejected reload as a notice, recovery', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-feed-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const file = join(dir, 'shop.yaml')
  const original = readFileSync(fixturePath('shop.yaml'), 'utf8')
  writeFileSync(file, original)
  const live = new LiveTable(new FileSource([dir], {debounceMs: 20}))
  t.after(() => live.stop())
  await live.start()
  const feed = feedFromLiveTable(live)
  assert.equal(feed.label, `files: ${dir}`)
  let notified = 0
  const unsubscribe = feed.subscribe(() => notified++)
  t.after(unsubscribe)

  const first = feed.get()
  assert.equal(first.table.routes.length, 3)
  assert.equal(first.snapshot?.endpointSlices.length, 2, 'the snapshot comes with the table (endpoints)')
  assert.equal(first.state.status, 'live')
  assert.equal(feed.get(), first, 'the same view until something changes')

  writeFileSync(file, original.replace('path: /api\n            pathType: Exact', 'path: /api/v2\n            pathType: Exact'))
  const second = await waitFor('the edited table', () => (feed.get().table.routes.some((r) => r.path === '/api/v2') ? feed.get() : undefined))
  assert.ok(notified > 0)
  assert.ok(second.changedAt >= first.changedAt)
  assert.equal(second.notice, undefined)

  writeFileSync(file, `${original}\n---\nkind: Ingress\nmetadata: [unclosed\n`)
  const rejected = await waitFor('the rejected reload', () => (feed.get().notice ? feed.get() : undefined))
  assert.match(rejected.notice!, /reload rejected: .*shop\.yaml/)
  assert.equal(rejected.table, second.table, 'the last good table stays shown')
  assert.ok(rejected.loadDiagnostics.some((d) => d.severity === 'error' && d.location?.file.endsWith('shop.yaml')))

  writeFileSync(file, original)
  const recovered = await waitFor('recovery', () => (!feed.get().notice && feed.get().table !== second.table ? feed.get() : undefined))
  assert.equal(recovered.table.routes.length, 3)
})
