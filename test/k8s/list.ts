/**
 * List responses of the API server double (apiserver list semantics; chunking
 * as in k8s.io/apiserver/pkg/storage/etcd3 continue tokens).
 */
import type {ResourceInfo} from './resources.js'
import {apiVersionOf} from './resources.js'
import type {Route} from './routing.js'
import {parseFieldSelector, parseLabelSelector} from './selectors.js'
import * as S from './status.js'
import type {KubeObj, Store} from './store.js'

function parseContinue(token: string): {rv: number; start: string} | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {v?: string; rv?: number; start?: string}
    if (v.v !== 'meta.k8s.io/v1' || typeof v.rv !== 'number' || typeof v.start !== 'string') return undefined
    return {rv: v.rv, start: v.start}
  } catch {
    return undefined
  }
}

function makeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000`}), 'utf8').toString('base64')
}

function fail(status: S.Status): {code: number; body: unknown} {
  return {code: status.code, body: status}
}

export function listBody(info: ResourceInfo, items: KubeObj[], metadata: Record<string, unknown>): unknown {
  return {
    kind: `${info.kind}List`,
    apiVersion: apiVersionOf(info),
    metadata,
    // List items are serialized without TypeMeta by the real server.
    items: items.map(({apiVersion: _a, kind: _k, ...rest}) => rest),
  }
}

/**
 * A list request: selectors, `limit`/`continue` chunking, and 410 for
 * continue tokens or exact versions that were compacted away. Throws
 * SelectorError for a bad selector.
 */
export function listResponse(store: Store, route: Route, q: URLSearchParams): {code: number; body: unknown} {
  const labelSel = q.get('labelSelector')
  const labels = parseLabelSelector(labelSel)
  const fieldSel = route.name ? `metadata.name=${route.name}` : q.get('fieldSelector')
  const fields = parseFieldSelector(fieldSel, route.info)
  const rvParam = q.get('resourceVersion') ?? ''
  if (q.get('resourceVersionMatch') === 'Exact' && rvParam !== '' && store.isExpired(Number(rvParam))) {
    // etcd3 store interpretListError for a compacted revision.
    return fail(S.failure(410, 'Expired', 'The resourceVersion for the provided list is too old.'))
  }
  let listRV = store.resourceVersion
  let start = ''
  const cont = q.get('continue')
  if (cont) {
    const token = parseContinue(cont)
    if (!token) return fail(S.badRequest('continue key is not valid: illegal base64 data'))
    if (store.isExpired(token.rv)) return fail(S.continueExpired())
    listRV = token.rv
    start = token.start
  }
  const keyOf = (o: KubeObj): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`
  let items = store.list(route.info, route.namespace).filter((o) => labels(o) && fields(o))
  if (start) items = items.filter((o) => keyOf(o) >= start)
  const limit = Number(q.get('limit') ?? '0')
  const metadata: Record<string, unknown> = {resourceVersion: String(listRV)}
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const remaining = items.length - limit
    items = items.slice(0, limit)
    metadata.continue = makeContinue(listRV, keyOf(items[items.length - 1]!))
    // remainingItemCount is only set when no selector is used (it would be an estimate otherwise).
    if (!labelSel && !fieldSel) metadata.remainingItemCount = remaining
  }
  return {code: 200, body: listBody(route.info, items, metadata)}
}
