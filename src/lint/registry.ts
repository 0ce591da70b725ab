import {COMPILER_RULES} from '../compiler/index.js'
import type {Severity} from '../model/diagnostics.js'
import {VALIDATION_RULES} from '../validation/index.js'
import deprecatedApiVersion from './rules/deprecated-api-version.js'
import implementationSpecificRegex from './rules/implementation-specific-regex.js'
import ingressClassAnnotation from './rules/ingress-class-annotation.js'
import ingressClassNotFound from './rules/ingress-class-not-found.js'
import missingService from './rules/missing-service.js'
import multipleDefaultIngressClasses from './rules/multiple-default-ingress-classes.js'
import pathShadowed from './rules/path-shadowed.js'
import servicePortNotFound from './rules/service-port-not-found.js'
import tlsCertExpired from './rules/tls-cert-expired.js'
import tlsCertHostMismatch from './rules/tls-cert-host-mismatch.js'
import tlsHostNotServed from './rules/tls-host-not-served.js'
import tlsMissingForHost from './rules/tls-missing-for-host.js'
import tlsSecretMissing from './rules/tls-secret-missing.js'
import tlsSecretWrongType from './rules/tls-secret-wrong-type.js'
import type {LintRule, RuleInfo} from './types.js'

/** Lint's own rules, one module each under ./rules, in id order. */
export const LINT_RULES: readonly LintRule[] = [
  deprecatedApiVersion,
  implementationSpecificRegex,
  ingressClassAnnotation,
  ingressClassNotFound,
  missingService,
  multipleDefaultIngressClasses,
  pathShadowed,
  servicePortNotFound,
  tlsCertExpired,
  tlsCertHostMismatch,
  tlsHostNotServed,
  tlsMissingForHost,
  tlsSecretMissing,
  tlsSecretWrongType,
]

/** Default severities of the compiler's rules (the compiler sets each diagnostic's own). */
const COMPILER_SEVERITY: Readonly<Record<string, Severity>> = {'ingress-class-excluded': 'info', 'nginx-path-rejected': 'error', 'nginx-regex-unsupported': 'error'}

/** Rules reported by the compiler (src/compiler); lint passes them on. */
const COMPILER_INFOS: readonly RuleInfo[] = Object.entries(COMPILER_RULES).map(([id, description]) => ({
  id,
  severity: COMPILER_SEVERITY[id] ?? 'warning',
  origin: 'compiler',
  description,
}))

/** Rules reported by the loader (src/loader). */
const LOADER_RULES: readonly RuleInfo[] = [
  {id: 'yaml-syntax', severity: 'error', origin: 'loader', description: 'A YAML document does not parse; the other documents still load'},
  {id: 'json-syntax', severity: 'error', origin: 'loader', description: 'A JSON file does not parse'},
  {id: 'invalid-object', severity: 'error', origin: 'loader', description: 'A document is not a usable Kubernetes object (no kind, metadata.name...); it is skipped'},
  {id: 'duplicate-object', severity: 'warning', origin: 'loader', description: 'The same object is defined twice in one set of objects (a cluster); the later definition is used for cross-object checks, each is validated'},
  {id: 'helm-template', severity: 'error', origin: 'loader', description: 'A file is an unrendered Helm template; render it with `helm template` and lint the output'},
  {id: 'kustomize-directory', severity: 'info', origin: 'loader', description: 'A kustomize directory is linted as written (patches left out); lint `kubectl kustomize DIR` output for the merged objects'},
  {id: 'unknown-directive', severity: 'warning', origin: 'loader', description: 'An `# ingressctl-...` comment is not a known directive, or names an unknown rule'},
]

const VALIDATION_INFOS: readonly RuleInfo[] = Object.entries(VALIDATION_RULES).map(([id, description]) => ({id, severity: 'error', origin: 'validation', description}))

/** Every rule id lint can report, sorted by id: for --disable checks, configuration and SARIF descriptors. */
export const ALL_RULES: readonly RuleInfo[] = [...LOADER_RULES, ...VALIDATION_INFOS, ...COMPILER_INFOS, ...LINT_RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

/**
 * Rules about one object alone (validation, apiVersion, annotations, path
 * syntax): reported for every definition, including an earlier definition of
 * an object defined again. The other rules compare objects within a set.
 */
const OBJECT_RULES = new Set<string>([...Object.keys(VALIDATION_RULES), 'deprecated-api-version', 'implementation-specific-regex', 'ingress-class-annotation', 'invalid-annotation', 'unsupported-annotation-value', 'annotation-not-applied'])

export function isObjectRule(id: string): boolean {
  return OBJECT_RULES.has(id)
}

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]))

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id)
}
