import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, ingressBackends, locationOf, objectRef} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A backend's port (name or number) is not a port of its Service. An Ingress
 * port refers to the Service's `spec.ports[].port` (or `.name`), never to the
 * targetPort or a container port.
 */
const rule: LintRule = {
  id: 'service-port-not-found',
  severity: 'error',
  origin: 'lint',
  description: "A backend's port name or number is not a port of its Service (checked when the Service is in the input)",
  check(ctx) {
    if (ctx.services.size === 0) return []
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      for (const b of ingressBackends(e)) {
        const s = b.service
        if (!s || (s.port.number === undefined && s.port.name === undefined)) continue
        const svc = ctx.services.get(`${e.namespace}/${s.name}`)
        if (!svc) continue
        const ports = (Array.isArray(svc.object.spec?.ports) ? svc.object.spec!.ports! : []).filter((p) => typeof p === 'object' && p !== null)
        const found = ports.some((p) => (s.port.number !== undefined ? p.port === s.port.number : p.name === s.port.name))
        if (found) continue
        const listed = ports.map((p) => (p.name ? `${p.name}:${p.port}` : String(p.port))).join(', ') || 'none'
        const want = s.port.number !== undefined ? `number ${s.port.number}` : `name ${JSON.stringify(s.port.name)}`
        const byTarget = s.port.number !== undefined ? ports.find((p) => p.targetPort === s.port.number) : undefined
        out.push(
          diagnose(rule, e, s.portPath, {
            message: `Service ${svc.namespace}/${svc.name} has no port with ${want} (its ports: ${listed})`,
            hint: byTarget
              ? `${s.port.number} is the Service's targetPort: an Ingress names the Service port, here ${byTarget.name ? `name ${byTarget.name} or ` : ''}number ${byTarget.port}.`
              : `Use one of the Service's ports (${listed}), or add the port to the Service.`,
            related: [{message: `Service ${svc.namespace}/${svc.name}`, object: objectRef(svc), location: locationOf(svc, ['spec', 'ports'])}],
          }),
        )
      }
    }
    return out
  },
}

export default rule
