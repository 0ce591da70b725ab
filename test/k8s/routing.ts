/**
 * URL routing of the API server double: which resource, namespace, name and
 * subresource a path names, and which RBAC verb a request is.
 */
import {findResource, type ResourceInfo} from './resources.js'

export interface Route {
  info: ResourceInfo
  namespace?: string
  name?: string
  subresource?: string
}

/** Parse `/api/v1/...` or `/apis/G/V/...` after the group/version. */
export function route(group: string, version: string, segs: string[]): Route | undefined {
  if (segs[0] === 'watch') segs = segs.slice(1)
  let namespace: string | undefined
  if (segs[0] === 'namespaces' && segs.length >= 3 && !(group === '' && segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize'))) {
    namespace = segs[1]
    segs = segs.slice(2)
  }
  const [resource, name, subresource, ...rest] = segs
  if (!resource || rest.length > 0) return undefined
  const info = findResource(group, version, resource)
  if (!info) return undefined
  if (namespace !== undefined && !info.namespaced) return undefined
  if (info.namespaced && namespace === undefined && name !== undefined) return undefined
  return {info, namespace, name, subresource}
}

export function routeOf(segs: string[]): Route | undefined {
  if (segs[0] === 'api' && segs.length >= 3) return route('', segs[1]!, segs.slice(2))
  if (segs[0] === 'apis' && segs.length >= 4) return route(segs[1]!, segs[2]!, segs.slice(3))
  return undefined
}

/** The RBAC verb of a request, or '' when the method is not served on that path (405). */
export function verbFor(method: string, route: Route, watch: boolean): string {
  const named = route.name !== undefined
  // The all-namespaces path of a namespaced kind only serves list and watch.
  const allNamespaces = route.info.namespaced && route.namespace === undefined
  if (allNamespaces && !(method === 'GET' && !named)) return ''
  switch (method) {
    case 'GET':
      if (watch) return 'watch'
      return named ? 'get' : 'list'
    case 'POST':
      if (route.subresource === 'portforward') return 'create'
      return named ? '' : 'create'
    case 'PUT':
      return named ? 'update' : ''
    case 'PATCH':
      return named ? 'patch' : ''
    case 'DELETE':
      return named ? 'delete' : 'deletecollection'
    default:
      return ''
  }
}
