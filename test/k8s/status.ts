/**
 * metav1.Status bodies exactly as kube-apiserver writes them
 * (k8s.io/apimachinery/pkg/api/errors).
 */
import type {ResourceInfo} from './resources.js'
import {qualifiedResource} from './resources.js'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: Array<{reason?: string; message?: string; field?: string}>
  retryAfterSeconds?: number
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  /** Absent on the Success status of a DELETE, like the real server's. */
  code: number
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? {details} : {}), code}
}

export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized')
}

/**
 * `secrets is forbidden: User "x" cannot list resource "secrets" in API group "" in the namespace "shop"`
 * (apiserver/pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage).
 */
export function forbidden(
  user: string,
  verb: string,
  info: {resource: string; group: string},
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): Status {
  const resource = subresource ? `${info.resource}/${subresource}` : info.resource
  const qualified = info.group === '' ? resource : `${resource}.${info.group}`
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
  const subject = name ? `${qualified} "${name}"` : qualified
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${info.group}" ${scope}`
  return failure(403, 'Forbidden', message, {...(name ? {name} : {}), ...(info.group ? {group: info.group} : {}), kind: resource})
}

export function notFound(info: ResourceInfo, name: string): Status {
  return failure(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, {name, ...(info.group ? {group: info.group} : {}), kind: info.resource})
}

/** 404 for a URL that names no known resource; the real server answers 404 with this body. */
export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {})
}

export function alreadyExists(info: ResourceInfo, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, {name, ...(info.group ? {group: info.group} : {}), kind: info.resource})
}

export function conflict(info: ResourceInfo, name: string): Status {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    {name, ...(info.group ? {group: info.group} : {}), kind: info.resource},
  )
}

/** 422 `Ingress.networking.k8s.io "x" is invalid: field: Required value: ...` */
export function invalid(info: ResourceInfo, name: string, causes: Array<{field: string; reason: string; message: string}>): Status {
  const kind = info.group === '' ? info.kind : `${info.kind}.${info.group}`
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ')
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    ...(info.group ? {group: info.group} : {}),
    kind: info.kind,
    causes: causes.map((c) => ({reason: c.reason, message: c.message, field: c.field})),
  })
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message)
}

export function methodNotAllowed(): Status {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')
}

export function unsupportedMediaType(contentType: string): Status {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType || 'none'})`,
  )
}

/**
 * 410 Gone for a watch or list whose resourceVersion was compacted away
 * (apiserver/pkg/storage/errors.go, etcd3 "too old resource version: %d (%d)").
 */
export function expired(requested: string | number, oldest: string | number): Status {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`)
}

/** 410 for a `continue` token of a compacted list (apiserver/pkg/storage/etcd3/store.go). */
export function continueExpired(): Status {
  return failure(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  )
}

/** The body of a DELETE for kinds without ReturnDeletedObject (generic registry finalizeDelete): no code field. */
export function success(info: ResourceInfo, name: string, uid?: string): Omit<Status, 'code'> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {name, ...(info.group ? {group: info.group} : {}), kind: info.resource, ...(uid ? {uid} : {})},
  }
}
