// STUB: owned by the loader workstream; replaced by the real loader.
import type {Diagnostic} from '../model/diagnostics.js'
import type {Snapshot} from '../model/snapshot.js'

export interface LoadOptions {
  /** Stream read for the input `-` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream
  /** Namespace for objects without metadata.namespace (default 'default'). */
  readonly defaultNamespace?: string
}

export interface LoadResult {
  readonly snapshot: Snapshot
  /** Parse errors and unreadable files, with file:line:col. Other documents still load. */
  readonly diagnostics: Diagnostic[]
  /** Every manifest file read, sorted (for watching and messages). */
  readonly files: string[]
}

/**
 * Reads files, directories (recursive, .yaml .yml .json) and `-` (stdin).
 * Throws InputError (exit 2) for empty input, a directory without manifests, or no readable input at all.
 */
export async function loadManifests(_inputs: readonly string[], _options: LoadOptions = {}): Promise<LoadResult> {
  throw new Error('loadManifests: not implemented yet')
}

/** Pure: parse one file's text (multi-document YAML, JSON, kind: List) into entries and diagnostics. */
export function parseManifests(_text: string, _file: string, _options: LoadOptions = {}): {snapshot: Snapshot; diagnostics: Diagnostic[]} {
  throw new Error('parseManifests: not implemented yet')
}
