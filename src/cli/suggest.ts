import levenshtein from 'fast-levenshtein'

/**
 * The candidate closest to a mistyped word ("did you mean"), or undefined when
 * none is close enough to be a typo: at most a third of the word's length in
 * edits (and at least one), so `srve` finds `serve` but `xyz` finds nothing.
 * Ties go to the candidate listed first; the order of `candidates` is the caller's.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    const d = levenshtein.get(word, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}
