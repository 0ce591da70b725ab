/** Where a Kubernetes object (or one of its fields) came from, for messages as `file:line:col`. */
export interface SourcePosition {
  /** 1-based line. */
  line: number
  /** 1-based column. */
  col: number
}

/** A path into an object, e.g. ['spec', 'rules', 0, 'http', 'paths', 1, 'path']. */
export type FieldPath = ReadonlyArray<string | number>

/** `spec.rules[0].http.paths[1].path`; map keys that are not identifiers as `[key]`. */
export function formatFieldPath(path: FieldPath): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`
    else out += `[${p}]`
  }
  return out
}

export interface SourceRef {
  /** File path as given by the user (relative paths stay relative); '<stdin>' for standard input; 'cluster://CONTEXT' for live objects. */
  readonly file: string
  /** 0-based index of the YAML document within the file (or of the item inside a `kind: List`). */
  readonly doc: number
  /** Position of the object itself (its first line). */
  readonly line: number
  readonly col: number
  /**
   * Position of a field inside this object; falls back to the nearest ancestor that exists,
   * then to the object position. Pure and memoized by the loader.
   */
  locate(path: FieldPath): SourcePosition
}

/** A SourceRef for objects that have no file (cluster objects, generated objects in tests). */
export function syntheticSource(file: string, doc = 0): SourceRef {
  return {file, doc, line: 1, col: 1, locate: () => ({line: 1, col: 1})}
}

export function formatPosition(file: string, pos: SourcePosition | undefined): string {
  return pos ? `${file}:${pos.line}:${pos.col}` : file
}
