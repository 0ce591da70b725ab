/**
 * The hosts of a table, found by hash in flat integer arrays.
 *
 * A lookup at 100,000 routes is bound by memory latency: every pointer it
 * follows to another object is a likely cache miss. A JS Map from host to
 * trie costs three in a row (its bucket, its entry, the key string compared)
 * before the trie is read. Here the hash slot holds the hash and the offset
 * of a record in the PackedTrie's slots, and that record is the host's key
 * followed by its trie's root node: one miss for the slot, one for key and
 * root together.
 *
 * Hashing is FNV-1a over the UTF-16 code units, from the last to the first.
 * Hashing from the end gives, in the same pass, the hash of the parent
 * domain (the key of the `*.parent` wildcard group) when the pass reaches
 * the first dot. The keys are the table's hosts, fixed when it is built, so a
 * crafted request Host cannot lengthen a probe chain: it can only miss.
 */

const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 16777619

/** Spreads FNV's high-bit entropy to the low bits the slot index uses (MurmurHash3's finalizer). */
function finish(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** Hash of a key as `HostTables.rootFor` computes it for a request host equal to it. */
export function hostHash(key: string): number {
  let h = FNV_OFFSET
  for (let i = key.length - 1; i >= 0; i--) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME)
  return finish(h)
}

/**
 * A key as stored before its trie: its length, then its code units two per
 * slot (`s[i] | s[i + 1] << 16`). Returns the number of slots written.
 */
export function writeKey(slots: number[], key: string): number {
  slots.push(key.length)
  for (let i = 0; i < key.length; i += 2) slots.push(key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16))
  return keySlots(key.length)
}

/** Slots taken by a key of `length` code units, its length included. */
export function keySlots(length: number): number {
  return 1 + ((length + 1) >> 1)
}

/** Open addressing, linear probing, at most half full: pairs (hash, record offset), offset -1 when empty. */
class HashSlots {
  private readonly pairs: Int32Array
  private readonly mask: number

  constructor(keys: number) {
    let capacity = 8
    while (capacity < 2 * keys) capacity *= 2
    this.mask = capacity - 1
    this.pairs = new Int32Array(2 * capacity)
    for (let i = 1; i < this.pairs.length; i += 2) this.pairs[i] = -1
  }

  add(hash: number, record: number): void {
    let i = hash & this.mask
    while (this.pairs[2 * i + 1] !== -1) i = (i + 1) & this.mask
    this.pairs[2 * i] = hash
    this.pairs[2 * i + 1] = record
  }

  /** The trie root after the record whose key is `host.slice(from)`, or -1. */
  find(slots: Int32Array, host: string, from: number, hash: number): number {
    const pairs = this.pairs
    const mask = this.mask
    const len = host.length - from
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const record = pairs[2 * i + 1]!
      if (record === -1) return -1
      if (pairs[2 * i] === hash && slots[record] === len && keyEquals(slots, record + 1, host, from, len)) {
        return record + keySlots(len)
      }
    }
  }
}

function keyEquals(slots: Int32Array, at: number, host: string, from: number, len: number): boolean {
  for (let i = 0; i < len; i += 2) {
    // The key runs to the end of `host`: past it charCodeAt is NaN, and NaN << 16 is 0, the padding writeKey stored.
    const pair = host.charCodeAt(from + i) | (host.charCodeAt(from + i + 1) << 16)
    if (slots[at + (i >> 1)] !== pair) return false
  }
  return true
}

/** Exact hosts and wildcard parents (`foo.com` for `*.foo.com`), each a record in the trie's slots. */
export class HostTables {
  private readonly exact: HashSlots
  private readonly wildcard: HashSlots
  private slots: Int32Array = new Int32Array(0)

  constructor(exactKeys: number, wildcardKeys: number) {
    this.exact = new HashSlots(exactKeys)
    this.wildcard = new HashSlots(wildcardKeys)
  }

  addExact(key: string, record: number): void {
    this.exact.add(hostHash(key), record)
  }

  addWildcard(parent: string, record: number): void {
    this.wildcard.add(hostHash(parent), record)
  }

  /** The packed slots the records are in, once frozen. */
  attach(slots: Int32Array): void {
    this.slots = slots
  }

  /**
   * The trie root of a normalized request host: its exact host, else the
   * wildcard group of its parent domain (one label removed, and only when
   * there is a parent: `foo.` and `.foo` have none); -1 when neither.
   */
  rootFor(host: string): number {
    const len = host.length
    const dot = host.indexOf('.')
    let h = FNV_OFFSET
    let parent = 0
    for (let i = len - 1; i >= 0; i--) {
      if (i === dot) parent = h
      h = Math.imul(h ^ host.charCodeAt(i), FNV_PRIME)
    }
    const root = this.exact.find(this.slots, host, 0, finish(h))
    if (root >= 0 || dot <= 0 || dot >= len - 1) return root
    return this.wildcard.find(this.slots, host, dot + 1, finish(parent))
  }
}
