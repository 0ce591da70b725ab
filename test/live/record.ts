import type {TestContext} from 'node:test'
import type {LiveTable, Rejection, TableChange} from '../../src/live/live-table.js'
import type {RouteTable} from '../../src/model/routes.js'

/** Starts `live` (stopped after the test), recording every table change and rejection from the first update on. */
export async function startRecorded(t: TestContext, live: LiveTable): Promise<{first: RouteTable | undefined; tables: TableChange[]; rejected: Rejection[]}> {
  const tables: TableChange[] = []
  const rejected: Rejection[] = []
  live.on('table', (c) => tables.push(c))
  live.on('rejected', (r) => rejected.push(r))
  const first = await live.start()
  t.after(() => live.stop())
  return {first, tables, rejected}
}
