import type {ServiceBackend} from '../../model/routes.js'
import type {UpstreamEndpoint} from '../../model/upstreams.js'

export type ExternalNameResult =
  | {readonly found: false}
  | {readonly found: true; readonly endpoint?: UpstreamEndpoint; readonly problem?: string}

/**
 * A Service of type ExternalName is a DNS alias (spec.externalName): traffic
 * goes to that name on the Service port the Ingress names (no targetPort
 * translation, as no proxying happens in the cluster either).
 */
export function endpointFromExternalName(backend: ServiceBackend, tls: boolean): ExternalNameResult {
  if (backend.serviceType !== 'ExternalName') return {found: false}
  const host = backend.externalName?.replace(/\.$/, '')
  if (!host) return {found: true, problem: `Service ${backend.namespace}/${backend.name} is of type ExternalName but has no spec.externalName`}
  const port = backend.port.number ?? backend.servicePort?.port
  if (port === undefined) {
    return {found: true, problem: `ExternalName Service ${backend.namespace}/${backend.name} has no port named "${backend.port.name ?? ''}"`}
  }
  const key = `${host}:${port}`
  return {found: true, endpoint: {key, host, port, ...(tls ? {tls: true} : {}), label: `ExternalName ${key}`}}
}
