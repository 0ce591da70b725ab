import type {UpstreamProtocol} from '../model/routes.js'

/**
 * The upstream protocol a Service port's appProtocol names
 * (https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol):
 * un-prefixed values are IANA service names (`http`, `https`, and the common
 * `h2c`, `grpc`); the Kubernetes-defined prefixed names are `kubernetes.io/h2c`
 * (HTTP/2 with prior knowledge over cleartext), `kubernetes.io/ws` (WebSocket
 * over cleartext) and `kubernetes.io/wss` (WebSocket over TLS). Anything else
 * (implementation-defined names, absent) → plain HTTP.
 */
const APP_PROTOCOLS: Record<string, UpstreamProtocol> = {
  http: 'http',
  'kubernetes.io/ws': 'http',
  https: 'https',
  'kubernetes.io/wss': 'https',
  h2c: 'h2c',
  'kubernetes.io/h2c': 'h2c',
  grpc: 'grpc',
  'kubernetes.io/grpc': 'grpc',
  grpcs: 'grpcs',
}

export function protocolFromAppProtocol(appProtocol: string | undefined): UpstreamProtocol {
  if (!appProtocol) return 'http'
  return APP_PROTOCOLS[appProtocol.toLowerCase()] ?? 'http'
}
