import {IngressctlError} from '../../errors.js'

/** What went wrong talking to the API server, classified for messages and for deciding what is fatal. */
export type FailureKind =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'credentials'
  | 'dropped'
  | 'http'

export interface KubeFailure {
  readonly kind: FailureKind
  /** HTTP status, when the API server answered. */
  readonly statusCode?: number
  /** The API server's metav1.Status message, or the socket/TLS error text. */
  readonly message: string
  /** The request that failed. */
  readonly verb?: 'list' | 'watch'
}

/** An HTTP error answer of the API server, with its metav1.Status message when it sent one. */
export class ApiStatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly verb: 'list' | 'watch',
  ) {
    super(message)
    this.name = 'ApiStatusError'
  }
}

// Node's TLS verification error codes (the OpenSSL X509_V_ERR names) and the host name check.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
])
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'])

export function classify(err: unknown, verb?: 'list' | 'watch'): KubeFailure {
  const e = err as {statusCode?: unknown; code?: unknown; message?: unknown; verb?: unknown; cause?: unknown} | undefined
  const v = (e?.verb === 'list' || e?.verb === 'watch' ? e.verb : verb) as 'list' | 'watch' | undefined
  const message = firstLine(e?.message ?? err)
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.code === 'number' ? e.code : undefined
  if (status !== undefined) {
    const kind: FailureKind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 410 ? 'gone' : 'http'
    return {kind, statusCode: status, message, verb: v}
  }
  if ((e as {credentials?: unknown} | undefined)?.credentials === true) return {kind: 'credentials', message, verb: v}
  const code = errnoCode(err)
  if (code !== undefined) {
    if (UNREACHABLE_CODES.has(code)) return {kind: 'unreachable', message, verb: v}
    if (TIMEOUT_CODES.has(code)) return {kind: 'timeout', message, verb: v}
    if (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return {kind: 'tls', message, verb: v}
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return {kind: 'dropped', message, verb: v}
  }
  return {kind: 'dropped', message, verb: v}
}

function errnoCode(err: unknown): string | undefined {
  let cur: unknown = err
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as {code?: unknown; errno?: unknown; cause?: unknown}
    if (typeof c.code === 'string' && c.code !== 'FETCH_ERROR' && c.code !== 'system') return c.code
    if (typeof c.errno === 'string') return c.errno
    cur = c.cause
  }
  return undefined
}

export interface FailureContext {
  /** Context name (`in-cluster` inside a pod). */
  readonly context: string
  readonly server: string
}

/**
 * A failure at start, as the error the command prints (exit 2). Names the
 * context and the server, and says what to do.
 */
export function fatalStartError(f: KubeFailure, c: FailureContext, what: string): IngressctlError {
  const ctx = c.context === 'in-cluster' ? 'the in-cluster service account' : `context "${c.context}"`
  const cause = f.message
  switch (f.kind) {
    case 'unreachable':
      return new IngressctlError('E_CLUSTER_UNREACHABLE', `cannot reach the API server of ${ctx} at ${c.server}: ${cause}`, {
        hint: `Check that the cluster is running and reachable from here (VPN, tunnel, \`kubectl --context ${c.context} get ns\`), or pick another --context.`,
      })
    case 'timeout':
      return new IngressctlError('E_CLUSTER_UNREACHABLE', `the API server of ${ctx} at ${c.server} did not answer in time (${cause})`, {
        hint: `Check network access to ${c.server} (VPN, firewall) with \`kubectl --context ${c.context} get ns\`.`,
      })
    case 'tls':
      return new IngressctlError('E_CLUSTER_TLS', `TLS verification of the API server of ${ctx} at ${c.server} failed: ${cause}`, {
        hint: "The kubeconfig's certificate-authority does not match the server's certificate: refresh the kubeconfig from your cluster provider (or fix certificate-authority-data / tls-server-name).",
      })
    case 'unauthorized':
      return new IngressctlError('E_CLUSTER_UNAUTHORIZED', `the API server of ${ctx} at ${c.server} rejected the credentials (401 Unauthorized): they are expired or invalid`, {
        hint: `Refresh the credentials (log in again with your cluster provider's CLI, e.g. \`gcloud container clusters get-credentials\`, \`aws eks update-kubeconfig\`, \`az aks get-credentials\`), then check with \`kubectl --context ${c.context} get ns\`.`,
      })
    case 'credentials':
      return new IngressctlError('E_CLUSTER_CREDENTIALS', `cannot get credentials for ${ctx}: ${cause}`, {
        hint: `Check the user entry of the context in the kubeconfig (exec plugin installed and logged in?) with \`kubectl --context ${c.context} get ns\`.`,
      })
    case 'forbidden':
      return new IngressctlError('E_CLUSTER_FORBIDDEN', `${ctx} may not ${what}: ${cause}`, {
        hint: 'Ask a cluster administrator for a Role (or ClusterRole) granting list and watch on it, or pick another --namespace / --context.',
      })
    default:
      return new IngressctlError('E_CLUSTER_ERROR', `cannot ${what} from the API server of ${ctx} at ${c.server}: ${f.statusCode ? `${f.statusCode} ` : ''}${cause}`, {
        hint: `Check the cluster with \`kubectl --context ${c.context} get ns\` and try again.`,
      })
  }
}

function firstLine(v: unknown): string {
  const line = String(v instanceof Error ? v.message : v).split('\n')[0] ?? ''
  // node-fetch (client-node's Watch): "request to URL failed, reason: connect ECONNREFUSED ..." — the URL is said elsewhere.
  return line.replace(/^request to \S+ failed, reason: /, '')
}
