/**
 * The case-insensitive regular expressions of `rewrite "(?i)<path>" …`, as
 * JavaScript RegExps (PCRE translated as for regex locations,
 * src/compiler/nginx/pcre.ts), compiled once per pattern. A pattern that
 * cannot be translated gives undefined: the rewrite does not apply (lint
 * reports the pattern).
 */
import {compilePcre} from '../compiler/nginx/pcre.js'

const cache = new Map<string, RegExp | null>()

export function rewriteRegex(pattern: string): RegExp | undefined {
  let re = cache.get(pattern)
  if (re === undefined) {
    try {
      re = compilePcre(pattern, true)
    } catch {
      re = null
    }
    if (cache.size > 10_000) cache.clear()
    cache.set(pattern, re)
  }
  return re ?? undefined
}
