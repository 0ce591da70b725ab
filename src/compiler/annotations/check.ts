/**
 * What the controller would make of one annotation, checked against its
 * catalog entry: a value its parser refuses, an unknown key under its prefix,
 * a snippet, a risk above the ConfigMap's `annotations-risk-level`, and
 * whether ingressctl applies it. Pure; the caller adds the object and position.
 */
import type {Severity} from '../../model/diagnostics.js'
import type {NginxConfig, RiskLevel} from '../nginx/config.js'
import type {CompilerRuleId} from '../rules.js'
import {NOT_APPLIED_YET, type CatalogEntry} from './catalog-types.js'
import {annotationStatus, catalogEntry, catalogOf, suggestKey, valueMatters} from './catalogs.js'
import {otherControllerEffect} from './other-controllers.js'

export interface AnnotationFinding {
  readonly rule: CompilerRuleId
  readonly severity: Severity
  /** Names the annotation; the caller prefixes the object. */
  readonly message: string
  readonly hint: string
}

const RISK_RANK: Readonly<Record<RiskLevel, number>> = {Low: 0, Medium: 1, High: 2, Critical: 3}

export function riskAbove(risk: RiskLevel, level: RiskLevel): boolean {
  return RISK_RANK[risk] > RISK_RANK[level]
}

const NIGHTMARE =
  'Snippets inject raw nginx configuration: the IngressNightmare vulnerabilities (CVE-2025-1974 and the CVE-2025-1097/1098/24514 family, March 2025) turned such configuration into code execution in the controller, which is why ingress-nginx refuses them by default (allow-snippet-annotations "false", annotations-risk-level High)'

export function checkAnnotation(key: string, value: string, nginx: NginxConfig): {findings: AnnotationFinding[]; rejected: boolean} {
  const entry = catalogEntry(key)
  const catalog = catalogOf(key)
  if (!catalog) {
    // Another controller's routing annotation (Traefik, HAProxy, Kong, AWS): said, never silently ignored.
    const effect = otherControllerEffect(key, value)
    if (!effect) return {findings: [], rejected: false}
    return {
      findings: [
        {
          rule: 'annotation-not-applied',
          severity: 'warning',
          message: `${key} is not applied by ingressctl: ${effect}`,
          hint: 'serve and match answer as if the annotation were absent: check this behaviour against the cluster, or disable the rule where that is expected (lint --disable annotation-not-applied).',
        },
      ],
      rejected: false,
    }
  }
  if (!entry) {
    const near = suggestKey(catalog, key)
    return {
      findings: [
        {
          rule: 'unknown-annotation',
          severity: 'warning',
          message: `${key} is not an ${catalog.controller} annotation${near ? ` (did you mean ${near}?)` : ''}: ${catalog.controller} ignores it`,
          hint: near ? `rename it to ${near}` : `see ${catalog.reference} for the annotations ${catalog.controller} knows`,
        },
      ],
      rejected: false,
    }
  }
  const findings: AnnotationFinding[] = []
  // ingress-nginx does not validate empty values (parser.checkAnnotation).
  const problem = value === '' ? undefined : entry.validator.check(value)
  if (problem) {
    findings.push({
      rule: 'annotation-value-rejected',
      severity: 'error',
      message: `${key}: ${catalog.controller} refuses the value ${JSON.stringify(value)} (${problem}): ${catalog.onRejectedValue}`,
      hint: `write ${entry.validator.expects}`,
    })
  }
  const replaced = problem === undefined && value !== '' ? entry.afterValidation?.(value) : undefined
  if (replaced) {
    findings.push({
      rule: 'annotation-value-ignored',
      severity: 'warning',
      message: `${key}: ${JSON.stringify(value)}: ${replaced}`,
      hint: `change the value to one ${catalog.controller} uses as written, or remove the annotation`,
    })
  }
  if (entry.snippet) findings.push(snippetFinding(entry, nginx))
  else if (entry.risk && riskAbove(entry.risk, nginx.annotationsRiskLevel)) findings.push(riskFinding(entry, nginx))
  const status = annotationStatus(entry)
  if (status === 'not-supported' && !entry.snippet && valueMatters(entry, value)) {
    findings.push({
      rule: 'annotation-not-applied',
      severity: 'warning',
      message: `${key} is not applied by ingressctl: ${catalog.controller} ${entry.production}${entry.difference && entry.difference !== NOT_APPLIED_YET ? `; ${entry.difference}` : ''}`,
      hint: 'serve and match answer as if the annotation were absent: check this behaviour against the cluster, or disable the rule where that is expected (lint --disable annotation-not-applied).',
    })
  } else if (status === 'approximated' && (entry.note ?? entry.difference)) {
    findings.push({
      rule: 'annotation-approximated',
      severity: 'info',
      message: `${key} is approximated by ingressctl: ${entry.note ?? entry.difference}`,
      hint: 'check this difference against the cluster where it matters',
    })
  }
  return {findings, rejected: problem !== undefined}
}

function configSource(nginx: NginxConfig): string {
  return nginx.source ? `ConfigMap ${nginx.source.namespace}/${nginx.source.name}` : "the controller's defaults"
}

function snippetFinding(entry: CatalogEntry, nginx: NginxConfig): AnnotationFinding {
  const tooRisky = entry.risk !== undefined && riskAbove(entry.risk, nginx.annotationsRiskLevel)
  const refused = !nginx.allowSnippetAnnotations || tooRisky
  const why = [
    ...(nginx.allowSnippetAnnotations ? [] : ['allow-snippet-annotations is "false"']),
    ...(tooRisky ? [`annotations-risk-level is ${nginx.annotationsRiskLevel}, below the snippet's Critical`] : []),
  ].join(' and ')
  return {
    rule: 'snippet-annotation',
    severity: refused ? 'error' : 'warning',
    message: refused
      ? `${entry.key} ${entry.production}: ingress-nginx refuses it (${why} in ${configSource(nginx)}): its admission webhook rejects the Ingress, and without the webhook the controller ${tooRisky ? 'leaves the whole Ingress out' : 'drops the snippet'}. ${NIGHTMARE}; ingressctl ignores the snippet`
      : `${entry.key} ${entry.production} (allowed by ${configSource(nginx)}): ingressctl ignores it, so serve and match differ from the cluster wherever it acts. ${NIGHTMARE}`,
    hint: refused
      ? 'express the behaviour with annotations (or a controller-wide ConfigMap setting) instead of a snippet'
      : 'prefer annotations to snippets, and keep allow-snippet-annotations "false" where users you do not fully trust create Ingresses',
  }
}

function riskFinding(entry: CatalogEntry, nginx: NginxConfig): AnnotationFinding {
  return {
    rule: 'annotation-risk-too-high',
    severity: 'error',
    message: `${entry.key} has risk ${entry.risk}, above annotations-risk-level ${nginx.annotationsRiskLevel} (${configSource(nginx)}): ingress-nginx refuses it, its admission webhook rejects the Ingress, and without the webhook the controller leaves the whole Ingress out`,
    hint: `remove the annotation, or raise annotations-risk-level to ${entry.risk} in the controller ConfigMap if its administrators accept that risk`,
  }
}
