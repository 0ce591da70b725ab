import {writeSync} from 'node:fs'
import {render} from 'ink'
import {IngressctlError} from '../errors.js'
import {App} from './app.js'
import type {UiFeed} from './feed.js'

export interface RunUiOptions {
  readonly feed: UiFeed
  readonly attachUrl?: string
}

/** Ink options of the live view (the benchmark renders with the same). Frames are coalesced at most 60 per second. */
export const RENDER_OPTIONS = {exitOnCtrlC: true, patchConsole: true, maxFps: 60} as const

const ALT_SCREEN_ON = '\x1b[?1049h'
const ALT_SCREEN_OFF = '\x1b[?1049l'
const SHOW_CURSOR = '\x1b[?25h'

/**
 * Runs the routes UI full-screen on the terminal until `q`, Ctrl-C or a signal.
 * The terminal is restored (main screen, cursor, cooked mode) on every way out,
 * errors and uncaught exceptions included.
 */
export async function runRoutesUi(o: RunUiOptions): Promise<void> {
  const stdout = process.stdout
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    try {
      if (process.stdin.isTTY) process.stdin.setRawMode(false)
    } catch {
      // stdin already closed
    }
    try {
      writeSync(stdout.fd, ALT_SCREEN_OFF + SHOW_CURSOR)
    } catch {
      // the terminal is gone
    }
  }
  process.once('exit', restore)
  stdout.write(ALT_SCREEN_ON)
  const instance = render(<App feed={o.feed} attachUrl={o.attachUrl} />, RENDER_OPTIONS)
  const onSignal = () => instance.unmount()
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const s of signals) process.on(s, onSignal)
  try {
    await instance.waitUntilExit()
  } catch (err) {
    // A render error: Ink has unmounted; the terminal is restored below, then the message is printed (no stack trace).
    const message = err instanceof Error ? err.message : String(err)
    throw new IngressctlError('E_UI', `the routes view stopped: ${message}`, {hint: 'print the table instead with -o table', exitCode: 1, cause: err})
  } finally {
    for (const s of signals) process.off(s, onSignal)
    instance.cleanup()
    restore()
    process.off('exit', restore)
  }
}
