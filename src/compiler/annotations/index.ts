/**
 * Parses the known annotations of one Ingress into the values routes carry
 * (Route.annotations, by key) and warnings for values that are invalid or
 * unsupported, and a warning for ingress-nginx annotations that would change
 * routing but that ingressctl does not apply (./not-applied.ts). Other
 * annotations are ignored.
 */
import type {Diagnostic} from '../../model/diagnostics.js'
import type {Ingress} from '../../model/objects.js'
import type {Entry} from '../../model/snapshot.js'
import {ingressLabel, ingressRef, locationOf} from '../where.js'
import {notAppliedEffect} from './not-applied.js'
import {ANNOTATIONS} from './registry.js'
import {BACKEND_PROTOCOL as BACKEND_PROTOCOL_KEY} from './backend-protocol.js'

export {ANNOTATIONS} from './registry.js'
export type {AnnotationDefinition} from './types.js'
export {BACKEND_PROTOCOL, upstreamProtocol, type BackendProtocolValue} from './backend-protocol.js'

/**
 * @param nginx the Ingress follows ingress-nginx: its emulated annotations act.
 *   Otherwise those that would change routing are reported as not applied too.
 */
export function parseAnnotations(e: Entry<Ingress>, nginx = true): {values: Readonly<Record<string, unknown>>; diagnostics: Diagnostic[]} {
  const values: Record<string, unknown> = {}
  const diagnostics: Diagnostic[] = []
  const raw = e.object.metadata?.annotations ?? {}
  for (const key of Object.keys(raw).sort()) {
    const def = ANNOTATIONS.get(key)
    const value = raw[key]
    if (typeof value !== 'string') continue
    if (!def || (!nginx && key !== BACKEND_PROTOCOL_KEY)) {
      const effect = notAppliedEffect(key, value)
      if (effect) {
        diagnostics.push({
          rule: 'annotation-not-applied',
          severity: 'warning',
          message: `${ingressLabel(e)}: ${key} is not applied by ingressctl: ${effect}`,
          object: ingressRef(e),
          location: locationOf(e, ['metadata', 'annotations', key]),
          hint: 'serve and match answer as if the annotation were absent: check this behaviour against the cluster, or disable the rule where that is expected (lint --disable annotation-not-applied).',
        })
      }
      if (!def) continue
    }
    const parsed = def.parse(value)
    if (parsed.ok) values[key] = parsed.value
    else {
      diagnostics.push({
        rule: parsed.problem.rule,
        severity: 'warning',
        message: `${ingressLabel(e)}: ${parsed.problem.message}`,
        object: ingressRef(e),
        location: locationOf(e, ['metadata', 'annotations', key]),
        hint: parsed.problem.hint,
      })
    }
  }
  return {values: Object.freeze(values), diagnostics}
}
