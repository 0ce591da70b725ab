import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {compile} from '../../../src/compiler/index.js'
import {parseManifests} from '../../../src/loader/index.js'
import type {Diagnostic} from '../../../src/model/diagnostics.js'
import type {RouteTable} from '../../../src/model/routes.js'
import type {Snapshot} from '../../../src/model/snapshot.js'
import {createFeed, type MutableFeed} from '../../../src/ui/feed.js'

/** test/ui/fixtures/NAME, from the compiled test file's location. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../../test/ui/fixtures/${name}`, import.meta.url))
}

export interface Compiled {
  readonly text: string
  /** As the user would name it (relative to the repository root), so screen lines stay short. */
  readonly file: string
  readonly table: RouteTable
  readonly snapshot: Snapshot
  readonly loadDiagnostics: Diagnostic[]
}

/** A fixture through the real loader and compiler. */
export function compiledFixture(name: string): Compiled {
  const text = readFileSync(fixturePath(name), 'utf8')
  const file = `test/ui/fixtures/${name}`
  const {snapshot, diagnostics} = parseManifests(text, file)
  return {text, file, table: compile(snapshot), snapshot, loadDiagnostics: diagnostics}
}

/** 1-based line of the n-th (0-based) occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string, nth = 0): number {
  let at = -1
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1)
    if (at < 0) throw new Error(`${needle} not found`)
  }
  return text.slice(0, at).split('\n').length
}

export function feedOfCompiled(c: Compiled): MutableFeed {
  return createFeed(`files: ${c.file}`, {table: c.table, snapshot: c.snapshot, loadDiagnostics: c.loadDiagnostics, state: {status: 'live', since: 0}, changedAt: 0})
}
