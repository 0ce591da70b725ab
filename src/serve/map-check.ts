import {closest} from '../cli/suggest.js'
import {UsageError} from '../errors.js'
import type {RouteTable} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'
import type {MapEntry} from '../upstreams/file/index.js'

/** A Service the input names (an Ingress backend or a Service object) and the ports it is known by. */
interface KnownService {
  readonly namespace: string
  readonly name: string
  /** Port numbers and names, as Ingress backends and the Service's own ports give them. */
  readonly ports: Set<string>
}

/**
 * Checks each --map against the input: a Service that no Ingress routes to and
 * no manifest defines, or a port that neither names, is a typo that would leave
 * the intended backend unmapped (503) while the flag seemed accepted. Fails with
 * a UsageError naming the flag, what the input has and the closest match.
 */
export function checkMaps(maps: readonly MapEntry[], table: RouteTable, snapshot: Snapshot): void {
  if (maps.length === 0) return
  const known = new Map<string, KnownService>()
  const add = (namespace: string, name: string, ports: ReadonlyArray<number | string | undefined>): void => {
    const key = `${namespace}/${name}`
    const entry = known.get(key) ?? {namespace, name, ports: new Set<string>()}
    for (const p of ports) if (p !== undefined && p !== '') entry.ports.add(String(p))
    known.set(key, entry)
  }
  for (const r of [...table.routes, ...(table.defaultRoute ? [table.defaultRoute] : [])]) {
    const b = r.backend
    if (b.kind === 'service') add(b.namespace, b.name, [b.port.number, b.port.name, b.servicePort?.port, b.servicePort?.name])
  }
  for (const s of snapshot.services) add(s.namespace, s.name, (s.object.spec?.ports ?? []).flatMap((p) => [p.port, p.name]))

  for (const m of maps) {
    const services = [...known.values()].filter((s) => s.name === m.service && (m.namespace === undefined || s.namespace === m.namespace))
    const written = m.namespace === undefined ? m.service : `${m.namespace}/${m.service}`
    if (services.length === 0) {
      const names = [...known.values()].map((s) => (m.namespace === undefined ? s.name : `${s.namespace}/${s.name}`)).sort()
      const guess = closest(written, names)
      throw new UsageError(
        `--map ${m.raw}: no Service ${written} in the input${guess ? `; did you mean ${guess}?` : ''}`,
        names.length > 0 ? `the input routes to or defines: ${[...new Set(names)].join(', ')}` : 'the input names no Service: check -f',
      )
    }
    if (m.port === undefined) continue
    const ports = new Set(services.flatMap((s) => [...s.ports]))
    if (ports.has(String(m.port))) continue
    const list = [...ports].sort()
    const guess = closest(String(m.port), list)
    throw new UsageError(
      `--map ${m.raw}: Service ${written} has no port ${m.port} in the input${guess ? `; did you mean ${guess}?` : ''}`,
      list.length > 0 ? `its ports: ${list.join(', ')} (or leave the port out to map every port)` : 'leave the port out to map every port',
    )
  }
}
