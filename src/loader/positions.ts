import type {FieldPath} from '../model/source.js'

/** Node kinds in a PosStore. */
export const enum NodeKind {
  Scalar = 0,
  /** A scalar that is a mapping key; its name is in `keys`. */
  Key = 1,
  Mapping = 2,
  Sequence = 3,
  /** A parser frame around one child that produced the very same value: walk into the child. */
  Wrapper = 4,
}

/**
 * Where the YAML/JSON nodes of one file start, in flat typed arrays (no object
 * per node: ten thousand manifests hold about a million nodes). A mapping's
 * children are its keys and values in text order; a sequence's are its items.
 */
export class PosStore {
  private cap = 1024
  /** Offset in the file text where the node (or the blank before it) starts. */
  s = new Int32Array(this.cap)
  kind = new Uint8Array(this.cap)
  /** Number of items of a sequence. */
  len = new Int32Array(this.cap)
  first = new Int32Array(this.cap)
  next = new Int32Array(this.cap)
  private last = new Int32Array(this.cap)
  readonly keys: Array<string | undefined> = []
  count = 0
  /** Children of sequences, indexed on first use (a 10,000-item List is walked once, not once per item). */
  private readonly items = new Map<number, Int32Array | null>()

  /** The items of sequence `n`, or null when its children and items disagree (`[a: 1]`, a single-pair mapping in a flow sequence). */
  itemsOf(n: number): Int32Array | null {
    let got = this.items.get(n)
    if (got === undefined) {
      let count = 0
      for (let c = this.first[n]; c >= 0; c = this.next[c]) count++
      if (count !== this.len[n]) got = null
      else {
        got = new Int32Array(count)
        let i = 0
        for (let c = this.first[n]; c >= 0; c = this.next[c]) got[i++] = c
      }
      this.items.set(n, got)
    }
    return got
  }

  alloc(start: number): number {
    if (this.count === this.cap) this.grow()
    const n = this.count++
    this.s[n] = start
    this.kind[n] = NodeKind.Scalar
    this.first[n] = -1
    this.next[n] = -1
    this.last[n] = -1
    return n
  }

  append(parent: number, child: number): void {
    const l = this.last[parent]
    if (l < 0) this.first[parent] = child
    else this.next[l] = child
    this.last[parent] = child
  }

  /**
   * Shrinks the arrays to the nodes allocated, once a file is parsed: they grow
   * by doubling, and the snapshot keeps them for as long as its objects live.
   * Allocating afterwards still works (the arrays grow again).
   */
  seal(): void {
    if (this.cap === this.count) return
    this.cap = this.count
    this.s = this.s.slice(0, this.count)
    this.kind = this.kind.slice(0, this.count)
    this.len = this.len.slice(0, this.count)
    this.first = this.first.slice(0, this.count)
    this.next = this.next.slice(0, this.count)
    this.last = this.last.slice(0, this.count)
  }

  private grow(): void {
    this.cap = Math.max(1024, this.cap * 2)
    const g = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.cap)
      b.set(a)
      return b
    }
    this.s = g(this.s)
    this.kind = g(this.kind)
    this.len = g(this.len)
    this.first = g(this.first)
    this.next = g(this.next)
    this.last = g(this.last)
  }
}

/** A node of a store: a document or List item root. */
export interface PosRef {
  readonly store: PosStore
  readonly node: number
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

function unwrap(st: PosStore, node: number): number {
  let n = node
  while (st.kind[n] === NodeKind.Wrapper && st.first[n] >= 0) n = st.first[n]
  return n
}

/** One step down: `{key, value}` for a mapping field (value -1 when absent), `{key: item, value: item}` for a sequence index. */
function step(st: PosStore, node: number, seg: string | number): {at: number; value: number} | undefined {
  const n = unwrap(st, node)
  const kind = st.kind[n]
  if (kind === NodeKind.Sequence) {
    if (typeof seg !== 'number' || seg < 0) return undefined
    const items = st.itemsOf(n)
    if (items === null || seg >= items.length) return undefined
    const c = items[seg]
    return {at: c, value: c}
  }
  if (kind === NodeKind.Mapping) {
    const name = String(seg)
    let found: {at: number; value: number} | undefined
    for (let c = st.first[n]; c >= 0; c = st.next[c]) {
      if (st.kind[c] !== NodeKind.Key || st.keys[c] !== name) continue
      const v = st.next[c]
      // A key without a value (`name:` then the next key) has no value node; later duplicates win, as in the value.
      found = {at: c, value: v >= 0 && st.kind[v] !== NodeKind.Key ? v : -1}
    }
    return found
  }
  return undefined
}

/**
 * The offset of a field: a mapping field points at its key, a sequence index at
 * the item. Falls back to the nearest ancestor that exists.
 */
export function locateOffset(ref: PosRef, path: FieldPath): number {
  const st = ref.store
  let node = ref.node
  let at = st.s[node]
  for (const seg of path) {
    const next = step(st, node, seg)
    if (next === undefined) break
    at = st.s[next.at]
    if (next.value < 0) break
    node = next.value
  }
  return at
}

/** The node at exactly `path`, if every step exists (a List item, for its own SourceRef). */
export function nodeAt(ref: PosRef, path: FieldPath): PosRef | undefined {
  let node = ref.node
  for (const seg of path) {
    const next = step(ref.store, node, seg)
    if (next === undefined || next.value < 0) return undefined
    node = next.value
  }
  return {store: ref.store, node}
}
