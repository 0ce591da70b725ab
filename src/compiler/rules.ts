/** Diagnostics the compiler itself produces (API-server validation findings come from src/validation). */
export const COMPILER_RULES = {
  'duplicate-route': 'Two Ingresses (or two paths of one) declare the same host, path and pathType; the oldest Ingress wins',
  'multiple-default-backends': 'Several Ingresses declare a defaultBackend; the oldest one is used',
  'ingress-class-excluded': 'An Ingress is left out because of --ingress-class',
  'unsupported-resource-backend': 'A `resource` backend cannot be served by ingressctl; the route is kept but requests to it fail',
  'tls-conflict': 'Two Ingresses bind the same TLS host to different Secrets; the oldest Ingress wins',
  'invalid-annotation': 'An annotation value is not one the annotation accepts; its default applies',
  'unsupported-annotation-value': 'An annotation value ingressctl does not implement; its default applies',
  'annotation-not-applied': 'An annotation ingressctl does not apply (ingress-nginx: see the annotation table; Traefik, HAProxy, Kong and AWS load balancer routing annotations): serve and match differ from that controller there; the message says what it does',
  'nginx-regex-unsupported': 'An ingress-nginx regex location uses a PCRE construct JavaScript cannot express with the same meaning (named in the message); ingressctl never selects that location',
  'nginx-path-rejected': 'ingress-nginx refuses an Ingress whose Exact or Prefix path holds characters other than letters, digits, ".", "_", "-" and "/" (strict-validate-path-type); it serves nothing',
  'mixed-controller-host': 'A host has Ingresses of the ingress-nginx profile and of the spec profile; ingressctl serves it as one ingress-nginx server',
  'annotation-approximated': 'An ingress-nginx annotation ingressctl applies with a stated difference',
  'annotation-value-rejected': "An annotation value ingress-nginx's own parser refuses: its admission webhook rejects the Ingress, and the controller leaves the whole Ingress out",
  'annotation-value-ignored': "An annotation value ingress-nginx accepts but then does not use as written (a redirect code out of range, an auth-url without host...): the message says what it does instead",
  'unknown-annotation': 'An annotation under nginx.ingress.kubernetes.io/ that ingress-nginx does not know (a typo?): ingress-nginx ignores it; the message names the nearest known key',
  'snippet-annotation': 'A *-snippet annotation (raw nginx configuration, the IngressNightmare attack surface): an error while the ConfigMap refuses snippets (the default), a warning when allowed (ingressctl ignores snippets)',
  'annotation-risk-too-high': "An annotation whose ingress-nginx risk level is above the ConfigMap's annotations-risk-level (High by default): ingress-nginx refuses the Ingress",
  'controller-config-invalid': 'A key of the ingress-nginx controller ConfigMap has a value the controller cannot read; its default applies',
  'controller-config-not-found': '--controller-config names a ConfigMap that is not in the input; the controller defaults apply',
  'controller-config-ambiguous': 'Several ConfigMaps carry the ingress-nginx controller labels; the first (by namespace/name) is used',
} as const satisfies Record<string, string>

export type CompilerRuleId = keyof typeof COMPILER_RULES
