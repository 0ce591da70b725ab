/**
 * Server-side defaulting the real API server applies on create/update for the
 * kinds the double serves (pkg/apis/core/v1/defaults.go and friends), limited to
 * the fields consumers read: Service type/ports/clusterIP, Secret type and
 * stringData, Namespace phase.
 */
import type {ResourceInfo} from './resources.js'
import type {KubeObj} from './store.js'

export interface DefaultingContext {
  allocateClusterIP(): string
}

type Rec = Record<string, unknown>

function rec(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined
}

export function applyDefaults(info: ResourceInfo, obj: KubeObj, ctx: DefaultingContext, old?: KubeObj): void {
  switch (info.resource) {
    case 'services':
      defaultService(obj, ctx, old)
      break
    case 'secrets':
      defaultSecret(obj)
      break
    case 'namespaces':
      obj.spec = {finalizers: ['kubernetes'], ...(rec(obj.spec) ?? {})}
      obj.status = {phase: 'Active', ...(rec(obj.status) ?? {})}
      obj.metadata.labels = {...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? ''}
      break
    case 'endpointslices':
      for (const port of (Array.isArray(obj.ports) ? obj.ports : []) as Rec[]) {
        if (rec(port) && port.protocol === undefined) port.protocol = 'TCP'
      }
      break
    case 'pods':
      if (obj.status === undefined) obj.status = {phase: 'Pending'}
      break
    case 'ingresses':
      obj.status ??= {loadBalancer: {}}
      break
  }
}

function defaultService(obj: KubeObj, ctx: DefaultingContext, old?: KubeObj): void {
  const spec = (rec(obj.spec) ?? {}) as Rec
  obj.spec = spec
  spec.type ??= 'ClusterIP'
  spec.sessionAffinity ??= 'None'
  if (spec.type !== 'ExternalName') {
    const oldSpec = rec(old?.spec)
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = (oldSpec?.clusterIP as string | undefined) ?? ctx.allocateClusterIP()
    spec.clusterIPs ??= [spec.clusterIP]
    spec.ipFamilies ??= ['IPv4']
    spec.ipFamilyPolicy ??= 'SingleStack'
    spec.internalTrafficPolicy ??= 'Cluster'
  }
  for (const port of (Array.isArray(spec.ports) ? spec.ports : []) as Rec[]) {
    if (!rec(port)) continue
    port.protocol ??= 'TCP'
    // core/v1 defaults: targetPort defaults to port (SetDefaults_Service).
    port.targetPort ??= port.port
  }
  obj.status ??= {loadBalancer: {}}
}

function defaultSecret(obj: KubeObj): void {
  obj.type ??= 'Opaque'
  // stringData is write-only: merged into data, never stored or returned.
  const stringData = rec(obj.stringData)
  if (stringData) {
    const data = {...(rec(obj.data) ?? {})}
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64')
    obj.data = data
    delete obj.stringData
  }
}
