import type {DiagnosticLocation, ObjectRef} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import type {FieldPath} from '../model/source.js'

export function ingressRef(e: Entry<Ingress>): ObjectRef {
  return {kind: 'Ingress', namespace: e.namespace, name: e.name}
}

export function ingressLabel(e: Entry<Ingress>): string {
  return `Ingress ${e.namespace}/${e.name}`
}

/** `spec.rules[0].http.paths[1].path` */
export function fieldString(path: FieldPath): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`
    else out += `[${p}]`
  }
  return out
}

export function locationOf(e: Entry, path: FieldPath): DiagnosticLocation {
  const pos = e.source.locate(path)
  return Object.freeze({file: e.source.file, line: pos.line, col: pos.col, field: fieldString(path)})
}

/** `spec.rules[i].http.paths[j].path` strings of one compile, shared by every Ingress (small indexes repeat). */
export class PathFields {
  private readonly rows: string[][] = []

  get(ruleIndex: number, pathIndex: number): string {
    const row = (this.rows[ruleIndex] ??= [])
    return (row[pathIndex] ??= `spec.rules[${ruleIndex}].http.paths[${pathIndex}].path`)
  }
}

/** Location of `spec.rules[i].http.paths[j].path` (once per route: built without fieldString). */
export function pathLocation(e: Entry, ruleIndex: number, pathIndex: number, hasPath: boolean, fields: PathFields): DiagnosticLocation {
  const path: FieldPath = hasPath ? ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'path'] : ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex]
  const pos = e.source.locate(path)
  const field = hasPath ? fields.get(ruleIndex, pathIndex) : `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`
  return Object.freeze({file: e.source.file, line: pos.line, col: pos.col, field})
}

export function formatLocation(l: DiagnosticLocation | undefined): string {
  return l ? `${l.file}:${l.line}:${l.col}` : '(unknown location)'
}
