import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, ingressPaths, isBetaIngress} from '../helpers.js'
import type {LintRule} from '../types.js'

/** Characters that make a path look like a regular expression (`.` alone is common in file names, so it is not one). */
const REGEX_CHARS = /[()*+?[\]{}$^|\\]/

/**
 * ImplementationSpecific paths that look like regular expressions. Their
 * meaning depends on the controller (ingress-nginx treats them as regexes only
 * with `nginx.ingress.kubernetes.io/use-regex: "true"` or rewrite-target);
 * ingressctl and most controllers match them as plain prefixes, so `/api/(.*)`
 * matches only the literal path `/api/(.*)`.
 */
const rule: LintRule = {
  id: 'implementation-specific-regex',
  severity: 'warning',
  origin: 'lint',
  description: 'An ImplementationSpecific path contains regular-expression characters; its meaning depends on the controller',
  check(ctx) {
    const out: Diagnostic[] = []
    // Paths of ingress-nginx hosts in regex mode are regexes, as in the cluster (the table matches them so).
    const regexHosts = new Set((ctx.table.nginxServers ?? []).filter((s) => s.regexMode).map((s) => s.host))
    for (const e of ctx.snapshot.ingresses) {
      const beta = isBetaIngress(e)
      for (const p of ingressPaths(e)) {
        const type = p.pathType ?? (beta ? 'ImplementationSpecific' : undefined)
        if (type !== 'ImplementationSpecific' || !REGEX_CHARS.test(p.path)) continue
        if (regexHosts.size > 0 && regexHosts.has(p.host === '' ? '*' : p.host.toLowerCase())) continue
        const literal = p.path.split(/[()*+?[\]{}$^|\\]/)[0]!.replace(/\/+$/, '') || '/'
        out.push(
          diagnose(rule, e, [...p.fieldPath, 'path'], {
            message: `ImplementationSpecific path ${JSON.stringify(p.path)} looks like a regular expression; Kubernetes gives it no regex meaning and ingressctl matches it as a literal prefix`,
            hint: `If a prefix is meant, write pathType: Prefix with path: ${literal}; if the controller's regex matching is meant, keep it and confirm the controller's annotation (e.g. nginx.ingress.kubernetes.io/use-regex: "true").`,
          }),
        )
      }
    }
    return out
  },
}

export default rule
