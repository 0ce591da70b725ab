/**
 * The request-path normaliser against a plain reference: decode, split on
 * `/`, drop empty and `.` segments, pop on `..` (refusing to climb above the
 * root) — nginx's rules restated as a list operation instead of its
 * byte-at-a-time state machine. The hot-path form (matchPath) must agree.
 */
import fc from 'fast-check'
import {matchPath, normalizeRequestPath} from '../../src/table/normalize-path.js'
import type {FuzzProperty} from './runs.js'

/** Decoded bytes, or undefined for an invalid escape or NUL (nginx: 400). */
function decode(b: readonly number[]): number[] | undefined {
  const out: number[] = []
  const hex = (c: number | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(String.fromCharCode(c))
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 37) {
      out.push(b[i]!)
      continue
    }
    if (!hex(b[i + 1]) || !hex(b[i + 2])) return undefined
    const v = parseInt(String.fromCharCode(b[i + 1]!, b[i + 2]!), 16)
    if (v === 0) return undefined
    out.push(v)
    i += 2
  }
  return out
}

/** The reference; `null` when nginx answers 400, `undefined` when the result is not text (skipped). */
export function referenceNormalize(target: string): string | null | undefined {
  // The target's bytes: one per character, or UTF-8 when a character cannot be a byte.
  const all = [...target].some((ch) => ch.codePointAt(0)! > 0xff) ? [...Buffer.from(target, 'utf8')] : [...target].map((ch) => ch.charCodeAt(0))
  if (all.some((c) => c <= 0x20 || c === 0x7f)) return null
  const end = all.findIndex((c) => c === 63 || c === 35)
  const raw = end === -1 ? all : all.slice(0, end)
  if (raw[0] !== 47) raw.unshift(47)
  const bytes = decode(raw)
  if (bytes === undefined) return null
  // Split on '/' (sent or decoded): a decoded '/' separates segments in nginx too.
  const segments: number[][] = [[]]
  for (const b of bytes) if (b === 47) segments.push([])
  else segments[segments.length - 1]!.push(b)
  segments.shift() // before the leading slash
  const stack: number[][] = []
  let trailingSlash = false
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1
    const name = String.fromCharCode(...seg)
    trailingSlash = false
    if (name === '' || name === '.') {
      trailingSlash = last
    } else if (name === '..') {
      if (stack.length === 0) throw new RangeError('above root')
      stack.pop()
      trailingSlash = last
    } else {
      stack.push(seg)
    }
  })
  const path = [47]
  stack.forEach((seg, i) => {
    path.push(...seg)
    if (i < stack.length - 1 || trailingSlash) path.push(47)
  })
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(Uint8Array.from(path))
  } catch {
    return undefined
  }
  return text.replace(/[\u0000-\u001f\u007f%?#]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

function reference(target: string): string | null | undefined {
  try {
    return referenceNormalize(target)
  } catch (err) {
    if (err instanceof RangeError) return null
    throw err
  }
}

const PIECES = ['/', '/', '/', '.', '..', '%2e', '%2E', '%2f', '%2F', '%25', '%3F', '%3f', '%23', '%00', '%zz', '%4', '%', 'a', 'b', 'ab', '?', '#', '%C3%A9', '%E2%82%AC', '%FF', '%C3', '+', '%20', ' ', '\u0001', '%01', 'é', '~', '%7E']

export const normalizePathProperty: FuzzProperty = {
  name: 'request path normaliser: the plain reference answer; matchPath agrees',
  weight: 10,
  ciRuns: 2000,
  build: async () => {
    const target = fc.oneof(
      {weight: 5, arbitrary: fc.array(fc.constantFrom(...PIECES), {maxLength: 14}).map((a) => a.join(''))},
      {weight: 1, arbitrary: fc.string({maxLength: 20})},
    )
    const property = fc.property(target, (t) => {
      const got = normalizeRequestPath(t)
      const fast = matchPath(t)
      if (fast !== got.path) throw new Error(`matchPath ${JSON.stringify(fast)} but normalizeRequestPath ${JSON.stringify(got)}`)
      const want = reference(t)
      if (want === null && got.rejected === undefined) throw new Error(`nginx refuses it; got ${JSON.stringify(got.path)}`)
      if (want !== null && got.rejected !== undefined) throw new Error(`refused (${got.rejected}); reference ${JSON.stringify(want)}`)
      if (typeof want === 'string' && want !== got.path) throw new Error(`got ${JSON.stringify(got.path)}, reference ${JSON.stringify(want)}`)
      // Normalising twice changes nothing (a decoded space aside: sent raw, nginx refuses it).
      if (got.path !== undefined && !got.path.includes(' ') && normalizeRequestPath(got.path, 'utf8').path !== got.path) throw new Error(`not idempotent: ${JSON.stringify(got.path)}`)
      return true
    })
    return {property, close: async () => {}}
  },
}
