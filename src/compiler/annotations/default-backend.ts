import {stringAnnotation} from './nginx-kinds.js'

/**
 * `default-backend`: a Service of the Ingress's namespace that answers when
 * the rule's Service has no endpoints (ingress-nginx routes the location to
 * the `custom-default-backend-` upstream and sends X-Code: 503, X-Format,
 * X-Namespace, X-Ingress-Name, X-Service-Name, X-Service-Port and
 * X-Request-ID; nginx.tmpl). The Service's first port is used.
 */
export const defaultBackend = stringAnnotation(
  'default-backend',
  {
    summary: 'Service answering when the rule Service has no endpoints',
    values: ['a Service name in the Ingress namespace'],
    docs: "When the path's Service has no endpoints, the request goes to this Service (its first port) with the X-Code: 503 and X-Service-* headers ingress-nginx sends.",
    hint: 'Give the name of a Service in the same namespace.',
  },
  (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : 'not a Service name'),
)
