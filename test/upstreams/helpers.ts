import {compile} from '../../src/compiler/index.js'
import {parseManifests} from '../../src/loader/index.js'
import type {RouteTable, ServiceBackend} from '../../src/model/routes.js'
import type {Snapshot} from '../../src/model/snapshot.js'

/** Parses YAML manifests and compiles them: the same path `serve` takes. */
export function load(yaml: string): {snapshot: Snapshot; table: RouteTable} {
  const {snapshot, diagnostics} = parseManifests(yaml, 'test.yaml')
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) throw new Error(`test manifests do not parse: ${errors.map((d) => d.message).join('; ')}`)
  return {snapshot, table: compile(snapshot)}
}

/** The Service backend of the route with this id. */
export function backendOf(table: RouteTable, id: string): ServiceBackend {
  const r = table.routes.find((x) => x.id === id)
  if (!r) throw new Error(`no route ${id}; routes: ${table.routes.map((x) => x.id).join(', ')}`)
  if (r.backend.kind !== 'service') throw new Error(`route ${id} has a resource backend`)
  return r.backend
}

export function ingress(name: string, host: string, path: string, service: string, port: number | string, ns = 'shop'): string {
  const p = typeof port === 'number' ? `number: ${port}` : `name: ${port}`
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: ${ns}}
spec:
  rules:
    - host: ${host}
      http:
        paths:
          - path: ${path}
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port: {${p}}
`
}
