import type {Diagnostic} from '../model/diagnostics.js'
import type {Entry} from '../model/snapshot.js'
import {classifyDocument} from './classify.js'
import {jsonPositions, parseJson} from './json-documents.js'
import {LineIndex} from './line-index.js'
import {PosStore, type PosRef} from './positions.js'
import type {FileText} from './source-ref.js'
import {isListKind, keptKind} from './kinds.js'
import {hasContent, parseYamlDocument, splitDocuments, topLevelKind} from './yaml-documents.js'

export interface ParsedFile {
  readonly entries: Entry[]
  readonly diagnostics: Diagnostic[]
  /** Documents with content (parsed or not): 0 means the file is empty. */
  readonly documents: number
}

/**
 * JSON for `.json` files, and for other names (stdin, process substitution)
 * whose first character opens a JSON object or array; YAML otherwise (YAML also
 * reads JSON, so a `.yaml` file holding JSON loads too).
 */
export function isJsonText(file: string, text: string): boolean {
  if (/\.json$/i.test(file)) return true
  if (/\.ya?ml$/i.test(file)) return false
  const m = /^\s*([{[])/.exec(text.slice(0, 4096))
  return m !== null
}

function syntaxDiagnostic(ft: FileText, rule: 'yaml-syntax' | 'json-syntax', offset: number, message: string, doc?: number): Diagnostic {
  const pos = ft.lines.position(offset)
  const what = rule === 'yaml-syntax' ? `YAML document ${(doc ?? 0) + 1}` : 'JSON'
  return {
    rule,
    severity: 'error',
    message: `invalid ${what}: ${message}`,
    location: {file: ft.file, line: pos.line, col: pos.col},
    hint:
      rule === 'yaml-syntax'
        ? 'fix the YAML at this position; the file\'s other documents were loaded'
        : 'fix the JSON at this position (a trailing comma or a missing quote or bracket, usually)',
  }
}

/** Pure: one file's text to entries and diagnostics. */
export function parseFile(rawText: string, file: string, defaultNamespace: string): ParsedFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText // a UTF-8 BOM is not content
  const ft: FileText = {file, text, lines: new LineIndex(text)}
  const ctx = {ft, defaultNamespace, entries: [] as Entry[], diagnostics: [] as Diagnostic[]}
  if (isJsonText(file, text)) {
    if (!hasContent(text, 0, text.length)) return {entries: [], diagnostics: [], documents: 0}
    const parsed = parseJson(text)
    if (!parsed.ok) {
      ctx.diagnostics.push(syntaxDiagnostic(ft, 'json-syntax', parsed.offset, parsed.message))
    } else {
      let root: PosRef | undefined
      classifyDocument(ctx, parsed.value, 0, () => (root ??= jsonPositions(text, parsed.value)), 0)
    }
    return {entries: ctx.entries, diagnostics: ctx.diagnostics, documents: 1}
  }
  let documents = 0
  const store = new PosStore()
  splitDocuments(text).forEach((span, doc) => {
    // Positions only where objects can be kept: a Deployment or ConfigMap of helm output needs none.
    const kind = topLevelKind(text, span)
    const positions = kind === undefined || keptKind(kind) !== undefined || isListKind(kind)
    const parsed = parseYamlDocument(text, span, positions ? store : undefined)
    if (!parsed.ok) {
      documents++
      ctx.diagnostics.push(syntaxDiagnostic(ft, 'yaml-syntax', parsed.offset, parsed.message, doc))
      return
    }
    if (parsed.value === null || parsed.value === undefined) return // empty document (helm emits many)
    documents++
    const positionsOf = (): PosRef => {
      // Not expected (positions are skipped only for kinds that are not kept); parse again rather than guess.
      const again = parseYamlDocument(text, span, store)
      return {store, node: again.ok ? again.root : store.alloc(span.start)}
    }
    classifyDocument(ctx, parsed.value, doc, parsed.root >= 0 ? {store, node: parsed.root} : positionsOf, span.start)
  })
  store.seal()
  return {entries: ctx.entries, diagnostics: ctx.diagnostics, documents}
}
