/** Which controller's behaviour a route follows. */
export type ControllerProfileName = 'ingress-nginx' | 'spec'

/** The profile a route was compiled under, and why (shown by match, routes, the admin API). */
export interface ControllerProfile {
  readonly name: ControllerProfileName
  /** One line, e.g. `IngressClass nginx has spec.controller k8s.io/ingress-nginx`, `--controller spec`. */
  readonly reason: string
}
