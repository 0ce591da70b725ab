import type {CompileOptions} from '../compiler/index.js'
import {LiveTable} from '../live/live-table.js'
import {openSource, type SourceOptions} from '../sources/open.js'
import {feedFromLiveTable} from './live-feed.js'
import {runRoutesUi} from './run.js'

export interface LiveRoutesOptions {
  readonly compile?: CompileOptions
  /** Base URL of a running serve's admin API. */
  readonly attachUrl?: string
  /** Where the loading line goes (the terminal: stdout). */
  readonly out?: NodeJS.WritableStream
}

/** `ingressctl routes` on a terminal: watch the source, show the live table until the user quits. */
export async function runLiveRoutes(source: SourceOptions, o: LiveRoutesOptions = {}): Promise<void> {
  const opened = await openSource(source)
  const live = new LiveTable(opened, {compile: o.compile})
  // Reading and compiling a large input takes a while (seconds at tens of thousands of routes):
  // say so at once, and erase the line when the view takes the screen.
  const out = o.out ?? process.stdout
  out.write(`ingressctl: loading routes from ${opened.label}…\n`)
  try {
    await live.start()
    out.write('\x1b[1A\x1b[2K')
    await runRoutesUi({feed: feedFromLiveTable(live), attachUrl: o.attachUrl})
  } finally {
    await live.stop()
  }
}
