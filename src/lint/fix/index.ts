/**
 * `lint --fix`: mechanical rewrites, made as text edits at the positions the
 * `yaml` package's Document API gives each node, so that everything else in
 * the file (comments, key order, quoting, indentation, other documents) stays
 * byte for byte.
 *
 * - deprecated-api-version: an Ingress of extensions/v1beta1 or
 *   networking.k8s.io/v1beta1 becomes networking.k8s.io/v1, as the API server
 *   converted it: spec.backend → spec.defaultBackend; serviceName/servicePort →
 *   service.name and service.port.number (a number, quoted or not) or
 *   service.port.name; a path without pathType gets ImplementationSpecific (the
 *   v1beta1 default, SetDefaults_HTTPIngressPath). A networking.k8s.io/v1beta1
 *   IngressClass only changes its apiVersion.
 * - ingress-class-annotation: `kubernetes.io/ingress.class: X` becomes
 *   `spec.ingressClassName: X` when that is safe: spec.ingressClassName is unset
 *   and an IngressClass X is in the input (a controller selects
 *   spec.ingressClassName through that object).
 */
import {isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type YAMLMap} from 'yaml'

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class'
const BETA = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])

export interface FixChange {
  readonly line: number
  readonly rule: string
  readonly description: string
}

export interface FixOutcome {
  readonly text: string
  readonly changes: FixChange[]
}

export interface FixOptions {
  /** IngressClass names in the input: the annotation moves to spec.ingressClassName only for these. */
  readonly ingressClasses: ReadonlySet<string>
}

interface Edit {
  readonly start: number
  readonly end: number
  readonly text: string
}

type AnyNode = Node | null | undefined

function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && p.key.value === key) return p as Pair<unknown, unknown>
  return undefined
}

function valueOf(map: AnyNode, key: string): AnyNode {
  if (!isMap(map)) return undefined
  return pairOf(map, key)?.value as AnyNode
}

function range(n: unknown): [number, number, number] | undefined {
  return (n as {range?: [number, number, number]} | null)?.range ?? undefined
}

/** Column (0-based) of offset `at`, and the line start. */
function column(text: string, at: number): {col: number; lineStart: number} {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1
  return {col: at - lineStart, lineStart}
}

function lineOf(text: string, at: number): number {
  let n = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** The text of a scalar as written (quotes included). */
function source(text: string, n: unknown): string {
  const r = range(n)
  return r ? text.slice(r[0], r[1]) : String((n as {value?: unknown})?.value)
}

/** `servicePort` → the v1 port: `{number: N}` for a number (quoted or not), `{name: S}` otherwise. */
function port(text: string, n: unknown): {key: 'number' | 'name'; value: string} {
  const v = isScalar(n) ? n.value : undefined
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) return {key: 'number', value: String(v)}
  return {key: 'name', value: source(text, n)}
}

/** A whole line (with its newline) when `[start, end)` is all it holds but blanks and a comment. */
function wholeLine(text: string, start: number, end: number): {start: number; end: number; comment: string} | undefined {
  const {lineStart} = column(text, start)
  if (text.slice(lineStart, start).trim() !== '') return undefined
  const nl = text.indexOf('\n', end)
  const lineEnd = nl === -1 ? text.length : nl + 1
  const rest = text.slice(end, nl === -1 ? text.length : nl)
  if (rest.trim() !== '' && !rest.trim().startsWith('#')) return undefined
  return {start: lineStart, end: lineEnd, comment: rest.trim()}
}

class Fixer {
  readonly edits: Edit[] = []
  readonly changes: FixChange[] = []
  constructor(private readonly text: string) {}

  change(at: number, rule: string, description: string): void {
    this.changes.push({line: lineOf(this.text, at), rule, description})
  }

  /** serviceName/servicePort → service: {name, port}; false when the shape is not one this can rewrite. */
  backend(b: AnyNode, where: string): boolean {
    if (!isMap(b)) return true
    const name = pairOf(b, 'serviceName')
    const sp = pairOf(b, 'servicePort')
    if (!name && !sp) return true
    if (!name || !sp) return false
    const p = port(this.text, sp.value)
    const nameText = source(this.text, name.value)
    const kr = range(name.key)
    const vr = range(name.value)
    const pr = range(sp.key)
    const pvr = range(sp.value)
    if (!kr || !vr || !pr || !pvr) return false
    if (b.flow) {
      const r = range(b)!
      this.edits.push({start: r[0], end: r[1], text: `{service: {name: ${nameText}, port: {${p.key}: ${p.value}}}}`})
    } else {
      const {col} = column(this.text, kr[0])
      const pad = ' '.repeat(col)
      const line = wholeLine(this.text, pr[0], pvr[1])
      if (!line) return false
      this.edits.push({start: kr[0], end: vr[1], text: `service:\n${pad}  name: ${nameText}\n${pad}  port:\n${pad}    ${p.key}: ${p.value}${line.comment ? `  ${line.comment}` : ''}`})
      this.edits.push({start: line.start, end: line.end, text: ''})
    }
    this.change(kr[0], 'deprecated-api-version', `${where}: serviceName/servicePort → service.name/service.port.${p.key}`)
    return true
  }

  ingress(doc: AnyNode, classes: ReadonlySet<string>): void {
    if (!isMap(doc)) return
    const kind = valueOf(doc, 'kind')
    const api = valueOf(doc, 'apiVersion')
    if (isScalar(kind) && kind.value === 'IngressClass' && isScalar(api) && api.value === 'networking.k8s.io/v1beta1') {
      const r = range(api)!
      this.edits.push({start: r[0], end: r[1], text: 'networking.k8s.io/v1'})
      this.change(r[0], 'deprecated-api-version', 'IngressClass apiVersion networking.k8s.io/v1beta1 → networking.k8s.io/v1')
      return
    }
    if (!isScalar(kind) || kind.value !== 'Ingress') return
    const spec = valueOf(doc, 'spec')
    if (isScalar(api) && typeof api.value === 'string' && BETA.has(api.value)) this.beta(api, spec)
    this.ingressClass(doc, spec, classes)
  }

  private beta(api: Node, spec: AnyNode): void {
    const before = this.edits.length
    const changes = this.changes.length
    const ok = this.betaSpec(spec)
    if (!ok) {
      // A shape this cannot rewrite (a flow map holding a comment, a half-written backend...): leave the object as it is.
      this.edits.length = before
      this.changes.length = changes
      return
    }
    const r = range(api)!
    this.edits.push({start: r[0], end: r[1], text: 'networking.k8s.io/v1'})
    this.change(r[0], 'deprecated-api-version', `apiVersion ${String((api as {value: unknown}).value)} → networking.k8s.io/v1`)
  }

  private betaSpec(spec: AnyNode): boolean {
    if (!isMap(spec)) return spec === null || spec === undefined || isScalar(spec)
    const def = pairOf(spec, 'backend')
    if (def) {
      const kr = range(def.key)
      if (!kr) return false
      this.edits.push({start: kr[0], end: kr[1], text: 'defaultBackend'})
      this.change(kr[0], 'deprecated-api-version', 'spec.backend → spec.defaultBackend')
      if (!this.backend(def.value as AnyNode, 'spec.defaultBackend')) return false
    }
    const rules = valueOf(spec, 'rules')
    if (!isSeq(rules)) return true
    for (const [i, rule] of rules.items.entries()) {
      const paths = valueOf(valueOf(rule as AnyNode, 'http'), 'paths')
      if (!isSeq(paths)) continue
      for (const [j, path] of paths.items.entries()) {
        if (!isMap(path)) continue
        const where = `spec.rules[${i}].http.paths[${j}]`
        if (!pairOf(path, 'pathType') && !this.addPathType(path, where)) return false
        if (!this.backend(valueOf(path, 'backend'), `${where}.backend`)) return false
      }
    }
    return true
  }

  private addPathType(path: YAMLMap, where: string): boolean {
    const first = path.items[0]
    if (!isPair(first)) return false
    const after = pairOf(path, 'path')
    if (path.flow) {
      const r = range(path)
      if (!r) return false
      this.edits.push({start: r[0] + 1, end: r[0] + 1, text: 'pathType: ImplementationSpecific, '})
      this.change(r[0], 'deprecated-api-version', `${where}: pathType: ImplementationSpecific (the v1beta1 default)`)
      return true
    }
    if (after) {
      // On the line after `path:` (a block value of path is not a thing: paths are strings).
      const vr = range(after.value) ?? range(after.key)
      const kr = range(after.key)
      if (!vr || !kr) return false
      const {col} = column(this.text, kr[0])
      const nl = this.text.indexOf('\n', vr[1])
      const at = nl === -1 ? this.text.length : nl + 1
      this.edits.push({start: at, end: at, text: `${nl === -1 ? '\n' : ''}${' '.repeat(col)}pathType: ImplementationSpecific\n`})
      this.change(kr[0], 'deprecated-api-version', `${where}: pathType: ImplementationSpecific (the v1beta1 default)`)
      return true
    }
    // No path: before the first key, on its own line (`- backend:` → `- pathType: ...\n  backend:`).
    const kr = range(first.key)
    if (!kr) return false
    const {col} = column(this.text, kr[0])
    this.edits.push({start: kr[0], end: kr[0], text: `pathType: ImplementationSpecific\n${' '.repeat(col)}`})
    this.change(kr[0], 'deprecated-api-version', `${where}: pathType: ImplementationSpecific (the v1beta1 default)`)
    return true
  }

  private ingressClass(doc: YAMLMap, spec: AnyNode, classes: ReadonlySet<string>): void {
    const annotations = valueOf(valueOf(doc, 'metadata'), 'annotations')
    if (!isMap(annotations) || annotations.flow || !isMap(spec) || spec.flow) return
    const pair = pairOf(annotations, INGRESS_CLASS_ANNOTATION)
    if (!pair || !isScalar(pair.value) || typeof pair.value.value !== 'string') return
    const cls = pair.value.value.trim()
    if (!classes.has(cls) || pairOf(spec, 'ingressClassName')) return
    const kr = range(pair.key)
    const vr = range(pair.value)
    const first = spec.items[0]
    const fr = isPair(first) ? range(first.key) : undefined
    if (!kr || !vr || !fr) return
    const line = wholeLine(this.text, kr[0], vr[1])
    if (!line) return
    if (annotations.items.length === 1) {
      // The only annotation: drop `annotations:` too (its key line up to the removed entry).
      const metaPair = pairOf(valueOf(doc, 'metadata') as YAMLMap, 'annotations')
      const ar = range(metaPair?.key)
      if (!ar) return
      const start = column(this.text, ar[0]).lineStart
      if (this.text.slice(start, line.start).split('\n').length !== 2) return // comments between: keep them, keep it simple
      this.edits.push({start, end: line.end, text: ''})
    } else {
      this.edits.push({start: line.start, end: line.end, text: ''})
    }
    const {col, lineStart} = column(this.text, fr[0])
    if (this.text.slice(lineStart, fr[0]).trim() !== '') return void this.edits.pop()
    this.edits.push({start: lineStart, end: lineStart, text: `${' '.repeat(col)}ingressClassName: ${source(this.text, pair.value)}\n`})
    this.change(kr[0], 'ingress-class-annotation', `${INGRESS_CLASS_ANNOTATION}: ${cls} → spec.ingressClassName: ${cls}`)
  }
}

/** Applies the fixes to one file's text. Unchanged text (and no changes) when there is nothing to fix. */
export function fixText(text: string, options: FixOptions): FixOutcome {
  if (!text.includes('v1beta1') && !text.includes(INGRESS_CLASS_ANNOTATION)) return {text, changes: []}
  const f = new Fixer(text)
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue
    f.ingress(doc.contents as AnyNode, options.ingressClasses)
  }
  if (f.edits.length === 0) return {text, changes: []}
  const edits = [...f.edits].sort((a, b) => b.start - a.start || b.end - a.end)
  let out = text
  let limit = Infinity
  for (const e of edits) {
    if (e.end > limit) continue // overlapping edits are not expected; never corrupt the text
    out = out.slice(0, e.start) + e.text + out.slice(e.end)
    limit = e.start
  }
  return {text: out, changes: f.changes.sort((a, b) => a.line - b.line)}
}
