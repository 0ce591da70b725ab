/**
 * Label and field selectors as kube-apiserver parses them
 * (k8s.io/apimachinery/pkg/labels/selector.go, pkg/fields/selector.go).
 */
import type {ResourceInfo} from './resources.js'
import type {KubeObj} from './store.js'

export type Matcher = (obj: KubeObj) => boolean

export class SelectorError extends Error {}

/** Split on commas that are not inside parentheses (`a in (x,y),b` → 2 requirements). */
function splitRequirements(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(current)
      current = ''
    } else {
      current += ch
    }
  }
  out.push(current)
  return out.map((s) => s.trim()).filter((s) => s !== '')
}

const KEY = '[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?'
const VALUE = '([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?'

export function parseLabelSelector(text: string | null | undefined): Matcher {
  if (!text) return () => true
  const checks: Array<(labels: Record<string, string>) => boolean> = []
  for (const req of splitRequirements(text)) {
    let m: RegExpMatchArray | null
    if ((m = req.match(new RegExp(`^!\\s*(${KEY})$`)))) {
      const key = m[1]!
      checks.push((l) => !(key in l))
    } else if ((m = req.match(new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`)))) {
      const key = m[1]!
      const op = m[3]!
      const values = new Set(m[4]!.split(',').map((v) => v.trim()).filter((v) => v !== ''))
      for (const v of values) if (!new RegExp(`^${VALUE}$`).test(v)) throw new SelectorError(`unable to parse requirement: invalid label value: "${v}"`)
      if (op === 'in') checks.push((l) => key in l && values.has(l[key]!))
      else checks.push((l) => !(key in l) || !values.has(l[key]!))
    } else if ((m = req.match(new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(.*)$`)))) {
      const key = m[1]!
      const op = m[3]!
      const value = m[4]!.trim()
      if (!new RegExp(`^${VALUE}$`).test(value)) throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`)
      if (op === '!=') checks.push((l) => l[key] !== value)
      else checks.push((l) => l[key] === value)
    } else if ((m = req.match(new RegExp(`^(${KEY})$`)))) {
      const key = m[1]!
      checks.push((l) => key in l)
    } else {
      throw new SelectorError(`unable to parse requirement: found '${req}', expected: key, !key, key=value, key!=value, key in (...), key notin (...)`)
    }
  }
  return (obj) => {
    const labels = obj.metadata?.labels ?? {}
    return checks.every((c) => c(labels))
  }
}

/** Fields each resource accepts in a field selector, beyond metadata.name and metadata.namespace. */
const EXTRA_FIELDS: Record<string, string[]> = {
  secrets: ['type'],
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  namespaces: ['status.phase'],
}

function fieldValue(obj: KubeObj, path: string): string {
  let cur: unknown = obj
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return ''
    cur = (cur as Record<string, unknown>)[part]
  }
  if (cur === undefined || cur === null) return ''
  return String(cur)
}

export function parseFieldSelector(text: string | null | undefined, info: ResourceInfo): Matcher {
  if (!text) return () => true
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[info.resource] ?? [])])
  const checks: Matcher[] = []
  for (const req of splitRequirements(text)) {
    const m = req.match(/^([A-Za-z0-9.]+)\s*(==|=|!=)\s*(.*)$/)
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${req}'`)
    const field = m[1]!
    const op = m[2]!
    const value = m[3]!.trim()
    if (!allowed.has(field)) {
      throw new SelectorError(
        info.group === '' ? `field label not supported: ${field}` : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      )
    }
    if (op === '!=') checks.push((o) => fieldValue(o, field) !== value)
    else checks.push((o) => fieldValue(o, field) === value)
  }
  return (obj) => checks.every((c) => c(obj))
}
