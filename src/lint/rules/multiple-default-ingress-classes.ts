import type {Diagnostic} from '../../model/diagnostics.js'
import {ANNOTATION_DEFAULT_CLASS, diagnose, relatedAt} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * More than one IngressClass carries `ingressclass.kubernetes.io/is-default-class: "true"`.
 * The Kubernetes documentation: "If you have more than one IngressClass marked
 * as the default for your cluster, the admission controller prevents creating
 * new Ingress objects that don't have an ingressClassName specified."
 */
const rule: LintRule = {
  id: 'multiple-default-ingress-classes',
  severity: 'error',
  origin: 'lint',
  description: 'More than one IngressClass is marked as the default class',
  check(ctx) {
    const defaults = [...ctx.ingressClasses.values()].filter((c) => c.object.metadata?.annotations?.[ANNOTATION_DEFAULT_CLASS] === 'true')
    if (defaults.length < 2) return []
    const path = ['metadata', 'annotations', ANNOTATION_DEFAULT_CLASS]
    const names = defaults.map((c) => c.name).sort()
    const out: Diagnostic[] = []
    for (const c of defaults) {
      out.push(
        diagnose(rule, c, path, {
          message: `is one of ${defaults.length} default IngressClasses (${names.join(', ')}); the API server refuses new Ingresses without ingressClassName while more than one is default`,
          hint: `Keep ${ANNOTATION_DEFAULT_CLASS}: "true" on exactly one IngressClass.`,
          related: defaults.filter((o) => o !== c).map((o) => relatedAt(o, path, `also default: IngressClass ${o.name}`)),
        }),
      )
    }
    return out
  },
}

export default rule
