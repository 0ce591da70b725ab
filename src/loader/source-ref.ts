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
export function makeSourceRef(ft: FileText, doc: number, root: () => PosRef, start?: number): SourceRef {
  let cachedRoot: PosRef | undefined
  const getRoot = (): PosRef => (cachedRoot ??= root())
  const memo = new Map<string, SourcePosition>()
  const at = (offset: number): SourcePosition => ft.lines.position(contentStart(ft.text, offset))
  let self: SourcePosition | undefined
  const rootOffset = (): number => {
    const r = getRoot()
    return r.store.s[r.node]
  }
  const objectPosition = (): SourcePosition => (self ??= at(start ?? rootOffset()))
  return {
    file: ft.file,
    doc,
    get line() {
      return objectPosition().line
    },
    get col() {
      return objectPosition().col
    },
    locate(path: FieldPath): SourcePosition {
      if (path.length === 0) return objectPosition()
      const key = path.join('\u0000')
      let pos = memo.get(key)
      if (pos === undefined) {
        pos = at(locateOffset(getRoot(), path))
        memo.set(key, pos)
      }
      return pos
    },
  }
}
