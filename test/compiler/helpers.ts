/** Builds Snapshots in code for compiler tests (no loader involved). */
import type {Ingress, IngressBackend, IngressClass, IngressRule, IngressTLS, Service, ServicePort} from '../../src/model/objects.js'
import type {Entry, Snapshot} from '../../src/model/snapshot.js'
import {syntheticSource, type SourceRef} from '../../src/model/source.js'

/** A SourceRef whose object starts at `line`; every field is reported at that line (col = depth of the field path + 1). */
export function sourceAt(file: string, line: number): SourceRef {
  return {file, doc: 0, line, col: 1, locate: (p) => ({line, col: p.length + 1})}
}

export interface IngressOptions {
  namespace?: string
  annotations?: Record<string, string>
  creationTimestamp?: string
  apiVersion?: string
  className?: string
  defaultBackend?: IngressBackend
  tls?: IngressTLS[]
  file?: string
  line?: number
}

export function svc(name: string, port: number | string): IngressBackend {
  return {service: {name, port: typeof port === 'number' ? {number: port} : {name: port}}}
}

export type PathSpec = [path: string, pathType: string, backend: IngressBackend]

export function rule(host: string | undefined, ...paths: PathSpec[]): IngressRule {
  return {...(host !== undefined ? {host} : {}), http: {paths: paths.map(([path, pathType, backend]) => ({path, pathType, backend}))}}
}

export function ingress(name: string, rules: IngressRule[], o: IngressOptions = {}): Entry<Ingress> {
  const namespace = o.namespace ?? 'default'
  const object: Ingress = {
    apiVersion: o.apiVersion ?? 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      ...(o.annotations ? {annotations: o.annotations} : {}),
      ...(o.creationTimestamp ? {creationTimestamp: o.creationTimestamp} : {}),
    },
    spec: {
      ...(o.className ? {ingressClassName: o.className} : {}),
      ...(o.defaultBackend ? {defaultBackend: o.defaultBackend} : {}),
      ...(rules.length > 0 ? {rules} : {}),
      ...(o.tls ? {tls: o.tls} : {}),
    },
  }
  return entry('Ingress', namespace, name, object, o)
}

/** An Ingress from a raw object (v1beta1 shapes, odd input). */
export function rawIngress(object: Ingress, o: {file?: string; line?: number} = {}): Entry<Ingress> {
  return entry('Ingress', object.metadata?.namespace ?? 'default', object.metadata?.name ?? '', object, o)
}

export function service(name: string, ports: ServicePort[], o: {namespace?: string; type?: string; externalName?: string} = {}): Entry<Service> {
  const namespace = o.namespace ?? 'default'
  const object: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace},
    spec: {...(o.type ? {type: o.type} : {}), ...(o.externalName ? {externalName: o.externalName} : {}), ports},
  }
  return entry('Service', namespace, name, object, {})
}

export function ingressClass(name: string, isDefault = false): Entry<IngressClass> {
  const object: IngressClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {name, ...(isDefault ? {annotations: {'ingressclass.kubernetes.io/is-default-class': 'true'}} : {})},
    spec: {controller: 'example.com/ingress-controller'},
  }
  return entry('IngressClass', '', name, object, {})
}

function entry<T extends Ingress | Service | IngressClass>(kind: Entry['kind'], namespace: string, name: string, object: T, o: {file?: string; line?: number}): Entry<T> {
  const source = o.line !== undefined ? sourceAt(o.file ?? `${name}.yaml`, o.line) : syntheticSource(o.file ?? `${name}.yaml`)
  return {kind, namespace, name, object, source}
}

export function snapshot(parts: {ingresses?: Entry<Ingress>[]; services?: Entry<Service>[]; ingressClasses?: Entry<IngressClass>[]}): Snapshot {
  return {
    ingresses: parts.ingresses ?? [],
    services: parts.services ?? [],
    ingressClasses: parts.ingressClasses ?? [],
    endpointSlices: [],
    secrets: [],
  }
}
