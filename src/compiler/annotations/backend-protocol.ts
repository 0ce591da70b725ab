import type {UpstreamProtocol} from '../../model/routes.js'
import type {AnnotationDefinition} from './types.js'

/**
 * `nginx.ingress.kubernetes.io/backend-protocol`, as ingress-nginx defines it
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-protocol):
 * the protocol spoken to the backend, one of HTTP, HTTPS, GRPC, GRPCS, AUTO_HTTP
 * or FCGI; the default is HTTP. ingress-nginx upper-cases and trims the value
 * before checking it. AUTO_HTTP lets nginx pick the HTTP version: ingressctl
 * speaks HTTP/1.1. FCGI is not implemented by ingressctl.
 * The annotation wins over the Service port's appProtocol.
 */
export type BackendProtocolValue = 'HTTP' | 'HTTPS' | 'GRPC' | 'GRPCS' | 'AUTO_HTTP'

const PROTOCOLS: Record<BackendProtocolValue, UpstreamProtocol> = {
  HTTP: 'http',
  HTTPS: 'https',
  GRPC: 'grpc',
  GRPCS: 'grpcs',
  AUTO_HTTP: 'http',
}

export const BACKEND_PROTOCOL = 'nginx.ingress.kubernetes.io/backend-protocol'

export const backendProtocol: AnnotationDefinition<BackendProtocolValue> = {
  key: BACKEND_PROTOCOL,
  summary: 'Protocol spoken to the backend Service (overrides the Service port appProtocol)',
  values: ['HTTP', 'HTTPS', 'GRPC', 'GRPCS', 'AUTO_HTTP'],
  defaultValue: 'HTTP',
  docs:
    'How ingressctl talks to the backend: `HTTP` (default), `HTTPS` (TLS to the upstream), `GRPC` (gRPC over cleartext HTTP/2), ' +
    '`GRPCS` (gRPC over TLS) or `AUTO_HTTP` (served as HTTP/1.1). `FCGI` is not supported. ' +
    'Follows ingress-nginx: the value is trimmed and upper-cased; it overrides the Service port appProtocol.',
  parse(raw) {
    const v = raw.trim().toUpperCase()
    if (v in PROTOCOLS) return {ok: true, value: v as BackendProtocolValue}
    if (v === 'FCGI') {
      return {
        ok: false,
        problem: {
          rule: 'unsupported-annotation-value',
          message: `${BACKEND_PROTOCOL}: FCGI is not supported by ingressctl; the backend is spoken to over HTTP`,
          hint: 'Run the FastCGI application behind an HTTP server, or test this Ingress against ingress-nginx itself.',
        },
      }
    }
    return {
      ok: false,
      problem: {
        rule: 'invalid-annotation',
        message: `${BACKEND_PROTOCOL}: invalid value ${JSON.stringify(raw)}; the default HTTP applies`,
        hint: 'Use one of HTTP, HTTPS, GRPC, GRPCS, AUTO_HTTP.',
      },
    }
  },
}

export function upstreamProtocol(v: BackendProtocolValue): UpstreamProtocol {
  return PROTOCOLS[v]
}
