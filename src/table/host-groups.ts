/**
 * The route index: host groups (exact hosts, wildcard parents, the any-host
 * group) and, per group, an exact-path Map and a segment trie of prefixes.
 * A lookup is two or three Map hits for the host and one Map hit per request
 * path segment: its cost does not depend on how many routes the table holds.
 */
import type {Route} from '../model/routes.js'
import {ANY_HOST, isWildcardHost} from './host.js'
import {prefixSegments} from './path.js'

/**
 * Path segments of every prefix rule of a table, interned to small integers,
 * so trie edges are keyed by integers: a child lookup compares numbers instead
 * of reading key strings scattered over the heap. A request segment no rule
 * uses has no id, which ends the walk at once.
 */
export class SegmentIds {
  private readonly ids = new Map<string, number>()

  intern(segment: string): number {
    let id = this.ids.get(segment)
    if (id === undefined) this.ids.set(segment, (id = this.ids.size))
    return id
  }

  get(segment: string): number | undefined {
    return this.ids.get(segment)
  }
}

/**
 * A trie node. Children are keyed by segment id. The first eight children
 * are fields of the node itself, so finding a child reads only this node (no
 * pointer to a separate Map or array to follow: at 100k routes every pointer
 * followed is a likely cache miss); further children go to a Map.
 */
export class TrieNode {
  // Field order is memory order: what a lookup reads first comes first, and each
  // child's key sits beside its node, so a lookup touches one or two cache lines.
  /** Number of children. */
  count = 0
  /** The Prefix route ending at this node (the preferred one when several select the same prefix). */
  route: Route | undefined = undefined
  k0 = -1
  c0: TrieNode | undefined = undefined
  k1 = -1
  c1: TrieNode | undefined = undefined
  k2 = -1
  c2: TrieNode | undefined = undefined
  k3 = -1
  c3: TrieNode | undefined = undefined
  k4 = -1
  c4: TrieNode | undefined = undefined
  k5 = -1
  c5: TrieNode | undefined = undefined
  k6 = -1
  c6: TrieNode | undefined = undefined
  k7 = -1
  c7: TrieNode | undefined = undefined
  more: Map<number, TrieNode> | undefined = undefined

  child(id: number): TrieNode | undefined {
    if (this.k0 === id) return this.c0
    if (this.k1 === id) return this.c1
    if (this.k2 === id) return this.c2
    if (this.k3 === id) return this.c3
    if (this.k4 === id) return this.c4
    if (this.k5 === id) return this.c5
    if (this.k6 === id) return this.c6
    if (this.k7 === id) return this.c7
    const more = this.more
    return more === undefined ? undefined : more.get(id)
  }

  addChild(id: number): TrieNode {
    const found = this.child(id)
    if (found) return found
    const node = new TrieNode()
    switch (this.count) {
      case 0: [this.k0, this.c0] = [id, node]; break
      case 1: [this.k1, this.c1] = [id, node]; break
      case 2: [this.k2, this.c2] = [id, node]; break
      case 3: [this.k3, this.c3] = [id, node]; break
      case 4: [this.k4, this.c4] = [id, node]; break
      case 5: [this.k5, this.c5] = [id, node]; break
      case 6: [this.k6, this.c6] = [id, node]; break
      case 7: [this.k7, this.c7] = [id, node]; break
      default: (this.more ??= new Map()).set(id, node)
    }
    this.count++
    return node
  }
}

/** One host's routes: an exact-path Map, and the prefix trie whose root is the group itself. */
export class HostGroup extends TrieNode {
  /** Exact-path routes by path as written (created with the first Exact route). */
  exact: Map<string, Route> | undefined = undefined
  /** Bit (length mod 32) set for every Exact path length: most requests skip the exact Map. */
  private exactLengths = 0
  /** Every route of this host, in table order. */
  readonly routes: Route[] = []
  /** Routes dropped as duplicates of a route of this host (same host, path and pathType). */
  readonly duplicates: Route[] = []

  constructor(
    readonly host: string,
    private readonly segments: SegmentIds,
  ) {
    super()
  }

  /** `prefer(a, b)` < 0 when `a` wins over `b`, among routes selecting the same requests. */
  insert(route: Route, prefer: (a: Route, b: Route) => number): void {
    this.routes.push(route)
    if (route.matchKind === 'Exact') {
      this.exact ??= new Map()
      this.exactLengths |= 1 << (route.path.length & 31)
      const cur = this.exact.get(route.path)
      if (!cur || prefer(route, cur) < 0) this.exact.set(route.path, route)
      return
    }
    let node: TrieNode = this
    for (const seg of prefixSegments(route.path)) node = node.addChild(this.segments.intern(seg))
    if (!node.route || prefer(route, node.route) < 0) node.route = route
  }

  /** The winning route for a normalized request path, or undefined. Hot path: no allocation besides segment slices. */
  match(path: string): Route | undefined {
    const len = path.length
    if ((this.exactLengths >>> (len & 31)) & 1) {
      const exact = this.exact!.get(path)
      // An Exact match is never shorter than any Prefix match of the same path, and wins ties.
      if (exact !== undefined) return exact
    }
    let node: TrieNode = this
    let best = node.route
    const segments = this.segments
    let start = 1
    while (start <= len) {
      if (node.count === 0) break
      let end = path.indexOf('/', start)
      if (end === -1) end = len
      const id = segments.get(path.slice(start, end))
      if (id === undefined) break
      const child = node.child(id)
      if (child === undefined) break
      node = child
      if (child.route !== undefined) best = child.route
      start = end + 1
    }
    return best
  }
}

export class HostIndex {
  readonly segments = new SegmentIds()
  readonly exact = new Map<string, HostGroup>()
  /** `*.foo.com` groups keyed by `foo.com`. */
  readonly wildcard = new Map<string, HostGroup>()
  any: HostGroup | undefined

  group(host: string): HostGroup {
    if (host === ANY_HOST) return (this.any ??= new HostGroup(ANY_HOST, this.segments))
    const map = isWildcardHost(host) ? this.wildcard : this.exact
    const key = isWildcardHost(host) ? host.slice(2) : host
    let g = map.get(key)
    if (!g) {
      g = new HostGroup(host, this.segments)
      map.set(key, g)
    }
    return g
  }

  /** Host-first selection: the exact host, else the `*.parent` wildcard, else the any-host group. */
  select(host: string): HostGroup | undefined {
    const g = this.exact.get(host)
    if (g !== undefined) return g
    const dot = host.indexOf('.')
    if (dot > 0 && dot < host.length - 1) {
      const w = this.wildcard.get(host.slice(dot + 1))
      if (w !== undefined) return w
    }
    return this.any
  }

  /** Every group that matches `host`, most specific first (for explain). */
  matching(host: string): HostGroup[] {
    const out: HostGroup[] = []
    const e = this.exact.get(host)
    if (e) out.push(e)
    const dot = host.indexOf('.')
    if (dot > 0 && dot < host.length - 1) {
      const w = this.wildcard.get(host.slice(dot + 1))
      if (w) out.push(w)
    }
    if (this.any) out.push(this.any)
    return out
  }

  all(): HostGroup[] {
    return [...this.exact.values(), ...this.wildcard.values(), ...(this.any ? [this.any] : [])]
  }
}
