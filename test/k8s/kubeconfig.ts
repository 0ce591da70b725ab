/**
 * Writes real kubeconfig files (clientcmd v1 `Config`) for tests.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {stringify} from 'yaml'

export interface KubeconfigContext {
  /** Context name; the cluster and user entries are named after it. */
  context?: string
  server: string
  token?: string
  /** base64 of the CA certificate PEM (certificate-authority-data). */
  caData?: string
  namespace?: string
}

export interface KubeconfigOptions extends KubeconfigContext {
  /** File name inside dir; default `kubeconfig`. */
  fileName?: string
  /** More contexts in the same file (current-context stays the first one). */
  extraContexts?: KubeconfigContext[]
  /** Override current-context (e.g. to name a context that does not exist). */
  currentContext?: string
}

export function kubeconfigYaml(opts: KubeconfigOptions): string {
  const all = [opts, ...(opts.extraContexts ?? [])]
  const named = all.map((c) => ({...c, context: c.context ?? 'test'}))
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: named.map((c) => ({
      name: `${c.context}-cluster`,
      cluster: {server: c.server, ...(c.caData ? {'certificate-authority-data': c.caData} : {})},
    })),
    users: named.map((c) => ({name: `${c.context}-user`, user: c.token !== undefined ? {token: c.token} : {}})),
    contexts: named.map((c) => ({
      name: c.context,
      context: {cluster: `${c.context}-cluster`, user: `${c.context}-user`, ...(c.namespace ? {namespace: c.namespace} : {})},
    })),
    'current-context': opts.currentContext ?? named[0]!.context,
    preferences: {},
  }
  return stringify(doc)
}

/** Writes the kubeconfig to dir/fileName and returns its path. */
export function writeKubeconfig(dir: string, opts: KubeconfigOptions): string {
  mkdirSync(dir, {recursive: true})
  const file = join(dir, opts.fileName ?? 'kubeconfig')
  writeFileSync(file, kubeconfigYaml(opts), {mode: 0o600})
  return file
}

/**
 * The service-account files a pod gets (token, ca.crt, namespace) under
 * dir/var/run/secrets/kubernetes.io/serviceaccount, and the environment the
 * kubelet sets, for `KubeConfig.loadFromCluster(pathPrefix)`.
 */
export function writeInClusterFiles(
  dir: string,
  opts: {token: string; caCert: string; namespace: string; host: string; port: number},
): {pathPrefix: string; env: {KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string}} {
  const saDir = join(dir, 'var/run/secrets/kubernetes.io/serviceaccount')
  mkdirSync(saDir, {recursive: true})
  writeFileSync(join(saDir, 'token'), opts.token, {mode: 0o600})
  writeFileSync(join(saDir, 'ca.crt'), opts.caCert)
  writeFileSync(join(saDir, 'namespace'), opts.namespace)
  return {pathPrefix: dir, env: {KUBERNETES_SERVICE_HOST: opts.host, KUBERNETES_SERVICE_PORT: String(opts.port)}}
}
