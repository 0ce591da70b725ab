import type {Route} from '../model/routes.js'

/** The echo upstream's answer: the matched route and the request as the gateway received it. */
export function echoBody(
  route: Route,
  request: {method: string; url: string; httpVersion: string; headers: Record<string, unknown>; remoteAddress: string; bodyBytes: number},
): string {
  const b = route.backend
  const backend =
    b.kind === 'service'
      ? {kind: 'service', namespace: b.namespace, name: b.name, port: b.port.number ?? b.port.name, protocol: b.protocol}
      : {kind: 'resource', namespace: b.namespace, apiGroup: b.apiGroup, resourceKind: b.resourceKind, name: b.name}
  const body = {
    route: {
      id: route.id,
      ingress: `${route.ingress.namespace}/${route.ingress.name}`,
      host: route.host,
      path: route.path,
      pathType: route.pathType,
      backend,
    },
    request,
  }
  return JSON.stringify(body, null, 2) + '\n'
}
