/**
 * The route index: host groups (exact hosts, wildcard parents, the any-host
 * group), each with its routes and a segment trie of its paths (Exact and
 * Prefix), all tries packed into one PackedTrie. A lookup is one or two hash
 * probes for the host (host-table.ts) and one Map hit per request path
 * segment: its cost does not depend on how many routes the table holds.
 */
import type {Route} from '../model/routes.js'
import {ANY_HOST, isWildcardHost} from './host.js'
import {HostTables, keySlots, type PackedHost} from './host-table.js'
import type {NginxServer} from '../model/locations.js'
import {NginxServerMatcher} from './nginx-server.js'
import {BuildNode, PackedTrie} from './packed-trie.js'

/** One host's routes, and (once packed) its path trie in the table's PackedTrie. */
export class HostGroup {
  /** Every route of this host, in table order. */
  readonly routes: Route[] = []
  /** Routes dropped as duplicates of a route of this host (same host, path and pathType). */
  readonly duplicates: Route[] = []
  /** The trie while routes are inserted; dropped by pack(). */
  private tree: BuildNode | undefined = new BuildNode()
  /** Offset of this host's trie in `trie`, set by pack(). */
  root = -1
  /**
   * An ingress-nginx host: its locations. In regex mode they select the route
   * (the trie stays empty); otherwise the trie holds the same answers (see
   * route-table.ts) and the locations serve explain() and the rare requests
   * the trie cannot answer as nginx does.
   */
  private regex: NginxServerMatcher | undefined

  /** Makes this an ingress-nginx host in regex mode: `matcher`'s locations select its routes. */
  attachNginx(matcher: NginxServerMatcher): void {
    if (this.routes.length > 0) throw new Error(`host group ${this.host} has trie routes already`)
    this.regex = matcher
    for (const r of matcher.routes) this.routes.push(r)
  }

  /** Makes this an ingress-nginx host whose routes are in the trie (no regex); its locations are built from them on first use. */
  describeNginxLazily(build: (host: string, routes: readonly Route[]) => NginxServer): void {
    this.lazy = build
  }

  private lazy: ((host: string, routes: readonly Route[]) => NginxServer) | undefined
  private built: NginxServerMatcher | undefined

  get nginx(): NginxServerMatcher | undefined {
    if (this.regex) return this.regex
    if (this.lazy === undefined) return undefined
    // Without regex the order of locations does not change nginx's selection: the table's order of routes serves.
    return (this.built ??= new NginxServerMatcher(this.lazy(this.host, this.routes)))
  }

  constructor(
    readonly host: string,
    readonly trie: PackedTrie,
  ) {}

  /** `prefer(a, b)` < 0 when `a` wins over `b`, among routes selecting the same requests. */
  insert(route: Route, prefer: (a: Route, b: Route) => number): void {
    if (this.tree === undefined) throw new Error(`host group ${this.host} is packed: no more inserts`)
    this.routes.push(route)
    if (route.matchKind === 'Exact') {
      // An Exact rule is the whole path, segment by segment: `/foo/` is ['foo', ''], `/` is ['']. A rule
      // path that does not start with `/` can never equal a request path (which always does).
      if (!route.path.startsWith('/')) return
      const node = this.walk(this.trie.segments.exactPathIds(route.path))
      if (!node.exact || prefer(route, node.exact) < 0) node.exact = route
      return
    }
    const node = this.walk(this.trie.segments.prefixPathIds(route.path))
    if (!node.route || prefer(route, node.route) < 0) node.route = route
  }

  /** Lays the trie out in the table's PackedTrie; match() works once that trie is frozen. */
  pack(): void {
    this.root = this.trie.pack(this.takeTree())
  }

  /** pack(), with the trie right after `key` (what a lookup compares the request host with): see host-table.ts. */
  packKeyed(key: string): PackedHost {
    const packed = this.trie.packKeyed(key, this.takeTree())
    this.root = packed.root
    return packed
  }

  private takeTree(): BuildNode {
    const tree = this.tree
    if (tree === undefined) throw new Error(`host group ${this.host} is packed already`)
    this.tree = undefined
    return tree
  }

  /** The winning route for a normalized request path, or undefined (ingress-nginx hosts: see nginx). */
  match(path: string): Route | undefined {
    return this.root < 0 ? undefined : this.trie.match(this.root, path)
  }

  private walk(ids: readonly number[]): BuildNode {
    let node = this.tree!
    for (const id of ids) node = node.child(id)
    return node
  }
}

export class HostIndex {
  readonly trie = new PackedTrie()
  readonly exact = new Map<string, HostGroup>()
  /** `*.foo.com` groups keyed by `foo.com`. */
  readonly wildcard = new Map<string, HostGroup>()
  any: HostGroup | undefined
  /** What a lookup reads to select a host (not the group objects): see host-table.ts. */
  private hosts: HostTables | undefined
  private anyRoot = -1

  group(host: string): HostGroup {
    if (host === ANY_HOST) return (this.any ??= new HostGroup(ANY_HOST, this.trie))
    const map = isWildcardHost(host) ? this.wildcard : this.exact
    const key = isWildcardHost(host) ? host.slice(2) : host
    let g = map.get(key)
    if (!g) {
      g = new HostGroup(host, this.trie)
      map.set(key, g)
    }
    return g
  }

  /** Packs every group's trie, in table order; call once, after the last insert. */
  seal(): void {
    if (this.hosts) throw new Error('the host index is sealed already')
    const hosts = new HostTables(this.exact.size, this.wildcard.size)
    // About 5 slots per route (a node of 3 and its parent's pair of 2 per segment it adds), 3 for each
    // root, and the keys: close to what a table of short paths takes, so the slots rarely grow.
    const slotsOf = (g: HostGroup, keyLength: number) => 3 + 5 * g.routes.length + keySlots(keyLength)
    let estimate = this.any ? slotsOf(this.any, 0) : 0
    for (const [key, g] of this.exact) estimate += slotsOf(g, key.length)
    for (const [key, g] of this.wildcard) estimate += slotsOf(g, key.length)
    this.trie.reserve(estimate)
    for (const [key, g] of this.exact) hosts.addExact(key, g.packKeyed(key))
    for (const [key, g] of this.wildcard) hosts.addWildcard(key, g.packKeyed(key))
    if (this.any) {
      this.any.pack()
      this.anyRoot = this.any.root
    }
    const {slots, routes} = this.trie.freeze()
    hosts.attach(slots, routes)
    this.hosts = hosts
  }

  /**
   * The winning route for a normalized host and path. Host-first selection: the
   * exact host, else the `*.parent` wildcard, else the any-host group; paths are
   * matched within the selected host only.
   */
  lookup(host: string, path: string): Route | undefined {
    if (this.hosts === undefined) throw new Error('the host index is not sealed yet: call seal() after the last insert')
    let root = this.hosts.rootFor(host)
    if (root < 0) root = this.anyRoot
    return root < 0 ? undefined : this.trie.match(root, path)
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
