import type {ServiceBackend} from '../../model/routes.js'
import type {Snapshot} from '../../model/snapshot.js'
import type {Resolution, UpstreamResolver} from '../../model/upstreams.js'
import {endpointFromExternalName} from './external-name.js'
import {endpointsFromSlices, indexSlices, type SliceIndex} from './endpoint-slices.js'
import type {MapEntry} from './map-flag.js'

export interface FileResolverOptions {
  /** Parsed --map flags, in the order given. */
  readonly maps?: readonly MapEntry[]
  /** --echo: answer unresolved backends with the built-in echo upstream. */
  readonly echo?: boolean
}

/**
 * Upstreams when serving from files, in this order: a --map flag, the
 * EndpointSlices in the input, a Service of type ExternalName, --echo;
 * otherwise unresolved with the --map flag that would fix it. One resolver per
 * snapshot; answers are cached per backend object of the table.
 */
export class FileResolver implements UpstreamResolver {
  private readonly maps: readonly MapEntry[]
  private readonly echo: boolean
  private readonly slices: SliceIndex
  private readonly cache = new WeakMap<ServiceBackend, Resolution>()

  constructor(snapshot: Snapshot, options: FileResolverOptions = {}) {
    this.maps = options.maps ?? []
    this.echo = options.echo ?? false
    this.slices = indexSlices(snapshot)
  }

  resolve(backend: ServiceBackend): Resolution {
    let r = this.cache.get(backend)
    if (!r) {
      r = this.compute(backend)
      this.cache.set(backend, r)
    }
    return r
  }

  private compute(b: ServiceBackend): Resolution {
    const tls = b.protocol === 'https' || b.protocol === 'grpcs'
    const map = bestMap(this.maps, b)
    if (map) {
      return {
        kind: 'endpoints',
        source: 'map',
        endpoints: [{key: `${map.host}:${map.targetPort}`, host: map.host, port: map.targetPort, ...(map.tls ? {tls: true} : {}), label: `--map ${map.raw}`}],
      }
    }
    const problems: string[] = []
    const slices = endpointsFromSlices(this.slices, b, tls)
    if (slices.found) {
      if (slices.endpoints.length > 0) return {kind: 'endpoints', source: 'endpointslice', endpoints: slices.endpoints}
      if (slices.problem) problems.push(slices.problem)
    }
    const ext = endpointFromExternalName(b, tls)
    if (ext.found) {
      if (ext.endpoint) return {kind: 'endpoints', source: 'externalname', endpoints: [ext.endpoint]}
      if (ext.problem) problems.push(ext.problem)
    }
    if (this.echo) return {kind: 'echo'}
    return {kind: 'unresolved', reason: unresolvedReason(b, problems), hint: mapHint(b)}
  }
}

export function createFileResolver(snapshot: Snapshot, options: FileResolverOptions = {}): FileResolver {
  return new FileResolver(snapshot, options)
}

function portText(b: ServiceBackend): string {
  return b.port.number !== undefined ? String(b.port.number) : (b.port.name ?? '')
}

/** The exact flag that would send this backend to a local process. */
export function mapHint(b: ServiceBackend): string {
  return `--map ${b.namespace}/${b.name}:${portText(b)}=http://127.0.0.1:PORT`
}

function unresolvedReason(b: ServiceBackend, problems: string[]): string {
  const what = `Service ${b.namespace}/${b.name} port ${portText(b)}`
  if (problems.length > 0) return `no upstream for ${what}: ${problems.join('; ')}`
  return `no upstream for ${what}: no --map flag, no EndpointSlice and no ExternalName for it`
}

function mapMatches(m: MapEntry, b: ServiceBackend): boolean {
  if (m.service !== b.name) return false
  if (m.namespace !== undefined && m.namespace !== b.namespace) return false
  if (m.port === undefined) return true
  if (typeof m.port === 'number') return b.port.number === m.port || b.servicePort?.port === m.port
  return b.port.name === m.port || b.servicePort?.name === m.port
}

/** The most specific matching --map (namespace and port given beat wildcards); the first given on a tie. */
function bestMap(maps: readonly MapEntry[], b: ServiceBackend): MapEntry | undefined {
  let best: MapEntry | undefined
  let bestScore = -1
  for (const m of maps) {
    if (!mapMatches(m, b)) continue
    const score = (m.namespace !== undefined ? 2 : 0) + (m.port !== undefined ? 1 : 0)
    if (score > bestScore) {
      best = m
      bestScore = score
    }
  }
  return best
}
