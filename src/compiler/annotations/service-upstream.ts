import {boolAnnotation} from './nginx-kinds.js'

/** `service-upstream`: nginx proxies to the Service's ClusterIP instead of its endpoints; ingressctl resolves the Service the same way either way. */
export const serviceUpstream = boolAnnotation('service-upstream', {
  summary: 'Proxy to the Service ClusterIP (no local effect)',
  defaultValue: 'false',
  docs: 'ingress-nginx sends requests to the Service ClusterIP instead of its endpoints. Locally ingressctl resolves the Service through --map, EndpointSlices or the cluster as usual, so the request reaches the same Service.',
})
