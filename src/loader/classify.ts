import type {Diagnostic} from '../model/diagnostics.js'
import type {KubeObject} from '../model/objects.js'
import type {Entry, Kind} from '../model/snapshot.js'
import {nodeAt, type PosRef} from './positions.js'
import {API_VERSIONS, CLUSTER_SCOPED, isListKind, keptKind} from './kinds.js'
import {makeSourceRef, type FileText, type RootSource} from './source-ref.js'

export interface ClassifyContext {
  readonly ft: FileText
  readonly defaultNamespace: string
  readonly entries: Entry[]
  readonly diagnostics: Diagnostic[]
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A List item's own node (its SourceRef points into the List), computed on first use. */
function itemNode(list: RootSource, index: number): () => PosRef {
  return () => {
    const root = typeof list === 'function' ? list() : list
    return nodeAt(root, ['items', index]) ?? root
  }
}

/**
 * Turns one parsed document into entries: keeps the five kinds, unwraps Lists
 * (each item's SourceRef points at the item), skips everything else silently.
 */
export function classifyDocument(ctx: ClassifyContext, value: unknown, doc: number, node: RootSource, start?: number, depth = 0): void {
  if (!isObject(value)) return
  const kind = value.kind
  if (isListKind(kind) && Array.isArray(value.items) && depth < 4) {
    // Items of a typed list read from the API (`IngressList`) may omit kind and apiVersion.
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -4)
    value.items.forEach((item, i) => {
      if (!isObject(item)) return
      const filled = itemKind !== undefined && item.kind === undefined ? {apiVersion: value.apiVersion, kind: itemKind, ...item} : item
      classifyDocument(ctx, filled, i, itemNode(node, i), undefined, depth + 1)
    })
    return
  }
  const kept = keptKind(kind)
  if (kept === undefined) return
  const apiVersion = value.apiVersion
  if (typeof apiVersion === 'string' && !API_VERSIONS[kept].includes(apiVersion)) return // another group's kind of that name
  const source = makeSourceRef(ctx.ft, doc, node, start)
  const metadata = isObject(value.metadata) ? value.metadata : undefined
  const name = metadata?.name
  const problem =
    typeof apiVersion !== 'string'
      ? {field: ['apiVersion'], message: `${kept} has no apiVersion`, hint: `add \`apiVersion: ${API_VERSIONS[kept][0]}\``}
      : typeof name !== 'string' || name === ''
        ? {field: ['metadata', 'name'], message: `${kept} has no metadata.name`, hint: 'give the object a name under metadata.name; it was left out'}
        : undefined
  if (problem) {
    const pos = source.locate(problem.field)
    ctx.diagnostics.push({
      rule: 'invalid-object',
      severity: 'error',
      message: `${problem.message}; the object is skipped`,
      location: {file: ctx.ft.file, line: pos.line, col: pos.col, field: problem.field.join('.')},
      hint: problem.hint,
    })
    return
  }
  const ns = metadata?.namespace
  const namespace = CLUSTER_SCOPED.has(kept) ? '' : typeof ns === 'string' && ns !== '' ? ns : ctx.defaultNamespace
  ctx.entries.push({kind: kept as Kind, namespace, name: name as string, object: value as KubeObject, source})
}
