import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, ingressBackends} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A backend names a Service that is not in the input. Only checked when the
 * input has Services at all (linting Ingresses alone says nothing about them).
 */
const rule: LintRule = {
  id: 'missing-service',
  severity: 'warning',
  origin: 'lint',
  description: 'A backend Service is not in the input (checked when the input contains Services)',
  check(ctx) {
    if (ctx.services.size === 0) return []
    const out: Diagnostic[] = []
    const namespacesByName = new Map<string, string[]>()
    for (const svc of ctx.services.values()) {
      const list = namespacesByName.get(svc.name) ?? []
      list.push(svc.namespace)
      namespacesByName.set(svc.name, list)
    }
    for (const e of ctx.snapshot.ingresses) {
      for (const b of ingressBackends(e)) {
        if (!b.service) continue
        const key = `${e.namespace}/${b.service.name}`
        if (ctx.services.has(key)) continue
        const elsewhere = namespacesByName.get(b.service.name) ?? []
        out.push(
          diagnose(rule, e, b.service.namePath, {
            message: `backend Service ${key} is not in the input`,
            hint:
              elsewhere.length > 0
                ? `A Service named ${b.service.name} exists in namespace ${[...elsewhere].sort().join(', ')}: an Ingress can only reach Services in its own namespace (${e.namespace}).`
                : `Add the Service ${key} to the manifests, or fix the name.`,
          }),
        )
      }
    }
    return out
  },
}

export default rule
