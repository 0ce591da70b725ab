import type {Diagnostic} from '../model/diagnostics.js'
import type {EndpointSlice, Ingress, IngressClass, Secret, Service} from '../model/objects.js'
import type {Entry, Snapshot} from '../model/snapshot.js'

function where(e: Entry): string {
  return `${e.source.file}:${e.source.line}:${e.source.col}`
}

/**
 * Groups entries by kind, in read order. An object defined twice (same kind,
 * namespace and name) keeps its later definition, as `kubectl apply` of the same
 * files would, and the earlier one gets a warning.
 */
export function buildSnapshot(entries: readonly Entry[]): {snapshot: Snapshot; diagnostics: Diagnostic[]; replaced: Entry[]} {
  const byKey = new Map<string, Entry>()
  const diagnostics: Diagnostic[] = []
  /** Earlier definitions of objects defined again (lint still checks each on its own). */
  const replaced: Entry[] = []
  for (const e of entries) {
    const key = `${e.kind}\u0000${e.namespace}\u0000${e.name}`
    const before = byKey.get(key)
    if (before !== undefined) {
      const ref = {kind: e.kind, namespace: e.namespace, name: e.name}
      const name = e.namespace ? `${e.namespace}/${e.name}` : e.name
      diagnostics.push({
        rule: 'duplicate-object',
        severity: 'warning',
        message: `${e.kind} ${name} is defined again at ${where(e)}; the later definition is used`,
        object: ref,
        location: {file: before.source.file, line: before.source.line, col: before.source.col},
        hint: 'keep one definition of each object',
        related: [{message: 'later definition', object: ref, location: {file: e.source.file, line: e.source.line, col: e.source.col}}],
      })
      replaced.push(before)
      byKey.delete(key) // re-insert: keeps read order of the definition in use
    }
    byKey.set(key, e)
  }
  const snapshot = {
    ingresses: [] as Entry<Ingress>[],
    ingressClasses: [] as Entry<IngressClass>[],
    services: [] as Entry<Service>[],
    endpointSlices: [] as Entry<EndpointSlice>[],
    secrets: [] as Entry<Secret>[],
  }
  for (const e of byKey.values()) {
    switch (e.kind) {
      case 'Ingress':
        snapshot.ingresses.push(e as Entry<Ingress>)
        break
      case 'IngressClass':
        snapshot.ingressClasses.push(e as Entry<IngressClass>)
        break
      case 'Service':
        snapshot.services.push(e as Entry<Service>)
        break
      case 'EndpointSlice':
        snapshot.endpointSlices.push(e as Entry<EndpointSlice>)
        break
      case 'Secret':
        snapshot.secrets.push(e as Entry<Secret>)
        break
    }
  }
  return {snapshot, diagnostics, replaced}
}
