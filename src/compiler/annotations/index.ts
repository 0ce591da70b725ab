/**
 * Parses the known annotations of one Ingress into the values routes carry
 * (Route.annotations, by key), and checks every annotation against the
 * controller catalogs (./catalogs.ts): values the controller's parser refuses,
 * keys it does not know (with the nearest known key), snippets and
 * annotations above the ConfigMap's `annotations-risk-level`, and annotations
 * ingressctl does not apply. Annotations of no catalog are ignored.
 */
import type {Diagnostic} from '../../model/diagnostics.js'
import type {Ingress} from '../../model/objects.js'
import type {Entry} from '../../model/snapshot.js'
import {NGINX_DEFAULTS, type NginxConfig} from '../nginx/config.js'
import type {ControllerProfileName} from '../../model/profile.js'
import {ingressLabel, ingressRef, locationOf} from '../where.js'
import {checkAnnotation, type AnnotationFinding} from './check.js'
import {NGINX_PREFIX} from './ingress-nginx-catalog.js'
import {ANNOTATIONS} from './registry.js'
import {catalogEntry, valueMatters} from './catalogs.js'
import {BACKEND_PROTOCOL as BACKEND_PROTOCOL_KEY} from './backend-protocol.js'

export {ANNOTATIONS} from './registry.js'
export type {AnnotationDefinition} from './types.js'
export {BACKEND_PROTOCOL, upstreamProtocol, type BackendProtocolValue} from './backend-protocol.js'
export {CATALOGS, annotationStatus, catalogEntry} from './catalogs.js'
export type {AnnotationCatalog, AnnotationStatus, CatalogEntry} from './catalog-types.js'

const NOT_CHECKED: {findings: AnnotationFinding[]; rejected: boolean} = {findings: [], rejected: false}

/**
 * `profile`: the controller the Ingress's routes follow; under `spec` (another
 * controller serves it) the ingress-nginx catalog is not checked, since
 * ingress-nginx never reads that Ingress. Absent: checked.
 */
export function parseAnnotations(e: Entry<Ingress>, nginx: NginxConfig = NGINX_DEFAULTS, profile?: ControllerProfileName): {values: Readonly<Record<string, unknown>>; diagnostics: Diagnostic[]} {
  const values: Record<string, unknown> = {}
  const diagnostics: Diagnostic[] = []
  const raw = e.object.metadata?.annotations ?? {}
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key]
    if (typeof value !== 'string') continue
    const at = () => ({object: ingressRef(e), location: locationOf(e, ['metadata', 'annotations', key])})
    const notNginx = profile === 'spec' && key.startsWith(NGINX_PREFIX)
    const found = notNginx ? NOT_CHECKED : checkAnnotation(key, value, nginx)
    for (const f of found.findings) diagnostics.push({...f, message: `${ingressLabel(e)}: ${f.message}`, ...at()})
    const def = ANNOTATIONS.get(key)
    if (!def) continue
    if (notNginx && key !== BACKEND_PROTOCOL_KEY) {
      // An annotation ingressctl emulates, on an Ingress that does not follow ingress-nginx: it does not act here.
      const entry = catalogEntry(key)
      if (entry && valueMatters(entry, value)) {
        diagnostics.push({
          rule: 'annotation-not-applied',
          severity: 'warning',
          message: `${ingressLabel(e)}: ${key} is not applied by ingressctl: this Ingress does not follow ingress-nginx, where the controller ${entry.production}`,
          ...at(),
          hint: 'serve and match answer as if the annotation were absent; if ingress-nginx serves this Ingress, give it that class (or run with --controller ingress-nginx)',
        })
      }
      continue
    }
    const parsed = def.parse(value)
    if (parsed.ok) values[key] = parsed.value
    // A value the controller itself refuses is reported once, by the catalog check.
    else if (!found.rejected) {
      diagnostics.push({
        rule: parsed.problem.rule,
        severity: 'warning',
        message: `${ingressLabel(e)}: ${parsed.problem.message}`,
        ...at(),
        hint: parsed.problem.hint,
      })
    }
  }
  return {values: Object.freeze(values), diagnostics}
}
