import type {DiagnosticLocation, ObjectRef} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import {formatFieldPath, type FieldPath} from '../model/source.js'

export function ingressRef(e: Entry<Ingress>): ObjectRef {
  return {kind: 'Ingress', namespace: e.namespace, name: e.name}
}

export function ingressLabel(e: Entry<Ingress>): string {
  return `Ingress ${e.namespace}/${e.name}`
}

export function locationOf(e: Entry, path: FieldPath): DiagnosticLocation {
  const pos = e.source.locate(path)
  return Object.freeze({file: e.source.file, line: pos.line, col: pos.col, field: formatFieldPath(path)})
}

/** `spec.rules[i].http.paths[j].path` strings of one compile, shared by every Ingress (small indexes repeat). */
export class PathFields {
  private readonly rows: string[][] = []

  get(ruleIndex: number, pathIndex: number): string {
    const row = (this.rows[ruleIndex] ??= [])
    return (row[pathIndex] ??= `spec.rules[${ruleIndex}].http.paths[${pathIndex}].path`)
  }
}

/** Location of `spec.rules[i].http.paths[j].path` (once per route: built without formatFieldPath). */
export function pathLocation(e: Entry, ruleIndex: number, pathIndex: number, hasPath: boolean, fields: PathFields): DiagnosticLocation {
  const path: FieldPath = hasPath ? ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'path'] : ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex]
  const pos = e.source.locate(path)
  const field = hasPath ? fields.get(ruleIndex, pathIndex) : `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`
  return Object.freeze({file: e.source.file, line: pos.line, col: pos.col, field})
}

export function formatLocation(l: DiagnosticLocation | undefined): string {
  return l ? `${l.file}:${l.line}:${l.col}` : '(unknown location)'
}
