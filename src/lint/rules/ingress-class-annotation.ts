import type {Diagnostic} from '../../model/diagnostics.js'
import {ANNOTATION_INGRESS_CLASS, diagnose} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * The kubernetes.io/ingress.class annotation, deprecated since Kubernetes 1.18
 * in favour of spec.ingressClassName
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation).
 * Reported when spec.ingressClassName is unset (both set and different is the
 * API server's ingress-class-mismatch). `lint --fix` moves it when the
 * IngressClass is in the input: a controller selects spec.ingressClassName
 * through that object, while the annotation also works without it.
 */
const rule: LintRule = {
  id: 'ingress-class-annotation',
  severity: 'info',
  origin: 'lint',
  fixable: true,
  description: 'An Ingress selects its class with the deprecated kubernetes.io/ingress.class annotation instead of spec.ingressClassName',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      const a = e.object.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS]
      if (typeof a !== 'string' || a.trim() === '') continue
      const spec = e.object.spec as Record<string, unknown> | undefined
      if (typeof spec?.ingressClassName === 'string' && spec.ingressClassName !== '') continue
      const cls = a.trim()
      out.push(
        diagnose(rule, e, ['metadata', 'annotations', ANNOTATION_INGRESS_CLASS], {
          message: `${ANNOTATION_INGRESS_CLASS}: ${cls} is deprecated; use spec.ingressClassName: ${cls}`,
          hint: ctx.ingressClasses.has(cls)
            ? `\`ingressctl lint --fix\` moves it to spec.ingressClassName (IngressClass ${cls} is in the input).`
            : `Set spec.ingressClassName: ${cls} once an IngressClass ${cls} exists (controllers select spec.ingressClassName through it), and remove the annotation.`,
        }),
      )
    }
    return out
  },
}

export default rule
