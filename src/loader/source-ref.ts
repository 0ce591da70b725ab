import type {FieldPath, SourcePosition, SourceRef} from '../model/source.js'
import type {LineIndex} from './line-index.js'
import {contentStart, locateOffset, type PosRef} from './positions.js'

/** Everything needed to answer `locate()` for the objects of one file. */
export interface FileText {
  readonly file: string
  readonly text: string
  readonly lines: LineIndex
}

/**
 * A SourceRef whose `locate()` walks the recorded positions of the object's
 * node (`root` is computed on first use). `start`, when known, is where the
 * object's text starts, so its own line/col need no positions. Memoized.
 */
/** `root`: the object's node, or how to find it on first use. */
export type RootSource = PosRef | (() => PosRef)

export function makeSourceRef(ft: FileText, doc: number, root: RootSource, start?: number): SourceRef {
  return new FileSourceRef(ft, doc, root, start)
}

/**
 * One object per loaded object, methods on the prototype and the memo made
 * on first use: ten thousand manifests make ten thousand of these, and a
 * closure-per-method version cost about a kilobyte each.
 */
class FileSourceRef implements SourceRef {
  readonly file: string
  readonly doc: number
  #root: RootSource
  #self: SourcePosition | undefined
  #memo: Map<string, SourcePosition> | undefined

  constructor(
    private readonly ft: FileText,
    doc: number,
    root: RootSource,
    private readonly start: number | undefined,
  ) {
    this.file = ft.file
    this.doc = doc
    this.#root = root
  }

  get line(): number {
    return this.position().line
  }

  get col(): number {
    return this.position().col
  }

  locate(path: FieldPath): SourcePosition {
    if (path.length === 0) return this.position()
    const key = path.join('\u0000')
    const memo = (this.#memo ??= new Map())
    let pos = memo.get(key)
    if (pos === undefined) {
      pos = this.at(locateOffset(this.root(), path))
      memo.set(key, pos)
    }
    return pos
  }

  /** `file`, `doc`, `line` and `col` as plain data (what an object literal SourceRef would serialize to). */
  toJSON(): {file: string; doc: number; line: number; col: number} {
    return {file: this.file, doc: this.doc, line: this.line, col: this.col}
  }

  private position(): SourcePosition {
    return (this.#self ??= this.at(this.start ?? this.rootOffset()))
  }

  private root(): PosRef {
    const r = this.#root
    if (typeof r !== 'function') return r
    const made = r()
    this.#root = made
    return made
  }

  private rootOffset(): number {
    const r = this.root()
    return r.store.s[r.node]
  }

  private at(offset: number): SourcePosition {
    return this.ft.lines.position(contentStart(this.ft.text, offset))
  }
}
