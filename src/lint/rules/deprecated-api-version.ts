import type {Diagnostic} from '../../model/diagnostics.js'
import type {FieldPath} from '../../model/source.js'
import type {Entry} from '../../model/snapshot.js'
import type {Ingress} from '../../model/objects.js'
import {formatFieldPath} from '../../model/source.js'
import {diagnose, ingressPaths, isBetaIngress, locationOf, objectRef} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress, and
 * networking.k8s.io/v1beta1 IngressClass, are no longer served since Kubernetes
 * 1.22 (https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-22).
 * The message lists every field to change, each with its own location.
 */
const rule: LintRule = {
  id: 'deprecated-api-version',
  severity: 'error',
  origin: 'lint',
  fixable: true,
  description: 'extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress (and v1beta1 IngressClass) were removed in Kubernetes 1.22: use networking.k8s.io/v1',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      if (!isBetaIngress(e)) continue
      out.push(ingressFix(e))
    }
    for (const c of ctx.snapshot.ingressClasses) {
      if (c.object.apiVersion !== 'networking.k8s.io/v1beta1') continue
      out.push(
        diagnose(rule, c, ['apiVersion'], {
          message: 'apiVersion networking.k8s.io/v1beta1 was removed in Kubernetes 1.22',
          hint: 'Change apiVersion to networking.k8s.io/v1; the spec fields are unchanged.',
        }),
      )
    }
    return out
  },
}

interface Change {
  readonly path: FieldPath
  readonly text: string
}

function yamlValue(v: unknown): string {
  return typeof v === 'string' && /^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(v) && !/^\d+$/.test(v) ? v : JSON.stringify(v)
}

function backendChange(b: unknown, path: FieldPath): Change | undefined {
  if (typeof b !== 'object' || b === null) return undefined
  const o = b as Record<string, unknown>
  if (o.serviceName === undefined && o.servicePort === undefined) return undefined
  const name = o.serviceName === undefined ? 'NAME' : yamlValue(o.serviceName)
  // A number is a port number, a name a port name (a quoted number was meant as a number: v1 needs it unquoted).
  const port =
    typeof o.servicePort === 'number' || (typeof o.servicePort === 'string' && /^\d+$/.test(o.servicePort))
      ? `{number: ${o.servicePort}}`
      : o.servicePort === undefined
        ? '{number: PORT}'
        : `{name: ${yamlValue(o.servicePort)}}`
  const was = [o.serviceName !== undefined ? `serviceName: ${name}` : '', o.servicePort !== undefined ? `servicePort: ${yamlValue(o.servicePort)}` : ''].filter(Boolean).join(', ')
  return {path, text: `${formatFieldPath(path)}: ${was} → service: {name: ${name}, port: ${port}}`}
}

function ingressFix(e: Entry<Ingress>): Diagnostic {
  const changes: Change[] = [{path: ['apiVersion'], text: `apiVersion: ${e.object.apiVersion} → networking.k8s.io/v1`}]
  const spec = (e.object.spec ?? {}) as Record<string, unknown>
  if (spec.backend !== undefined) {
    changes.push({path: ['spec', 'backend'], text: 'spec.backend → spec.defaultBackend'})
    const c = backendChange(spec.backend, ['spec', 'backend'])
    if (c) changes.push({path: c.path, text: c.text.replace(/^spec\.backend:/, 'spec.defaultBackend:')})
  }
  for (const p of ingressPaths(e)) {
    if (p.pathType === undefined) {
      changes.push({
        path: p.fieldPath,
        text: `${formatFieldPath(p.fieldPath)}: add pathType: ImplementationSpecific (the v1beta1 default; Prefix or Exact if you mean them)`,
      })
    }
    const raw = (((spec.rules as unknown[])[p.ruleIndex] as {http: {paths: unknown[]}}).http.paths[p.pathIndex] as {backend?: unknown}).backend
    const c = backendChange(raw, p.backend.path)
    if (c) changes.push(c)
  }
  const fields = changes.length - 1
  return diagnose(rule, e, ['apiVersion'], {
    message: `apiVersion ${e.object.apiVersion} is no longer served since Kubernetes 1.22; ${fields === 0 ? 'only the apiVersion changes' : `${fields} field${fields === 1 ? '' : 's'} to change`}`,
    hint: `Move to networking.k8s.io/v1: ${changes.map((c) => c.text).join('; ')}.`,
    related: changes.slice(1).map((c) => ({message: c.text, object: objectRef(e), location: locationOf(e, c.path)})),
  })
}

export default rule
