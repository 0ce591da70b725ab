import {InputError} from '../errors.js'
import {hasErrors, type Diagnostic} from '../model/diagnostics.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {expandInputs, readInputFile, type InputFile} from './inputs.js'
import {parseFile} from './parse.js'
import {buildSnapshot} from './snapshot-builder.js'

export {expandInputs, STDIN, type InputFile} from './inputs.js'

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
export async function loadManifests(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  return loadFiles(await expandInputs(inputs), options)
}

/** loadManifests of inputs already expanded (expandInputs). Throws InputError (exit 2) when no file holds a document. */
export async function loadFiles(files: readonly InputFile[], options: LoadOptions = {}): Promise<LoadResult> {
  const defaultNamespace = options.defaultNamespace ?? 'default'
  const entries: Entry[] = []
  const diagnostics: Diagnostic[] = []
  let documents = 0
  for (const f of files) {
    const text = await readInputFile(f, options.stdin)
    const parsed = parseFile(text, f.display, defaultNamespace)
    entries.push(...parsed.entries)
    diagnostics.push(...parsed.diagnostics)
    documents += parsed.documents
  }
  if (documents === 0) {
    const names = files.map((f) => f.display)
    // The one file is named by `location` (printed before the message); several are listed.
    throw new InputError('E_EMPTY', names.length === 1 ? 'no YAML or JSON documents' : `no YAML or JSON documents in ${names.length} inputs (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`, {
      hint: 'the input is empty: check the path, or whether the command producing it (helm template, kustomize build) failed',
      location: names.length === 1 ? names[0] : undefined,
    })
  }
  const built = buildSnapshot(entries)
  return {snapshot: built.snapshot, diagnostics: [...diagnostics, ...built.diagnostics], files: files.map((f) => f.display)}
}

/**
 * For one-shot readers (routes -o, match, diff): when every document failed to
 * parse there is nothing to route, so that is bad input (exit 2), not an empty
 * table. Throws an InputError listing each error at file:line:col.
 */
export function requireSomethingLoaded(loaded: {readonly snapshot: Snapshot; readonly diagnostics: readonly Diagnostic[]}): void {
  const s = loaded.snapshot
  const objects = s.ingresses.length + s.ingressClasses.length + s.services.length + s.endpointSlices.length + s.secrets.length + (s.configMaps?.length ?? 0)
  if (objects > 0 || !hasErrors(loaded.diagnostics)) return
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
  const shown = errors.slice(0, 5).map((d) => `\n  ${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''}${d.message}`)
  const more = errors.length > shown.length ? `\n  ... and ${errors.length - shown.length} more` : ''
  throw new InputError('E_NOTHING_LOADED', `no manifest could be loaded:${shown.join('')}${more}`, {
    hint: 'fix the documents at the positions shown (every document failed, so there is nothing to route)',
  })
}

/** Pure: parse one file's text (multi-document YAML, JSON, kind: List) into entries and diagnostics. */
export function parseManifests(text: string, file: string, options: LoadOptions = {}): {snapshot: Snapshot; diagnostics: Diagnostic[]} {
  const parsed = parseFile(text, file, options.defaultNamespace ?? 'default')
  const built = buildSnapshot(parsed.entries)
  return {snapshot: built.snapshot, diagnostics: [...parsed.diagnostics, ...built.diagnostics]}
}
