/**
 * The rule ids of the API-server validation (src/validation/index.ts), with a
 * one-line description each. Every one is severity `error`: the API server
 * would reject the Ingress (the create-only checks, ingress-class-mismatch and
 * invalid-tls-secret-name, are warnings for objects read from a cluster).
 */
export const VALIDATION_RULES = {
  'invalid-field-type': 'A field has the wrong type (e.g. a string where the API expects a list or a number)',
  'name-required': 'metadata.name (or metadata.generateName) is required',
  'invalid-name': 'metadata.name must be a DNS-1123 subdomain',
  'invalid-namespace': 'metadata.namespace must be a DNS-1123 label',
  'invalid-label': 'Label keys must be qualified names and values valid label values',
  'invalid-annotation-key': 'Annotation keys must be qualified names',
  'ingress-class-mismatch': 'The kubernetes.io/ingress.class annotation must match spec.ingressClassName when both are set',
  'spec-empty': 'spec must have a defaultBackend or at least one rule',
  'invalid-ingress-class-name': 'spec.ingressClassName must be a DNS-1123 subdomain',
  'host-is-ip': 'A rule host must be a DNS name, not an IP address',
  'invalid-host': 'A rule host must be a lower-case DNS-1123 subdomain',
  'invalid-wildcard-host': 'A wildcard host must be `*.` followed by a DNS-1123 subdomain (the wildcard is the whole first label)',
  'http-paths-required': 'rules[].http.paths must not be empty',
  'path-type-required': 'pathType is required in networking.k8s.io/v1 (Exact, Prefix or ImplementationSpecific)',
  'invalid-path-type': 'pathType must be Exact, Prefix or ImplementationSpecific',
  'path-not-absolute': 'A path must start with `/` (required for Exact and Prefix, and for a non-empty ImplementationSpecific path)',
  'invalid-path': 'An Exact or Prefix path must not contain `//`, `/./`, `/../`, `%2f`, `%2F` nor end with `/..` or `/.`',
  'backend-missing': 'A backend needs a service or a resource',
  'backend-service-and-resource': 'A backend cannot set both service and resource',
  'service-name-required': 'backend.service.name is required',
  'invalid-service-name': 'A backend Service name must be a DNS-1035 label',
  'service-port-required': 'backend.service.port needs a name or a number',
  'service-port-name-and-number': 'backend.service.port cannot set both name and number',
  'invalid-port-number': 'A Service port number must be between 1 and 65535',
  'invalid-port-name': 'A Service port name must be an IANA_SVC_NAME (at most 15 of a-z, 0-9, -, with a letter)',
  'resource-kind-required': 'backend.resource.kind is required',
  'resource-name-required': 'backend.resource.name is required',
  'invalid-resource-api-group': 'backend.resource.apiGroup must be a DNS-1123 subdomain',
  'invalid-resource-kind': 'backend.resource.kind must be a valid path segment name',
  'invalid-resource-name': 'backend.resource.name must be a valid path segment name',
  'invalid-tls-host': 'spec.tls[].hosts entries must be DNS-1123 subdomains (or `*.` wildcards)',
  'invalid-tls-secret-name': 'spec.tls[].secretName must be a DNS-1123 subdomain',
} as const satisfies Record<string, string>

export type ValidationRuleId = keyof typeof VALIDATION_RULES
