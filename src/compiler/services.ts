import type {Service} from '../model/objects.js'
import type {Entry, Snapshot} from '../model/snapshot.js'

export type ServiceIndex = ReadonlyMap<string, Entry<Service>>

/** Services by `namespace/name`; the first one read wins when a Service appears twice. */
export function indexServices(snapshot: Snapshot): ServiceIndex {
  const m = new Map<string, Entry<Service>>()
  for (const s of snapshot.services) {
    const k = `${s.namespace}/${s.name}`
    if (!m.has(k)) m.set(k, s)
  }
  return m
}
