/**
 * The route index: host groups (exact hosts, wildcard parents, the any-host
 * group) and, per group, an exact-path Map and a segment trie of prefixes.
 * A lookup is two or three Map hits for the host and one Map hit per request
 * path segment: its cost does not depend on how many routes the table holds.
 */
import type {Route} from '../model/routes.js'
import {ANY_HOST, isWildcardHost} from './host.js'
import {prefixSegments} from './path.js'

export interface TrieNode {
  children: Map<string, TrieNode> | undefined
  /** The Prefix route ending at this node (the preferred one when several select the same prefix). */
  route: Route | undefined
}

export class HostGroup {
  /** Exact-path routes by path as written (created with the first Exact route). */
  exact: Map<string, Route> | undefined
  /** The trie root: the `/` prefix route and the first segments. */
  readonly root: TrieNode = {children: undefined, route: undefined}
  /** Every route of this host, in table order. */
  readonly routes: Route[] = []
  /** Routes dropped as duplicates of a route of this host (same host, path and pathType). */
  readonly duplicates: Route[] = []

  constructor(readonly host: string) {}

  /** `prefer(a, b)` < 0 when `a` wins over `b`, among routes selecting the same requests. */
  insert(route: Route, prefer: (a: Route, b: Route) => number): void {
    this.routes.push(route)
    if (route.matchKind === 'Exact') {
      this.exact ??= new Map()
      const cur = this.exact.get(route.path)
      if (!cur || prefer(route, cur) < 0) this.exact.set(route.path, route)
      return
    }
    let node = this.root
    for (const seg of prefixSegments(route.path)) {
      if (!node.children) node.children = new Map()
      let next = node.children.get(seg)
      if (!next) {
        next = {children: undefined, route: undefined}
        node.children.set(seg, next)
      }
      node = next
    }
    if (!node.route || prefer(route, node.route) < 0) node.route = route
  }

  /** The winning route for a normalized request path, or undefined. Hot path: no allocation besides segment slices. */
  match(path: string): Route | undefined {
    const exactMap = this.exact
    if (exactMap !== undefined) {
      const exact = exactMap.get(path)
      // An Exact match is never shorter than any Prefix match of the same path, and wins ties.
      if (exact !== undefined) return exact
    }
    let node = this.root
    let best = node.route
    const len = path.length
    let start = 1
    while (start <= len) {
      const children = node.children
      if (children === undefined) break
      let end = path.indexOf('/', start)
      if (end === -1) end = len
      const child = children.get(path.slice(start, end))
      if (child === undefined) break
      node = child
      if (child.route !== undefined) best = child.route
      start = end + 1
    }
    return best
  }
}

export class HostIndex {
  readonly exact = new Map<string, HostGroup>()
  /** `*.foo.com` groups keyed by `foo.com`. */
  readonly wildcard = new Map<string, HostGroup>()
  any: HostGroup | undefined

  group(host: string): HostGroup {
    if (host === ANY_HOST) return (this.any ??= new HostGroup(ANY_HOST))
    const map = isWildcardHost(host) ? this.wildcard : this.exact
    const key = isWildcardHost(host) ? host.slice(2) : host
    let g = map.get(key)
    if (!g) {
      g = new HostGroup(host)
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
