import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {compiledFixture, feedOfCompiled} from './helpers/compiled.js'
import {feedOf, handTable, route} from './helpers/hand-table.js'
import {frameWith, frameWithout, KEYS} from './helpers/wait.js'

test('d lists every diagnostic (load and compile) with file:line:col and hint; esc goes back', async (t) => {
  const c = compiledFixture('broken.yaml')
  assert.ok(c.loadDiagnostics.length > 0, 'the fixture has a document that does not parse')
  const r = render(<App feed={feedOfCompiled(c)} width={160} height={40} />)
  t.after(() => r.unmount())
  let frame = await frameWith(r.lastFrame, 'kept')
  assert.match(frame, /1 error · 1 warning/)
  r.stdin.write('d')
  frame = await frameWith(r.lastFrame, 'DIAGNOSTICS (2)')
  const parse = c.loadDiagnostics[0]!
  assert.ok(frame.includes(`error ${parse.rule}  ${parse.location!.file}:${parse.location!.line}:${parse.location!.col}`), frame)
  assert.match(frame, /warning duplicate-route .*broken\.yaml:\d+:\d+/)
  assert.match(frame, /hint: Keep host/)
  r.stdin.write(KEYS.escape)
  await frameWithout(r.lastFrame, 'DIAGNOSTICS')
})

test('the diagnostics view scrolls and renders only what fits', async (t) => {
  const diagnostics = Array.from({length: 200}, (_, i) => ({
    rule: 'demo-rule',
    severity: 'warning' as const,
    message: `finding number ${String(i).padStart(3, '0')}`,
    location: {file: 'many.yaml', line: i + 1, col: 1},
  }))
  const r = render(<App feed={feedOf(handTable([route('a.example.com', '/', 'alpha')], diagnostics))} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'alpha')
  r.stdin.write('d')
  let frame = await frameWith(r.lastFrame, 'DIAGNOSTICS (200)')
  assert.equal(frame.split('\n').length, 20)
  assert.ok(frame.includes('finding number 000') && !frame.includes('finding number 010'))
  r.stdin.write('j')
  r.stdin.write('j')
  // two lines per finding: two lines down, the first finding is gone and the second is on top
  frame = await frameWithout(r.lastFrame, 'many.yaml:1:1')
  assert.match(frame.split('\n')[3]!, /warning demo-rule {2}many\.yaml:2:1/)
  assert.ok(!frame.includes('finding number 000'))
})

test('? shows the key help; any key closes it', async (t) => {
  const r = render(<App feed={feedOf(handTable([route('a.example.com', '/', 'alpha')]))} width={120} height={20} />)
  t.after(() => r.unmount())
  await frameWith(r.lastFrame, 'alpha')
  r.stdin.write('?')
  const frame = await frameWith(r.lastFrame, 'KEYS')
  assert.match(frame, /t +test a URL: which route serves it and why/)
  assert.match(frame, /esc back {2}q quit/)
  r.stdin.write('x')
  await frameWith(r.lastFrame, 'alpha')
})
