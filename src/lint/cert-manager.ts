import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'

/**
 * cert-manager's ingress-shim creates the TLS Secret of an Ingress annotated
 * with an issuer (cert-manager.io/cluster-issuer, cert-manager.io/issuer) or,
 * with a default issuer configured, kubernetes.io/tls-acme: "true"
 * (https://cert-manager.io/docs/usage/ingress/). Such a Secret is expected to be
 * absent from the manifests.
 */
export interface IssuedBy {
  /** `ClusterIssuer letsencrypt`, `Issuer ca`, or `the default issuer (kubernetes.io/tls-acme)`. */
  readonly issuer: string
  readonly annotation: string
}

export function certManagerIssuer(e: Entry<Ingress>): IssuedBy | undefined {
  const a = e.object.metadata?.annotations ?? {}
  const cluster = a['cert-manager.io/cluster-issuer']
  if (typeof cluster === 'string' && cluster.trim()) return {issuer: `ClusterIssuer ${cluster.trim()}`, annotation: 'cert-manager.io/cluster-issuer'}
  const issuer = a['cert-manager.io/issuer']
  if (typeof issuer === 'string' && issuer.trim()) {
    const kind = a['cert-manager.io/issuer-kind']
    return {issuer: `${typeof kind === 'string' && kind.trim() ? kind.trim() : 'Issuer'} ${issuer.trim()}`, annotation: 'cert-manager.io/issuer'}
  }
  const acme = a['kubernetes.io/tls-acme']
  if (typeof acme === 'string' && acme.trim().toLowerCase() === 'true') return {issuer: "cert-manager's default issuer", annotation: 'kubernetes.io/tls-acme'}
  return undefined
}
