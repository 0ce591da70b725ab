/**
 * What lint can say about a kustomize directory without running kustomize:
 * which of its files are patches (partial objects, not linted on their own).
 * Field names: kustomize's Kustomization type (patchesStrategicMerge: [path],
 * patches: [{path}], patchesJson6902: [{path}]).
 */
import {join} from 'node:path'
import {CORE_SCHEMA, load} from 'js-yaml'

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The patch files a kustomization names, joined to its directory. Empty when it does not parse. */
export function kustomizePatchFiles(text: string, dir: string): string[] {
  let doc: unknown
  try {
    doc = load(text, {schema: CORE_SCHEMA})
  } catch {
    return []
  }
  if (!isObj(doc)) return []
  const out: string[] = []
  const add = (p: unknown): void => {
    if (typeof p === 'string' && p !== '' && !p.includes('\n')) out.push(join(dir, p))
  }
  if (Array.isArray(doc.patchesStrategicMerge)) doc.patchesStrategicMerge.forEach(add)
  for (const key of ['patches', 'patchesJson6902']) {
    const list = doc[key]
    if (Array.isArray(list)) for (const p of list) if (isObj(p)) add(p.path)
  }
  return out.sort()
}
