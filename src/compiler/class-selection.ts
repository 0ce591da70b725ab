/**
 * Which Ingresses this table serves (https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class):
 * the class of an Ingress is spec.ingressClassName, else the deprecated
 * `kubernetes.io/ingress.class` annotation. An IngressClass annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"` is the default class;
 * Ingresses without a class belong to it
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class).
 *
 * Without --ingress-class every Ingress is served. With it, only Ingresses of
 * that class, plus class-less Ingresses when that class is a default class.
 */
import type {Diagnostic} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {ingressLabel, ingressRef, locationOf} from './where.js'

export const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class'
export const ANNOTATION_DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class'

export function ingressClassOf(e: Entry<Ingress>): string | undefined {
  const spec = e.object.spec?.ingressClassName
  if (typeof spec === 'string' && spec !== '') return spec
  const ann = e.object.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS]
  return typeof ann === 'string' && ann !== '' ? ann : undefined
}

export function defaultClasses(snapshot: Snapshot): Set<string> {
  const out = new Set<string>()
  for (const c of snapshot.ingressClasses) {
    if (c.object.metadata?.annotations?.[ANNOTATION_DEFAULT_CLASS] === 'true') out.add(c.name)
  }
  return out
}

/** undefined: served; otherwise the info diagnostic saying why it is left out. */
export function classExclusion(e: Entry<Ingress>, wanted: string | undefined, defaults: Set<string>): Diagnostic | undefined {
  if (wanted === undefined) return undefined
  const cls = ingressClassOf(e)
  if (cls === wanted) return undefined
  if (cls === undefined && defaults.has(wanted)) return undefined
  const fromSpec = typeof e.object.spec?.ingressClassName === 'string' && e.object.spec.ingressClassName !== ''
  const field = cls === undefined ? ['metadata'] : fromSpec ? ['spec', 'ingressClassName'] : ['metadata', 'annotations', ANNOTATION_INGRESS_CLASS]
  const why =
    cls === undefined
      ? `has no class and ${JSON.stringify(wanted)} is not the default IngressClass`
      : `is of class ${JSON.stringify(cls)}${fromSpec ? '' : ` (annotation ${ANNOTATION_INGRESS_CLASS})`}, not ${JSON.stringify(wanted)}`
  return {
    rule: 'ingress-class-excluded',
    severity: 'info',
    message: `${ingressLabel(e)} ${why}: left out (--ingress-class ${wanted})`,
    object: ingressRef(e),
    location: locationOf(e, field),
    hint:
      cls === undefined
        ? `Set spec.ingressClassName: ${wanted}, or mark IngressClass ${wanted} with ${ANNOTATION_DEFAULT_CLASS}: "true".`
        : `Run without --ingress-class to serve every class, or with --ingress-class ${cls}.`,
  }
}
