import {existsSync, readFileSync} from 'node:fs'
import {isIPv6} from 'node:net'
import {homedir} from 'node:os'
import {delimiter, dirname, join} from 'node:path'
import {KubeConfig} from '@kubernetes/client-node'
import {IngressctlError} from '../../errors.js'

export interface KubeConfigOptions {
  /** --kubeconfig: one file (default $KUBECONFIG, then ~/.kube/config). */
  readonly kubeconfig?: string
  /** --context (default: the kubeconfig's current-context). */
  readonly context?: string
  /** -n (default: the context's namespace, else `default`). */
  readonly namespace?: string
  readonly env?: NodeJS.ProcessEnv
  /** Prefix of the service account directory (tests); default '' (the real /var/run/secrets/...). */
  readonly serviceAccountRoot?: string
}

/** Where the namespace came from, for the start-up label. */
export type NamespaceOrigin = 'flag' | 'context' | 'fallback' | 'in-cluster'

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig
  /** Context name as the user knows it (`in-cluster` inside a pod). */
  readonly context: string
  readonly server: string
  readonly namespace: string
  readonly namespaceOrigin: NamespaceOrigin
  readonly inCluster: boolean
  /** The file(s) read, for messages. */
  readonly files: readonly string[]
}

/** Context name for the pod's service account. */
export const IN_CLUSTER = 'in-cluster'

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

/**
 * Reads the kubeconfig the way kubectl does (an explicit file, else every
 * file of $KUBECONFIG merged, else ~/.kube/config; the service account when
 * running in a pod) and selects the context. Throws an IngressctlError (exit
 * 2) naming the file or context and what to do.
 */
export function loadKubeConfig(o: KubeConfigOptions): LoadedKubeConfig {
  const env = o.env ?? process.env
  const files = configFiles(o.kubeconfig, env)
  // Inside a pod without a kubeconfig: the pod's service account (`--context in-cluster` names it explicitly).
  if (files.length === 0 && (o.context === undefined || o.context === IN_CLUSTER) && env.KUBERNETES_SERVICE_HOST) return loadInCluster(o, env)
  if (files.length === 0) {
    throw new IngressctlError('E_KUBECONFIG_MISSING', 'no kubeconfig found: $KUBECONFIG is not set and ~/.kube/config does not exist', {
      hint: 'Pass --kubeconfig PATH, set KUBECONFIG, or log in to the cluster so that ~/.kube/config exists (check with `kubectl config get-contexts`).',
    })
  }
  const [first, ...rest] = files.map((file) => parse(file, readOne(file)))
  const kc = first as KubeConfig
  for (const more of rest) mergeFirstWins(kc, more)
  const where = files.join(delimiter)
  const contextName = o.context ?? kc.getCurrentContext()
  if (!contextName) {
    throw new IngressctlError('E_CONTEXT_UNSET', `${where} sets no current-context`, {
      hint: `Pass --context NAME${available(kc)}, or run \`kubectl config use-context NAME\`.`,
    })
  }
  const context = kc.getContextObject(contextName)
  if (!context) {
    throw new IngressctlError('E_CONTEXT_UNKNOWN', `context "${contextName}" is not in ${where}`, {
      hint: `Pass --context with one of the contexts in the kubeconfig${available(kc) || ' (it has none)'}; \`kubectl config get-contexts\` lists them.`,
    })
  }
  kc.setCurrentContext(contextName)
  const cluster = kc.getCluster(context.cluster)
  if (!cluster || !cluster.server) {
    throw new IngressctlError('E_KUBECONFIG_INVALID', `context "${contextName}" refers to cluster "${context.cluster}", which ${where} does not define (or gives no server URL)`, {
      hint: 'Fix the kubeconfig (`kubectl config view`) or pick another --context.',
    })
  }
  const namespace = o.namespace ?? context.namespace ?? 'default'
  const namespaceOrigin: NamespaceOrigin = o.namespace !== undefined ? 'flag' : context.namespace ? 'context' : 'fallback'
  return {kubeConfig: kc, context: contextName, server: cluster.server, namespace, namespaceOrigin, inCluster: false, files}
}

function configFiles(explicit: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (explicit !== undefined) return [explicit]
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0)
  const home = env.HOME ?? homedir()
  const file = join(home, '.kube', 'config')
  return existsSync(file) ? [file] : []
}

function readOne(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(err)})`
    throw new IngressctlError('E_KUBECONFIG_MISSING', `kubeconfig ${file} ${why}`, {
      hint: 'Pass --kubeconfig with the path of an existing kubeconfig file, or unset it to use $KUBECONFIG / ~/.kube/config.',
      location: file,
    })
  }
}

function parse(file: string, text: string): KubeConfig {
  const kc = new KubeConfig()
  try {
    kc.loadFromString(text)
    // Relative certificate paths are relative to the kubeconfig's directory (kubectl's rule).
    kc.makePathsAbsolute(dirname(file))
  } catch (err) {
    throw new IngressctlError('E_KUBECONFIG_INVALID', `kubeconfig ${file} cannot be parsed: ${firstLine(err)}`, {
      hint: 'Check the file with `kubectl config view --kubeconfig ' + file + '`; it must be a YAML kubeconfig (apiVersion: v1, kind: Config).',
      location: file,
    })
  }
  return kc
}

/** kubectl's merge rule for $KUBECONFIG lists: the first file to define a name wins. */
function mergeFirstWins(into: KubeConfig, more: KubeConfig): void {
  if (!into.currentContext && more.currentContext) into.currentContext = more.currentContext
  for (const c of more.clusters) if (!into.getCluster(c.name)) into.addCluster(c)
  for (const u of more.users) if (!into.getUser(u.name)) into.addUser(u)
  for (const x of more.contexts) if (!into.getContextObject(x.name)) into.addContext(x)
}

/**
 * The pod's service account, as client-node's KubeConfig#loadFromCluster
 * builds it (token file re-read on each request, the service account CA), from
 * the given environment rather than process.env.
 */
function loadInCluster(o: KubeConfigOptions, env: NodeJS.ProcessEnv): LoadedKubeConfig {
  const root = o.serviceAccountRoot ?? ''
  const host = env.KUBERNETES_SERVICE_HOST ?? ''
  const port = env.KUBERNETES_SERVICE_PORT ?? '443'
  const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https'
  const server = `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{name: 'inCluster', caFile: root + join(SERVICE_ACCOUNT_DIR, 'ca.crt'), server, skipTLSVerify: false}],
    users: [{name: 'inClusterUser', authProvider: {name: 'tokenFile', config: {tokenFile: root + join(SERVICE_ACCOUNT_DIR, 'token')}}}],
    contexts: [{name: IN_CLUSTER, cluster: 'inCluster', user: 'inClusterUser'}],
    currentContext: IN_CLUSTER,
  })
  let namespace = o.namespace
  let origin: NamespaceOrigin = 'flag'
  if (namespace === undefined) {
    try {
      namespace = readFileSync(root + join(SERVICE_ACCOUNT_DIR, 'namespace'), 'utf8').trim() || 'default'
      origin = 'in-cluster'
    } catch {
      namespace = 'default'
      origin = 'fallback'
    }
  }
  return {kubeConfig: kc, context: IN_CLUSTER, server, namespace, namespaceOrigin: origin, inCluster: true, files: []}
}

function available(kc: KubeConfig): string {
  const names = kc.getContexts().map((c) => c.name).sort()
  return names.length > 0 ? ` (available: ${names.join(', ')})` : ''
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
}
