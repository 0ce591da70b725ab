/**
 * Small builders for the objects the API server double serves, shaped exactly
 * like the Kubernetes API reference (networking.k8s.io/v1 Ingress and
 * IngressClass, core/v1 Service, Secret, Pod, discovery.k8s.io/v1 EndpointSlice).
 */
import type {KubeObj} from './store.js'

type Labels = Record<string, string>

export interface IngressPathSpec {
  path?: string
  pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific'
  service: string
  port: number | string
}

export interface IngressRuleSpec {
  host?: string
  paths: IngressPathSpec[]
}

function backend(p: {service: string; port: number | string}): unknown {
  return {service: {name: p.service, port: typeof p.port === 'number' ? {number: p.port} : {name: p.port}}}
}

export function ingress(
  namespace: string,
  name: string,
  spec: {className?: string; rules?: IngressRuleSpec[]; tls?: Array<{hosts: string[]; secretName?: string}>; defaultBackend?: {service: string; port: number | string}; labels?: Labels; annotations?: Record<string, string>},
): KubeObj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {name, namespace, ...(spec.labels ? {labels: spec.labels} : {}), ...(spec.annotations ? {annotations: spec.annotations} : {})},
    spec: {
      ...(spec.className ? {ingressClassName: spec.className} : {}),
      ...(spec.defaultBackend ? {defaultBackend: backend(spec.defaultBackend)} : {}),
      ...(spec.tls ? {tls: spec.tls} : {}),
      ...(spec.rules
        ? {
            rules: spec.rules.map((r) => ({
              ...(r.host ? {host: r.host} : {}),
              http: {paths: r.paths.map((p) => ({path: p.path ?? '/', pathType: p.pathType ?? 'Prefix', backend: backend(p)}))},
            })),
          }
        : {}),
    },
  }
}

export function ingressClass(name: string, opts: {controller?: string; isDefault?: boolean} = {}): KubeObj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {name, ...(opts.isDefault ? {annotations: {'ingressclass.kubernetes.io/is-default-class': 'true'}} : {})},
    spec: {controller: opts.controller ?? 'k8s.io/ingress-nginx'},
  }
}

export function service(
  namespace: string,
  name: string,
  ports: Array<{name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string}>,
  opts: {selector?: Labels; type?: string; externalName?: string; labels?: Labels} = {},
): KubeObj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace, ...(opts.labels ? {labels: opts.labels} : {})},
    spec: {
      ...(opts.type ? {type: opts.type} : {}),
      ...(opts.externalName ? {externalName: opts.externalName} : {}),
      selector: opts.selector ?? {app: name},
      ports,
    },
  }
}

export interface SliceEndpoint {
  ip: string
  ready?: boolean
  serving?: boolean
  terminating?: boolean
  pod?: string
  nodeName?: string
}

/** An EndpointSlice owned by Service `service` (label kubernetes.io/service-name). */
export function endpointSlice(
  namespace: string,
  name: string,
  serviceName: string,
  endpoints: SliceEndpoint[],
  ports: Array<{name?: string; port: number; protocol?: string; appProtocol?: string}>,
  addressType: 'IPv4' | 'IPv6' | 'FQDN' = 'IPv4',
): KubeObj {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {name, namespace, labels: {'kubernetes.io/service-name': serviceName, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io'}},
    addressType,
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: {ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false},
      ...(e.pod ? {targetRef: {kind: 'Pod', namespace, name: e.pod}} : {}),
      ...(e.nodeName ? {nodeName: e.nodeName} : {}),
    })),
    ports: ports.map((p) => ({...(p.name !== undefined ? {name: p.name} : {}), port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? {appProtocol: p.appProtocol} : {})})),
  }
}

export function tlsSecret(namespace: string, name: string, certPem: string, keyPem: string): KubeObj {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {name, namespace},
    type: 'kubernetes.io/tls',
    data: {'tls.crt': Buffer.from(certPem).toString('base64'), 'tls.key': Buffer.from(keyPem).toString('base64')},
  }
}

export function secret(namespace: string, name: string, stringData: Record<string, string>, type = 'Opaque'): KubeObj {
  return {apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace}, type, stringData}
}

/** A Running, Ready pod with the given IP and container ports. */
export function pod(namespace: string, name: string, opts: {ip?: string; labels?: Labels; ports?: number[]; ready?: boolean; nodeName?: string} = {}): KubeObj {
  const ready = opts.ready ?? true
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace, labels: opts.labels ?? {}},
    spec: {
      nodeName: opts.nodeName ?? 'node-1',
      containers: [{name: 'app', image: 'example/app:1', ports: (opts.ports ?? []).map((p) => ({containerPort: p, protocol: 'TCP'}))}],
    },
    status: {
      phase: 'Running',
      ...(opts.ip ? {podIP: opts.ip, podIPs: [{ip: opts.ip}]} : {}),
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
    },
  }
}

export function namespace(name: string): KubeObj {
  return {apiVersion: 'v1', kind: 'Namespace', metadata: {name}}
}
