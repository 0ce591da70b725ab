import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'

/**
 * The order in which conflicting Ingresses win: the oldest creationTimestamp
 * first, then namespace/name — the tie-break ingress-nginx and the Gateway API
 * use. An Ingress without a (valid) creationTimestamp has not been created in a
 * cluster yet, so it counts as newer than every one that has.
 */
export function compareIngressAge(a: Entry<Ingress>, b: Entry<Ingress>): number {
  const ta = timestamp(a)
  const tb = timestamp(b)
  if (ta !== tb) {
    if (ta === undefined) return 1
    if (tb === undefined) return -1
    return ta - tb
  }
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  // Same object twice (e.g. in two files): the first one read wins.
  if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1
  return a.source.doc - b.source.doc
}

function timestamp(e: Entry<Ingress>): number | undefined {
  const raw = e.object.metadata?.creationTimestamp
  if (typeof raw !== 'string') return undefined
  const t = Date.parse(raw)
  return Number.isNaN(t) ? undefined : t
}
