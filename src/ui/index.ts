import type {CompileOptions} from '../compiler/index.js'
import {LiveTable} from '../live/live-table.js'
import {openSource, type SourceOptions} from '../sources/open.js'
import {feedFromLiveTable} from './live-feed.js'
import {runRoutesUi} from './run.js'

export interface LiveRoutesOptions {
  readonly compile?: CompileOptions
  /** Base URL of a running serve's admin API. */
  readonly attachUrl?: string
}

/** `ingressctl routes` on a terminal: watch the source, show the live table until the user quits. */
export async function runLiveRoutes(source: SourceOptions, o: LiveRoutesOptions = {}): Promise<void> {
  const live = new LiveTable(await openSource(source), {compile: o.compile})
  try {
    await live.start()
    await runRoutesUi({feed: feedFromLiveTable(live), attachUrl: o.attachUrl})
  } finally {
    await live.stop()
  }
}
