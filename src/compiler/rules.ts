/** Diagnostics the compiler itself produces (API-server validation findings come from src/validation). */
export const COMPILER_RULES = {
  'duplicate-route': 'Two Ingresses (or two paths of one) declare the same host, path and pathType; the oldest Ingress wins',
  'multiple-default-backends': 'Several Ingresses declare a defaultBackend; the oldest one is used',
  'ingress-class-excluded': 'An Ingress is left out because of --ingress-class',
  'unsupported-resource-backend': 'A `resource` backend cannot be served by ingressctl; the route is kept but requests to it fail',
  'tls-conflict': 'Two Ingresses bind the same TLS host to different Secrets; the oldest Ingress wins',
  'invalid-annotation': 'An annotation value is not one the annotation accepts; its default applies',
  'unsupported-annotation-value': 'An annotation value ingressctl does not implement; its default applies',
  'annotation-not-applied': 'An ingress-nginx annotation that changes routing (rewrite, regex paths, redirects, canary, auth...) is not applied by ingressctl: serve and match differ from ingress-nginx there',
  'nginx-regex-unsupported': 'An ingress-nginx regex location uses a PCRE construct JavaScript cannot express with the same meaning (named in the message); ingressctl never selects that location',
  'nginx-path-rejected': 'ingress-nginx refuses an Ingress whose Exact or Prefix path holds characters other than letters, digits, ".", "_", "-" and "/" (strict-validate-path-type); it serves nothing',
  'mixed-controller-host': 'A host has Ingresses of the ingress-nginx profile and of the spec profile; ingressctl serves it as one ingress-nginx server',
} as const satisfies Record<string, string>

export type CompilerRuleId = keyof typeof COMPILER_RULES
