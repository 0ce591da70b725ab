import type {Diagnostic} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import {ingressLabel, ingressRef, locationOf} from './where.js'

/** Ingress apiVersions no longer served since Kubernetes 1.22 (https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-22). */
export const REMOVED_INGRESS_API_VERSIONS: ReadonlySet<string> = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])

/**
 * The one rule for an Ingress of a removed apiVersion, the same in every
 * command: it is routed as the API server converted it (so `diff` against the
 * networking.k8s.io/v1 rewrite shows what changed, and `serve` keeps working),
 * with this warning wherever routes are shown; `lint` reports it as an error
 * (rule deprecated-api-version, with the fields to change), because a
 * Kubernetes 1.22+ API server refuses it.
 */
export function removedApiVersion(e: Entry<Ingress>): Diagnostic | undefined {
  const v = e.object.apiVersion
  if (typeof v !== 'string' || !REMOVED_INGRESS_API_VERSIONS.has(v)) return undefined
  return {
    rule: 'deprecated-api-version',
    severity: 'warning',
    message: `${ingressLabel(e)}: apiVersion ${v} was removed in Kubernetes 1.22: routed as the API server converted it, but a current cluster refuses the object`,
    object: ingressRef(e),
    location: locationOf(e, ['apiVersion']),
    hint: 'Move it to networking.k8s.io/v1: `ingressctl lint --fix FILE` rewrites it in place.',
  }
}
