import type {FieldPath} from '../model/source.js'

/**
 * Where one YAML/JSON node starts, recorded while parsing (see yaml-documents.ts
 * and json-positions.ts). A mapping's children are its keys and values in text
 * order, keys flagged with `key`; a sequence's children are its items.
 */
export interface PosNode {
  /** Offset in the file text where the node (or the whitespace before it) starts. */
  s: number
  /** The parsed value: the key's name for keys, the object or array for collections. */
  v: unknown
  /** True when this node is a mapping key. */
  key: boolean
  c: PosNode[] | null
}

/** Skips blanks, line breaks and `#` comments: the offset where the node's own text starts. */
export function contentStart(text: string, offset: number, end = text.length): number {
  let i = offset
  while (i < end) {
    const ch = text.charCodeAt(i)
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) {
      i++
    } else if (ch === 0x23 /* # */) {
      const nl = text.indexOf('\n', i)
      if (nl === -1 || nl >= end) return end
      i = nl + 1
    } else {
      return i
    }
  }
  return Math.min(i, end)
}

/** A collection node whose only child produced the very same value is a parser wrapper: use the child. */
function unwrap(node: PosNode): PosNode {
  let n = node
  while (n.c !== null && n.c.length === 1 && n.c[0].v === n.v && typeof n.v === 'object' && n.v !== null) n = n.c[0]
  return n
}

function mappingChild(node: PosNode, name: string): {key: PosNode; value?: PosNode} | undefined {
  const c = node.c
  if (c === null) return undefined
  let found: {key: PosNode; value?: PosNode} | undefined
  for (let i = 0; i < c.length; i++) {
    const k = c[i]
    if (!k.key || String(k.v) !== name) continue
    const next = c[i + 1]
    // A key without a value (`name:` then the next key) has no value node of its own.
    found = {key: k, value: next !== undefined && !next.key ? next : undefined}
    // Later duplicates win, as they do in the parsed value.
  }
  return found
}

/**
 * The offset of a field: a mapping field points at its key, a sequence index at
 * the item. Falls back to the nearest ancestor that exists.
 */
export function locateOffset(root: PosNode, path: FieldPath): number {
  let node = root
  let at = root.s
  for (const seg of path) {
    const n = unwrap(node)
    if (n.c === null) break
    if (Array.isArray(n.v)) {
      if (typeof seg !== 'number' || n.c.length !== n.v.length || seg < 0 || seg >= n.c.length) break
      node = n.c[seg]
      at = node.s
    } else if (typeof n.v === 'object' && n.v !== null) {
      const hit = mappingChild(n, String(seg))
      if (hit === undefined) break
      at = hit.key.s
      if (hit.value === undefined) break
      node = hit.value
    } else {
      break
    }
  }
  return at
}
