/**
 * Minimal typings of the Kubernetes objects ingressctl reads. They mirror the
 * Kubernetes API reference field names exactly; every field is optional because
 * input is untrusted until validated (lint reports what is missing).
 */

export interface ObjectMeta {
  name?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata?: ObjectMeta
}

export interface ServiceBackendPort {
  name?: string
  number?: number
}

export interface IngressServiceBackend {
  name?: string
  port?: ServiceBackendPort
}

export interface TypedLocalObjectReference {
  apiGroup?: string
  kind?: string
  name?: string
}

export interface IngressBackend {
  service?: IngressServiceBackend
  resource?: TypedLocalObjectReference
  /** extensions/v1beta1 and networking.k8s.io/v1beta1 only. */
  serviceName?: string
  /** extensions/v1beta1 and networking.k8s.io/v1beta1 only. */
  servicePort?: number | string
}

export interface HTTPIngressPath {
  path?: string
  pathType?: string
  backend?: IngressBackend
}

export interface IngressRule {
  host?: string
  http?: {paths?: HTTPIngressPath[]}
}

export interface IngressTLS {
  hosts?: string[]
  secretName?: string
}

export interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string
    defaultBackend?: IngressBackend
    /** v1beta1 name of defaultBackend. */
    backend?: IngressBackend
    rules?: IngressRule[]
    tls?: IngressTLS[]
  }
}

export interface IngressClass extends KubeObject {
  spec?: {
    controller?: string
    parameters?: Record<string, unknown>
  }
}

export interface ServicePort {
  name?: string
  protocol?: string
  appProtocol?: string
  port?: number
  targetPort?: number | string
  nodePort?: number
}

export interface Service extends KubeObject {
  spec?: {
    type?: string
    ports?: ServicePort[]
    selector?: Record<string, string>
    clusterIP?: string
    externalName?: string
  }
}

export interface EndpointPort {
  name?: string
  port?: number
  protocol?: string
  appProtocol?: string
}

export interface Endpoint {
  addresses?: string[]
  conditions?: {ready?: boolean; serving?: boolean; terminating?: boolean}
  hostname?: string
  nodeName?: string
  targetRef?: {kind?: string; name?: string; namespace?: string; uid?: string}
  zone?: string
}

export interface EndpointSlice extends KubeObject {
  addressType?: string
  endpoints?: Endpoint[]
  ports?: EndpointPort[]
}

export interface Secret extends KubeObject {
  type?: string
  data?: Record<string, string>
  stringData?: Record<string, string>
}

/** A ConfigMap: ingressctl reads the ingress-nginx controller's (src/compiler/nginx/configmap.ts). */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>
}
