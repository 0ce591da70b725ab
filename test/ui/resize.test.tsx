import assert from 'node:assert/strict'
import {EventEmitter} from 'node:events'
import {test} from 'node:test'
import {render} from 'ink'
import {App} from '../../src/ui/app.js'
import {feedOf, handTable, manyRoutes} from './helpers/hand-table.js'
import {waitFor} from './helpers/wait.js'

/** A terminal-like output whose size can change, recording frames (Ink debug mode writes whole frames). */
class Screen extends EventEmitter {
  columns = 120
  rows = 30
  frames: string[] = []
  write(frame: string): boolean {
    this.frames.push(frame)
    return true
  }
  last(): string {
    return this.frames.at(-1) ?? ''
  }
}

class Keyboard extends EventEmitter {
  isTTY = true
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null
  }
}

test('the view follows terminal resizes: height and width of every frame', async (t) => {
  const screen = new Screen()
  const ink = render(<App feed={feedOf(handTable(manyRoutes(500)))} />, {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: new Keyboard() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  })
  t.after(() => ink.unmount())
  let frame = await waitFor('the first frame', () => (screen.last().includes('svc-00000') ? screen.last() : undefined))
  // one line short of the terminal, so Ink never has to clear the whole screen
  assert.equal(frame.split('\n').length, 29)
  assert.ok(frame.includes('shop/ing-0'))
  screen.columns = 60
  screen.rows = 12
  screen.emit('resize')
  frame = await waitFor('a frame for 60x12', () => (screen.last().split('\n').length === 11 ? screen.last() : undefined))
  assert.ok(frame.split('\n').every((l) => l.length <= 60), frame)
  assert.ok(frame.includes('svc-00006') && !frame.includes('svc-00007'), '7 route lines fit in 12 rows')
  screen.columns = 160
  screen.rows = 40
  screen.emit('resize')
  frame = await waitFor('a frame for 160x40', () => (screen.last().split('\n').length === 39 ? screen.last() : undefined))
  assert.ok(frame.includes('svc-00034') && !frame.includes('svc-00035'))
})
