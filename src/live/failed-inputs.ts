import type {SourceUpdate} from '../sources/types.js'

/** Marker for an error that names no file (the input as a whole failed). */
export const UNKNOWN_INPUT = '<input>'

/** The inputs (files) an update failed to load: the files named by its error diagnostics. */
export function failedInputs(update: SourceUpdate): ReadonlySet<string> {
  const out = new Set<string>()
  if (!update.partial) return out
  for (const d of update.diagnostics) {
    if (d.severity !== 'error') continue
    out.add(d.location?.file ?? UNKNOWN_INPUT)
  }
  // A partial update must never look complete, even when its diagnostics name nothing.
  if (out.size === 0) out.add(UNKNOWN_INPUT)
  return out
}

export function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false
  return true
}
