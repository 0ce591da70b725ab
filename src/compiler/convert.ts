/**
 * One internal shape for every Ingress version the API server accepted.
 *
 * extensions/v1beta1 and networking.k8s.io/v1beta1 are converted the way the
 * API server converts them to networking.k8s.io/v1
 * (pkg/apis/networking/v1beta1 conversion and defaults):
 * - `serviceName`/`servicePort` → `service.name` and `service.port.number`
 *   (an integer) or `service.port.name` (a string);
 * - `spec.backend` → `spec.defaultBackend`;
 * - a missing pathType → `ImplementationSpecific` (SetDefaults_HTTPIngressPath).
 *
 * Called only for Ingresses that passed validateIngress, so the shapes are sound;
 * it still never throws on odd input.
 */
import type {IngressBackend, Ingress} from '../model/objects.js'
import type {PathType} from '../model/routes.js'
import type {Entry} from '../model/snapshot.js'
import type {FieldPath} from '../model/source.js'
import {ANY_HOST} from '../table/host.js'

const BETA = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])

export type NormalizedBackend =
  | {readonly kind: 'service'; readonly name: string; readonly port: {readonly number?: number; readonly name?: string}}
  | {readonly kind: 'resource'; readonly apiGroup?: string; readonly resourceKind: string; readonly name: string}

export interface NormalizedPath {
  /** As written; an empty path (allowed for ImplementationSpecific) is served as `/`. */
  readonly path: string
  readonly pathType: PathType
  readonly backend: NormalizedBackend
  readonly ruleIndex: number
  readonly pathIndex: number
  /** Whether `path` is written (else the location is the path entry). */
  readonly hasPath: boolean
}

export interface NormalizedTls {
  readonly hosts: readonly string[]
  readonly secretName?: string
  readonly index: number
}

export interface NormalizedIngress {
  readonly entry: Entry<Ingress>
  readonly beta: boolean
  /** Lower-cased host (`*` for a rule without host) → its paths, in order. */
  readonly rules: ReadonlyArray<{readonly host: string; readonly ruleIndex: number; readonly paths: readonly NormalizedPath[]}>
  readonly defaultBackend?: {readonly backend: NormalizedBackend; readonly field: FieldPath}
  readonly tls: readonly NormalizedTls[]
}

export function isBetaIngress(e: Entry<Ingress>): boolean {
  return typeof e.object.apiVersion === 'string' && BETA.has(e.object.apiVersion)
}

export function normalizeIngress(entry: Entry<Ingress>): NormalizedIngress {
  const beta = isBetaIngress(entry)
  const spec = entry.object.spec ?? {}
  const rules: Array<{host: string; ruleIndex: number; paths: NormalizedPath[]}> = []
  const specRules = spec.rules ?? []
  for (let ruleIndex = 0; ruleIndex < specRules.length; ruleIndex++) {
    const rule = specRules[ruleIndex]
    const host = typeof rule?.host === 'string' && rule.host !== '' ? rule.host.toLowerCase() : ANY_HOST
    const paths: NormalizedPath[] = []
    const specPaths = rule?.http?.paths ?? []
    for (let pathIndex = 0; pathIndex < specPaths.length; pathIndex++) {
      const p = specPaths[pathIndex]!
      const backend = convertBackend(p?.backend, beta)
      if (!backend) continue
      const hasPath = typeof p.path === 'string'
      const raw = hasPath ? (p.path as string) : ''
      const pathType = (typeof p.pathType === 'string' ? p.pathType : beta ? 'ImplementationSpecific' : 'Prefix') as PathType
      paths.push({path: raw === '' ? '/' : raw, pathType, backend, ruleIndex, pathIndex, hasPath})
    }
    rules.push({host, ruleIndex, paths})
  }
  const dbKey = beta ? 'backend' : 'defaultBackend'
  const db = convertBackend(beta ? spec.backend : spec.defaultBackend, beta)
  const tls: NormalizedTls[] = (spec.tls ?? []).map((t, index) => ({
    hosts: (t?.hosts ?? []).filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase()),
    ...(typeof t?.secretName === 'string' && t.secretName !== '' ? {secretName: t.secretName} : {}),
    index,
  }))
  return {entry, beta, rules, ...(db ? {defaultBackend: {backend: db, field: ['spec', dbKey]}} : {}), tls}
}

export function convertBackend(b: IngressBackend | undefined, beta: boolean): NormalizedBackend | undefined {
  if (!b || typeof b !== 'object') return undefined
  if (b.resource && typeof b.resource === 'object') {
    return {
      kind: 'resource',
      ...(typeof b.resource.apiGroup === 'string' && b.resource.apiGroup !== '' ? {apiGroup: b.resource.apiGroup} : {}),
      resourceKind: b.resource.kind ?? '',
      name: b.resource.name ?? '',
    }
  }
  if (beta) {
    if (b.serviceName === undefined && b.servicePort === undefined) return undefined
    const sp = b.servicePort
    const port = typeof sp === 'number' ? {number: sp} : typeof sp === 'string' ? {name: sp} : {}
    return {kind: 'service', name: b.serviceName ?? '', port}
  }
  if (!b.service) return undefined
  const p = b.service.port
  const name = b.service.name ?? ''
  if (p && typeof p.number === 'number' && p.number !== 0) return {kind: 'service', name, port: {number: p.number}}
  if (p && typeof p.name === 'string' && p.name !== '') return {kind: 'service', name, port: {name: p.name}}
  return {kind: 'service', name, port: {}}
}
