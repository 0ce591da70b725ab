import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, ingressClassOf} from '../helpers.js'
import type {LintRule} from '../types.js'

/** spec.ingressClassName (or the legacy annotation) names an IngressClass not in the input (checked when the input has IngressClasses). */
const rule: LintRule = {
  id: 'ingress-class-not-found',
  severity: 'warning',
  origin: 'lint',
  description: 'An Ingress names an IngressClass that is not in the input (checked when the input contains IngressClasses)',
  check(ctx) {
    if (ctx.ingressClasses.size === 0) return []
    const known = [...ctx.ingressClasses.keys()].sort()
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      const c = ingressClassOf(e)
      if (!c || ctx.ingressClasses.has(c.name)) continue
      out.push(
        diagnose(rule, e, c.path, {
          message: `IngressClass ${JSON.stringify(c.name)} is not in the input (known: ${known.join(', ')}); no controller will serve this Ingress`,
          hint: `Use one of ${known.join(', ')}, or add the IngressClass ${c.name}.`,
        }),
      )
    }
    return out
  },
}

export default rule
