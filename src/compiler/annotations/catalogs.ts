/**
 * The annotation catalogs of the controllers ingressctl knows, registered in
 * one place: each lists every annotation its controller documents, with how
 * ingressctl treats it (see catalog-types.ts). Add a controller's catalog
 * module beside ingress-nginx-catalog.ts and list it in CATALOGS.
 */
import type {AnnotationCatalog, AnnotationStatus, CatalogEntry} from './catalog-types.js'
import {INGRESS_NGINX_CATALOG} from './ingress-nginx-catalog.js'
import {ANNOTATIONS} from './registry.js'

export const CATALOGS: readonly AnnotationCatalog[] = [INGRESS_NGINX_CATALOG]

const BY_KEY: ReadonlyMap<string, CatalogEntry> = new Map(CATALOGS.flatMap((c) => c.entries.map((e) => [e.key, e] as const)))

export function catalogEntry(key: string): CatalogEntry | undefined {
  return BY_KEY.get(key)
}

/** The catalog whose prefix the key carries (a key can be unknown to it). */
export function catalogOf(key: string): AnnotationCatalog | undefined {
  return CATALOGS.find((c) => key.startsWith(c.prefix))
}

/**
 * How ingressctl treats the annotation now: emulated when a module of the
 * annotation registry implements it (approximated when its entry states a
 * difference the module keeps), else the entry's own status.
 */
export function annotationStatus(entry: CatalogEntry): AnnotationStatus {
  if (!ANNOTATIONS.has(entry.key)) return entry.status
  return entry.status === 'approximated' ? 'approximated' : 'emulated'
}

/** Whether a value of the annotation changes what ingress-nginx does compared with ingressctl (entries with `when` matter only for those values). */
export function valueMatters(entry: CatalogEntry, value: string): boolean {
  return !entry.when || entry.when.includes(value.trim().toLowerCase())
}

/** Damerau-Levenshtein distance (optimal string alignment), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known key closest to an unknown one of the same catalog: within a third
 * of its length in edits, or a known key the unknown one is part of
 * (`rewrite` → `rewrite-target`), or that makes at least half of the unknown
 * one (`canary-weight-percent` → `canary-weight`). Ties go to the first in key order.
 */
export function suggestKey(catalog: AnnotationCatalog, key: string): string | undefined {
  const name = key.slice(catalog.prefix.length).toLowerCase()
  let best: {key: string; score: number} | undefined
  for (const e of catalog.entries) {
    const known = e.key.slice(catalog.prefix.length)
    const dist = editDistance(name, known)
    const limit = Math.max(2, Math.floor(known.length / 3))
    const contained = name.length >= 4 && (known.includes(name) || (name.includes(known) && known.length * 2 >= name.length))
    const score = dist <= limit ? dist : contained ? limit + Math.abs(known.length - name.length) : undefined
    if (score === undefined) continue
    if (!best || score < best.score) best = {key: e.key, score}
  }
  return best?.key
}
