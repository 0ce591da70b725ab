import type {Diagnostic} from '../../model/diagnostics.js'
import type {KubeFailure} from './failures.js'
import {qualifiedResource, type WatchedKind} from './kinds.js'

export interface Scope {
  readonly context: string
  /** undefined: every namespace. */
  readonly namespace: string | undefined
}

/**
 * A kind that cannot be read (403 Forbidden), as a warning that says exactly
 * which permission is missing and how to check it; ingressctl carries on
 * without that kind.
 */
export function missingPermission(k: WatchedKind, f: KubeFailure, s: Scope): Diagnostic {
  const verb = f.verb ?? 'list'
  const group = k.group === '' ? '"" (core)' : `"${k.group}"`
  const where = !k.namespaced ? 'at the cluster scope' : s.namespace === undefined ? 'in all namespaces' : `in namespace ${s.namespace}`
  const nsFlag = !k.namespaced ? '' : s.namespace === undefined ? ' --all-namespaces' : ` -n ${s.namespace}`
  const ctxFlag = s.context === 'in-cluster' ? '' : ` --context ${s.context}`
  const check = `kubectl auth can-i ${verb} ${qualifiedResource(k)}${nsFlag}${ctxFlag}`
  const grant = !k.namespaced || s.namespace === undefined ? 'a ClusterRole and ClusterRoleBinding' : `a Role and RoleBinding in namespace ${s.namespace}`
  return {
    rule: 'missing-permission',
    severity: 'warning',
    message: `cannot ${verb} ${k.resource} (API group ${group}) ${where}: missing permission "${verb}" on "${k.resource}"; carrying on without ${k.kind} objects, so ${k.without}`,
    hint: `Check with \`${check}\`; ask for ${grant} granting the verbs list and watch on ${k.resource} in API group ${group}. The API server said: ${f.message}`,
    location: clusterLocation(s.context),
  }
}

/** A kind the API server does not serve (404 on the collection): e.g. an old cluster without discovery.k8s.io/v1. */
export function missingApi(k: WatchedKind, f: KubeFailure, context: string): Diagnostic {
  const gv = k.group === '' ? k.version : `${k.group}/${k.version}`
  return {
    rule: 'missing-api',
    severity: 'warning',
    message: `the API server does not serve ${k.resource} in ${gv} (404); carrying on without ${k.kind} objects, so ${k.without}`,
    hint: `Check with \`kubectl api-resources --api-group=${k.group}\`; ingressctl needs ${k.kind} ${gv} (Kubernetes 1.21 or later). The API server said: ${f.message}`,
    location: clusterLocation(context),
  }
}

/** An optional kind that cannot be read (the controller ConfigMap): information, the defaults apply. */
export function unreadableOptional(k: WatchedKind, f: KubeFailure, context: string): Diagnostic {
  const where = k.namespace ? `in namespace ${k.namespace}` : 'in all namespaces'
  const selector = [k.fieldSelector, k.labelSelector].filter(Boolean).join(', ')
  const verb = f.verb ?? 'list'
  const nsFlag = k.namespace ? ` -n ${k.namespace}` : ' --all-namespaces'
  const ctxFlag = context === 'in-cluster' ? '' : ` --context ${context}`
  return {
    rule: 'controller-config-unreadable',
    severity: 'info',
    message: `cannot ${verb} ${k.resource} ${where}${selector ? ` (${selector})` : ''}: ${f.statusCode ? `${f.statusCode} ` : ''}${f.message}; ${k.without}`,
    hint: `Check with \`kubectl auth can-i ${verb} ${qualifiedResource(k)}${nsFlag}${ctxFlag}\`, or name the ConfigMap your controller reads with --controller-config NAMESPACE/NAME.`,
    location: clusterLocation(context),
  }
}

/** Cluster-wide findings are reported at `cluster://CONTEXT` (objects are at `cluster://CONTEXT/KIND/NS/NAME`). */
function clusterLocation(context: string): {file: string; line: number; col: number} {
  return {file: `cluster://${context}`, line: 1, col: 1}
}
