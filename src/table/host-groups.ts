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

/** Added to a segment id in a child key when the child is a leaf: the route itself, not a node. */
const LEAF = 1 << 29

/**
 * A trie node. Children are keyed by segment id. The first eight children
 * are fields of the node itself, so finding a child reads only this node (no
 * pointer to a separate Map or array to follow: at 100k routes every pointer
 * followed is a likely cache miss); further children go to a Map.
 *
 * A child that would be a leaf (a route's last segment, nothing below it) is
 * the Route itself, under the key `id + LEAF`: the parent's key says it is a
 * leaf, so a lookup returns it without reading it, and most nodes of a large
 * table (its leaves) do not exist. A leaf becomes a node when a longer path
 * is inserted under it.
 */
export class TrieNode {
  // Field order is memory order: what a lookup reads first comes first, and each
  // child's key sits beside its child, so a lookup touches one or two cache lines.
  /** Number of children (nodes and leaves). */
  count = 0
  /** The Prefix route ending at this node (the preferred one when several select the same prefix). */
  route: Route | undefined = undefined
  k0 = -1
  c0: Child | undefined = undefined
  k1 = -1
  c1: Child | undefined = undefined
  k2 = -1
  c2: Child | undefined = undefined
  k3 = -1
  c3: Child | undefined = undefined
  k4 = -1
  c4: Child | undefined = undefined
  k5 = -1
  c5: Child | undefined = undefined
  k6 = -1
  c6: Child | undefined = undefined
  k7 = -1
  c7: Child | undefined = undefined
  more: Map<number, Child> | undefined = undefined

  /** The child under `key` (a segment id for a node, `id + LEAF` for a leaf route). */
  child(key: number): Child | undefined {
    if (this.k0 === key) return this.c0
    if (this.k1 === key) return this.c1
    if (this.k2 === key) return this.c2
    if (this.k3 === key) return this.c3
    if (this.k4 === key) return this.c4
    if (this.k5 === key) return this.c5
    if (this.k6 === key) return this.c6
    if (this.k7 === key) return this.c7
    const more = this.more
    return more === undefined ? undefined : more.get(key)
  }

  /** The inner node for segment `id`, made (or made from a leaf) when needed. */
  nodeFor(id: number): TrieNode {
    const found = this.child(id) as TrieNode | undefined
    if (found !== undefined) return found
    const node = new TrieNode()
    const leaf = this.child(id + LEAF) as Route | undefined
    if (leaf !== undefined) {
      node.route = leaf
      this.rekey(id + LEAF, id, node)
    } else this.add(id, node)
    return node
  }

  /** Puts `route` at segment `id`: a leaf when nothing is there, else the one `prefer` picks. */
  putRoute(id: number, route: Route, prefer: (a: Route, b: Route) => number): void {
    const node = this.child(id) as TrieNode | undefined
    if (node !== undefined) {
      if (!node.route || prefer(route, node.route) < 0) node.route = route
      return
    }
    const leaf = this.child(id + LEAF) as Route | undefined
    if (leaf === undefined) this.add(id + LEAF, route)
    else if (prefer(route, leaf) < 0) this.rekey(id + LEAF, id + LEAF, route)
  }

  private add(key: number, child: Child): void {
    switch (this.count) {
      case 0: [this.k0, this.c0] = [key, child]; break
      case 1: [this.k1, this.c1] = [key, child]; break
      case 2: [this.k2, this.c2] = [key, child]; break
      case 3: [this.k3, this.c3] = [key, child]; break
      case 4: [this.k4, this.c4] = [key, child]; break
      case 5: [this.k5, this.c5] = [key, child]; break
      case 6: [this.k6, this.c6] = [key, child]; break
      case 7: [this.k7, this.c7] = [key, child]; break
      default: (this.more ??= new Map()).set(key, child)
    }
    this.count++
  }

  /** Replaces the child under `from` by `child` under `to`, in the same place. */
  private rekey(from: number, to: number, child: Child): void {
    if (this.k0 === from) [this.k0, this.c0] = [to, child]
    else if (this.k1 === from) [this.k1, this.c1] = [to, child]
    else if (this.k2 === from) [this.k2, this.c2] = [to, child]
    else if (this.k3 === from) [this.k3, this.c3] = [to, child]
    else if (this.k4 === from) [this.k4, this.c4] = [to, child]
    else if (this.k5 === from) [this.k5, this.c5] = [to, child]
    else if (this.k6 === from) [this.k6, this.c6] = [to, child]
    else if (this.k7 === from) [this.k7, this.c7] = [to, child]
    else {
      this.more!.delete(from)
      this.more!.set(to, child)
    }
  }
}

/** A trie child: an inner node, or (under a LEAF key) the route of a leaf. */
type Child = TrieNode | Route

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
    const segs = prefixSegments(route.path)
    if (segs.length === 0) {
      if (!this.route || prefer(route, this.route) < 0) this.route = route
      return
    }
    let node: TrieNode = this
    for (let i = 0; i < segs.length - 1; i++) node = node.nodeFor(this.segments.intern(segs[i]!))
    node.putRoute(this.segments.intern(segs[segs.length - 1]!), route, prefer)
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
      // A leaf is the longest match there can be: return it without reading it.
      const leaf = node.child(id + LEAF) as Route | undefined
      if (leaf !== undefined) return leaf
      const child = node.child(id) as TrieNode | undefined
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
