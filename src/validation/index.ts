// STUB: owned by the lint/validation workstream; replaced by the real API-server validation.
import type {Diagnostic} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'

/**
 * The Kubernetes API server's validation of an Ingress (networking.k8s.io/v1,
 * and the v1beta1 shapes), as diagnostics. An Ingress with any `error` here
 * would be rejected by the API server, so the compiler leaves it out.
 */
export function validateIngress(_entry: Entry<Ingress>): Diagnostic[] {
  return []
}
