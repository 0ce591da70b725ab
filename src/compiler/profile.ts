/**
 * The controller profile of each Ingress: which controller's behaviour its
 * routes follow.
 *
 * `ingress-nginx` when the Ingress's class resolves to an IngressClass whose
 * spec.controller is `k8s.io/ingress-nginx` (a class-less Ingress resolves to
 * the default IngressClass); when no IngressClass of that name is in the
 * input and the class name (spec.ingressClassName, else the legacy
 * `kubernetes.io/ingress.class` annotation) is `nginx`; when an Ingress
 * without class (and without a default IngressClass) carries
 * `nginx.ingress.kubernetes.io/*` annotations. Otherwise `spec`: the
 * Kubernetes documentation's semantics. `--controller` forces one for all.
 */
import type {IngressClass, Ingress} from '../model/objects.js'
import type {ControllerProfile} from '../model/profile.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {ANNOTATION_DEFAULT_CLASS, ingressClassOf} from './class-selection.js'

export const CONTROLLER_CHOICES = ['auto', 'ingress-nginx', 'spec'] as const
export type ControllerChoice = (typeof CONTROLLER_CHOICES)[number]

export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx'
export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/'

/** Chooses profiles for the Ingresses of one snapshot. */
export class ProfileSelector {
  private readonly classes = new Map<string, Entry<IngressClass>>()
  private readonly defaults: Entry<IngressClass>[] = []
  private readonly forced: ControllerProfile | undefined

  constructor(snapshot: Snapshot, choice: ControllerChoice = 'auto') {
    for (const c of snapshot.ingressClasses) {
      if (!this.classes.has(c.name)) this.classes.set(c.name, c)
      if (c.object.metadata?.annotations?.[ANNOTATION_DEFAULT_CLASS] === 'true') this.defaults.push(c)
    }
    this.forced = choice === 'auto' ? undefined : Object.freeze({name: choice, reason: `--controller ${choice}`})
  }

  profileOf(e: Entry<Ingress>): ControllerProfile {
    if (this.forced) return this.forced
    const cls = ingressClassOf(e)
    if (cls !== undefined) {
      const fromSpec = typeof e.object.spec?.ingressClassName === 'string' && e.object.spec.ingressClassName !== ''
      const via = fromSpec ? 'spec.ingressClassName' : 'annotation kubernetes.io/ingress.class'
      const found = this.classes.get(cls)
      if (found) return byController(found, `class ${cls} (${via})`)
      if (cls === 'nginx') return profile('ingress-nginx', `class nginx (${via}); no IngressClass nginx in the input`)
      return profile('spec', `class ${cls} (${via}) is not an ingress-nginx class`)
    }
    // A class-less Ingress belongs to the default IngressClass (when exactly one is marked default).
    if (this.defaults.length === 1) return byController(this.defaults[0]!, 'no class: default IngressClass')
    const keys = Object.keys(e.object.metadata?.annotations ?? {}).filter((k) => k.startsWith(NGINX_ANNOTATION_PREFIX))
    if (keys.length > 0) return profile('ingress-nginx', `no class, and ${keys.sort()[0]}${keys.length > 1 ? ` (and ${keys.length - 1} more nginx.ingress.kubernetes.io annotation${keys.length > 2 ? 's' : ''})` : ''}`)
    return profile('spec', 'no class and no nginx.ingress.kubernetes.io annotation')
  }
}

function byController(c: Entry<IngressClass>, what: string): ControllerProfile {
  const controller = c.object.spec?.controller
  if (controller === INGRESS_NGINX_CONTROLLER) return profile('ingress-nginx', `${what}: IngressClass ${c.name} has spec.controller ${INGRESS_NGINX_CONTROLLER}`)
  return profile('spec', `${what}: IngressClass ${c.name} has spec.controller ${controller ?? '(none)'}`)
}

function profile(name: ControllerProfile['name'], reason: string): ControllerProfile {
  return Object.freeze({name, reason})
}
