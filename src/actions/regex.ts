/**
 * The case-insensitive regular expressions of `rewrite "(?i)<path>" …`, as
 * JavaScript RegExps, compiled once per pattern. A pattern JavaScript cannot
 * compile gives undefined: the rewrite does not apply (lint reports the
 * pattern).
 */
const cache = new Map<string, RegExp | null>()

export function rewriteRegex(pattern: string): RegExp | undefined {
  let re = cache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'i')
    } catch {
      re = null
    }
    if (cache.size > 10_000) cache.clear()
    cache.set(pattern, re)
  }
  return re ?? undefined
}
