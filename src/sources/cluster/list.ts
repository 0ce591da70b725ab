import http from 'node:http'
import https from 'node:https'
import type {KubeConfig, KubernetesListObject, KubernetesObject} from '@kubernetes/client-node'
import {ApiStatusError} from './failures.js'

export interface ListOptions {
  readonly fieldSelector?: string
  readonly labelSelector?: string
  /** Items per page (`limit`); pages are followed through `continue`. */
  readonly pageSize?: number
  /** Socket inactivity timeout of each page request. */
  readonly timeoutMs?: number
}

/**
 * Lists a collection, page by page (`limit` + `continue`), with the
 * kubeconfig's TLS and credentials. Returns the items and the collection's
 * resourceVersion, from which a watch starts. A `continue` token that expired
 * (410 Gone) restarts the list from the beginning, once.
 */
export async function listCollection(kc: KubeConfig, path: string, o: ListOptions = {}): Promise<KubernetesListObject<KubernetesObject>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await listPages(kc, path, o)
    } catch (err) {
      if (attempt === 0 && err instanceof ExpiredContinue) continue
      throw err instanceof ExpiredContinue ? err.cause : err
    }
  }
}

class ExpiredContinue extends Error {
  constructor(override readonly cause: ApiStatusError) {
    super(cause.message)
  }
}

async function listPages(kc: KubeConfig, path: string, o: ListOptions): Promise<KubernetesListObject<KubernetesObject>> {
  const items: KubernetesObject[] = []
  let cont: string | undefined
  let resourceVersion = ''
  do {
    const q = new URLSearchParams()
    q.set('limit', String(o.pageSize ?? 500))
    if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector)
    if (o.labelSelector) q.set('labelSelector', o.labelSelector)
    if (cont) q.set('continue', cont)
    let page: KubernetesListObject<KubernetesObject>
    try {
      page = (await getJson(kc, `${path}?${q}`, o.timeoutMs ?? 15_000)) as KubernetesListObject<KubernetesObject>
    } catch (err) {
      if (cont && err instanceof ApiStatusError && err.statusCode === 410) throw new ExpiredContinue(err)
      throw err
    }
    items.push(...(Array.isArray(page.items) ? page.items : []))
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion
    cont = page.metadata?._continue ?? (page.metadata as {continue?: string} | undefined)?.continue
  } while (cont)
  return {metadata: {resourceVersion}, items}
}

/** GET `path` on the context's API server; rejects with ApiStatusError for non-2xx answers, or the socket/TLS error. */
export async function getJson(kc: KubeConfig, path: string, timeoutMs: number): Promise<unknown> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('the kubeconfig context names no cluster')
  const url = new URL(cluster.server.replace(/\/+$/, '') + path)
  const opts: https.RequestOptions = {method: 'GET', headers: {Accept: 'application/json'}}
  try {
    await kc.applyToHTTPSOptions(opts)
  } catch (err) {
    // The user entry could not produce credentials (an exec plugin or token file failing).
    throw Object.assign(new Error(firstLine(err)), {credentials: true})
  }
  const mod = url.protocol === 'http:' ? http : https
  return await new Promise((resolve, reject) => {
    const req = mod.request(url, opts, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const status = res.statusCode ?? 0
        if (status < 200 || status >= 300) {
          reject(new ApiStatusError(status, statusMessage(text) ?? `${status} ${http.STATUS_CODES[status] ?? ''}`.trim(), 'list'))
          return
        }
        try {
          resolve(JSON.parse(text))
        } catch {
          reject(new ApiStatusError(status, `the API server answered ${url.pathname} with something that is not JSON`, 'list'))
        }
      })
    })
    req.setTimeout(timeoutMs, () => {
      const err = Object.assign(new Error(`no answer from ${url.origin} within ${timeoutMs} ms`), {code: 'ETIMEDOUT'})
      req.destroy(err)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The `message` of a metav1.Status body. */
function statusMessage(text: string): string | undefined {
  try {
    const s = JSON.parse(text) as {kind?: string; message?: unknown}
    return typeof s.message === 'string' && s.message ? s.message : undefined
  } catch {
    return undefined
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim().split('\n')[0] ?? ''
}
