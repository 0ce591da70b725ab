/**
 * The path tries of every host of a table, packed into one flat array.
 *
 * Built once per table from the host groups' build trees (see host-groups.ts),
 * each host's trie laid out depth-first in consecutive slots. A lookup at
 * 100,000 routes is bound by memory latency, not by instructions: every
 * pointer followed to a separate object is a likely cache miss. Here a node
 * and its keys sit side by side, a host's whole trie spans a few cache lines,
 * and a host's trie follows its key (host-table.ts), so comparing the
 * request's host brings the root node into cache with it.
 *
 * The slots are 32-bit integers (an Int32Array once frozen: half the size of
 * an array of references, so more of a large table stays in cache); routes
 * are referred to by their index in `routes`. A node at offset `n`:
 *
 *     n      number of children
 *     n + 1  the Prefix route ending here: its index + 1, or 0
 *     n + 2  the Exact route whose path ends here: its index + 1, or 0
 *     n + 3  children: pairs (key, child), sorted by key when there are
 *            more than LINEAR_MAX (and bisected), in insertion order otherwise
 *
 * A key is `segmentId << 1`, plus 1 when the child is a leaf. A leaf is a
 * Prefix route with nothing under it and no Exact route at it: the pair holds
 * the route's index, so a lookup that reaches it is done (it is the longest
 * match there can be) without reading a node. Other children are node offsets.
 */
import type {Route} from '../model/routes.js'
import {type PackedHost, writeKey} from './host-table.js'
import {IntBuffer} from './int-buffer.js'
import {prefixSegments} from './path.js'

/** Path segments of every rule of a table, interned to small integers so trie keys compare as numbers. */
export class SegmentIds {
  private readonly ids = new Map<string, number>()
  /**
   * The ids of whole rule paths, split once per distinct path and kind: the same paths (`/`, `/api`)
   * recur across hosts and Ingresses, and one Map hit replaces a split and a hit per segment.
   */
  private readonly prefixPaths = new Map<string, readonly number[]>()
  private readonly exactPaths = new Map<string, readonly number[]>()

  /** A Prefix rule path's segment ids: `/foo/bar/` → foo, bar; `/` → none. */
  prefixPathIds(path: string): readonly number[] {
    let ids = this.prefixPaths.get(path)
    if (ids === undefined) this.prefixPaths.set(path, (ids = prefixSegments(path).map((s) => this.intern(s))))
    return ids
  }

  /** An Exact rule path's segment ids (it starts with `/`): the whole path, `/foo/` → foo, ''; `/` → ''. */
  exactPathIds(path: string): readonly number[] {
    let ids = this.exactPaths.get(path)
    if (ids === undefined) this.exactPaths.set(path, (ids = path.slice(1).split('/').map((s) => this.intern(s))))
    return ids
  }

  intern(segment: string): number {
    let id = this.ids.get(segment)
    if (id === undefined) this.ids.set(segment, (id = this.ids.size))
    return id
  }

  /** A request segment no rule uses has no id: the walk ends there. */
  get(segment: string): number | undefined {
    return this.ids.get(segment)
  }
}

/** A node of a host's trie while the table is built: its routes and its children by segment id. */
export class BuildNode {
  /** The Prefix route ending at this node (the preferred one when several select the same prefix). */
  route: Route | undefined = undefined
  /** The Exact route whose whole path ends at this node. */
  exact: Route | undefined = undefined
  /** Children's segment ids and the children, in insertion order (most nodes have a few: no Map each). */
  ids: number[] | undefined = undefined
  nodes: BuildNode[] | undefined = undefined
  /** Position of each id in `ids`, kept once a node has more than LINEAR_MAX children. */
  private positions: Map<number, number> | undefined = undefined

  child(id: number): BuildNode {
    const ids = this.ids
    const nodes = this.nodes
    if (ids === undefined || nodes === undefined) {
      const c = new BuildNode()
      this.ids = [id]
      this.nodes = [c]
      return c
    }
    const at = this.positions === undefined ? ids.indexOf(id) : (this.positions.get(id) ?? -1)
    if (at >= 0) return nodes[at]!
    const c = new BuildNode()
    ids.push(id)
    nodes.push(c)
    if (this.positions !== undefined) this.positions.set(id, ids.length - 1)
    else if (ids.length > LINEAR_MAX) this.positions = new Map(ids.map((x, i) => [x, i]))
    return c
  }

  isLeaf(): boolean {
    return this.ids === undefined && this.exact === undefined
  }
}

/** Nodes with more children than this are searched by bisection. */
const LINEAR_MAX = 8

export class PackedTrie {
  readonly segments = new SegmentIds()
  /** Routes by index: slots hold `index + 1` (0 is none) for node routes, the index itself for leaves. */
  private readonly routes: Route[] = []
  private building: IntBuffer | undefined = new IntBuffer()
  private slots: Int32Array = new Int32Array(0)

  /** Sizes the slots for about `slots` of them before anything is packed (each growth copies them all). */
  reserve(slots: number): void {
    if (this.building !== undefined && this.building.length === 0) this.building = new IntBuffer(slots)
  }

  /** Appends the trie under `root` (depth-first) and returns the root's offset. */
  pack(root: BuildNode): number {
    const slots = this.building
    if (slots === undefined) throw new Error('the trie is frozen: no more packing')
    const at = slots.length
    const ids = root.ids
    const nodes = root.nodes
    const count = ids === undefined ? 0 : ids.length
    slots.push(count)
    slots.push(this.ref(root.route))
    slots.push(this.ref(root.exact))
    if (ids === undefined || nodes === undefined) return at
    // Keys are scanned in any order up to LINEAR_MAX children, bisected (so sorted) beyond.
    let order: number[] | undefined
    if (count > LINEAR_MAX) order = ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!)
    const first = slots.length
    for (let i = 0; i < 2 * count; i++) slots.push(0)
    for (let i = 0; i < count; i++) {
      const j = order === undefined ? i : order[i]!
      const id = ids[j]!
      const node = nodes[j]!
      const k = first + 2 * i
      if (node.isLeaf()) {
        slots.set(k, (id << 1) | 1)
        slots.set(k + 1, this.ref(node.route) - 1)
      } else {
        slots.set(k, id << 1)
        slots.set(k + 1, this.pack(node))
      }
    }
    return at
  }

  /**
   * Appends a host's key (see host-table.ts) and right after it the trie under
   * `root`, so a lookup that compares the key finds the root node in the same
   * or the next cache line. Returns the key's offset (the host's record), the
   * root's, and the index of the host's first route.
   */
  packKeyed(key: string, root: BuildNode): PackedHost {
    const slots = this.building
    if (slots === undefined) throw new Error('the trie is frozen: no more packing')
    const record = slots.length
    const words = writeKey(slots, key)
    const firstRoute = this.routes.length
    const at = this.pack(root)
    if (at !== record + words) throw new Error('packKeyed: the trie root must follow its key')
    return {record, root: at, firstRoute: this.routes.length > firstRoute ? firstRoute : -1}
  }

  /** Ends packing: the slots move to one Int32Array. Returns them and the routes they refer to. */
  freeze(): {slots: Int32Array; routes: readonly Route[]} {
    if (this.building !== undefined) {
      this.slots = this.building.finish()
      this.building = undefined
    }
    return {slots: this.slots, routes: this.routes}
  }

  /**
   * The winning route of the trie at `root` for a normalized request path
   * (which starts with `/`): an Exact route whose path is the whole request
   * path, else the longest Prefix route whose segments begin the request's.
   * Hot path: no allocation besides segment slices.
   */
  match(root: number, path: string): Route | undefined {
    if (this.building !== undefined) throw new Error('the trie is not frozen yet: call freeze() after packing')
    const slots = this.slots
    const segments = this.segments
    const len = path.length
    let n = root
    let best = slots[n + 1]!
    let start = 1
    for (;;) {
      const count = slots[n]!
      if (count === 0) break
      let end = path.indexOf('/', start)
      if (end === -1) end = len
      const id = segments.get(path.slice(start, end))
      if (id === undefined) break
      const k = findChild(slots, n + 3, count, id)
      if (k < 0) break
      const child = slots[k + 1]!
      // A leaf is the longest match there can be.
      if (slots[k]! & 1) return this.routes[child]
      n = child
      const prefix = slots[n + 1]!
      if (prefix !== 0) best = prefix
      if (end === len) {
        // The whole path is consumed: an Exact route here is the exact path, and beats
        // any Prefix match (none can be longer; at equal length Exact wins).
        const exact = slots[n + 2]!
        if (exact !== 0) return this.routes[exact - 1]
        break
      }
      start = end + 1
    }
    return best === 0 ? undefined : this.routes[best - 1]
  }

  /** `index + 1` of a route (added to `routes`), 0 for none. */
  private ref(route: Route | undefined): number {
    if (route === undefined) return 0
    this.routes.push(route)
    return this.routes.length
  }
}

/** Offset of the key of child `id` among the `count` pairs at `base`, or -1. */
function findChild(slots: Int32Array, base: number, count: number, id: number): number {
  if (count <= LINEAR_MAX) {
    for (let i = 0; i < count; i++) {
      const k = base + 2 * i
      if (slots[k]! >> 1 === id) return k
    }
    return -1
  }
  let lo = 0
  let hi = count - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const k = base + 2 * mid
    const got = slots[k]! >> 1
    if (got === id) return k
    if (got < id) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
