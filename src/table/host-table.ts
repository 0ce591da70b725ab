/**
 * The hosts of a table, found by hash in flat integer arrays.
 *
 * A lookup at 100,000 routes is bound by memory latency: every pointer it
 * follows to another object is a likely cache miss. A JS Map from host to
 * trie costs three in a row (its bucket, its entry, the key string compared)
 * before the trie is read. Here the hash slot holds the hash and the offset
 * of a record in the PackedTrie's slots, and that record is the host's key
 * followed by its trie's root node: one miss for the slot, one for key and
 * root together. The slot also gives the host's first route, read at once
 * so that the route the walk ends on is not a third miss after the others.
 *
 * Hashing is FNV-1a over the UTF-16 code units, from the last to the first.
 * Hashing from the end gives, in the same pass, the hash of the parent
 * domain (the key of the `*.parent` wildcard group) when the pass reaches
 * the first dot. The keys are the table's hosts, fixed when it is built, so a
 * crafted request Host cannot lengthen a probe chain: it can only miss.
 */
import type {IntBuffer} from './int-buffer.js'

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
export function writeKey(slots: IntBuffer, key: string): number {
  slots.push(key.length)
  for (let i = 0; i < key.length; i += 2) slots.push(key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16))
  return keySlots(key.length)
}

/** Slots taken by a key of `length` code units, its length included. */
export function keySlots(length: number): number {
  return 1 + ((length + 1) >> 1)
}

/** Where a host's record and its trie's root are, and the index of its first route in the trie's routes (-1 when it has none). */
export interface PackedHost {
  readonly record: number
  readonly root: number
  readonly firstRoute: number
}

/**
 * Open addressing, linear probing, at most half full. Each slot is three
 * integers: the key's hash, its record's offset (-1 when the slot is empty)
 * and its first route's index.
 */
class HashSlots {
  private readonly entries: Int32Array
  private readonly mask: number

  constructor(keys: number) {
    let capacity = 8
    while (capacity < 2 * keys) capacity *= 2
    this.mask = capacity - 1
    this.entries = new Int32Array(3 * capacity)
    for (let i = 1; i < this.entries.length; i += 3) this.entries[i] = -1
  }

  add(hash: number, host: PackedHost): void {
    let i = hash & this.mask
    while (this.entries[3 * i + 1] !== -1) i = (i + 1) & this.mask
    this.entries[3 * i] = hash
    this.entries[3 * i + 1] = host.record
    this.entries[3 * i + 2] = host.firstRoute
  }

  /** The trie root after the record whose key is `host.slice(from)`, or -1. */
  find(slots: Int32Array, routes: readonly unknown[], host: string, from: number, hash: number): number {
    const entries = this.entries
    const mask = this.mask
    const len = host.length - from
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const record = entries[3 * i + 1]!
      if (record === -1) return -1
      if (entries[3 * i] !== hash) continue
      // Read the host's first route now, while the record's cache line is still loading: the walk
      // of its trie ends on one of the host's routes, which sit together in `routes`, so that
      // line is in cache by then instead of being one more miss at the end of a dependent chain.
      const first = entries[3 * i + 2]!
      if (first >= 0 && routes[first] === undefined) throw new Error(`host table: route ${first} is not in the table`)
      if (slots[record] === len && keyEquals(slots, record + 1, host, from, len)) return record + keySlots(len)
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
  private routes: readonly unknown[] = []

  constructor(exactKeys: number, wildcardKeys: number) {
    this.exact = new HashSlots(exactKeys)
    this.wildcard = new HashSlots(wildcardKeys)
  }

  addExact(key: string, host: PackedHost): void {
    this.exact.add(hostHash(key), host)
  }

  addWildcard(parent: string, host: PackedHost): void {
    this.wildcard.add(hostHash(parent), host)
  }

  /** The packed slots the records are in and the routes they refer to, once frozen. */
  attach(slots: Int32Array, routes: readonly unknown[]): void {
    this.slots = slots
    this.routes = routes
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
    const root = this.exact.find(this.slots, this.routes, host, 0, finish(h))
    if (root >= 0 || dot <= 0 || dot >= len - 1) return root
    return this.wildcard.find(this.slots, this.routes, host, dot + 1, finish(parent))
  }
}
