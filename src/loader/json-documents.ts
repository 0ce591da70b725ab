import {findJsonError} from './json-errors.js'
import {contentStart, type PosNode} from './positions.js'

export type ParsedJson =
  | {readonly ok: true; readonly value: unknown}
  | {readonly ok: false; readonly offset: number; readonly message: string}

/** JSON.parse; on failure, the first error's position and a Node-independent message. */
export function parseJson(text: string): ParsedJson {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    return {ok: false, ...findJsonError(text)}
  }
}

/**
 * Positions of an already validated JSON text (JSON.parse succeeded), computed
 * on demand: same shape as the YAML listener's, so `locateOffset` serves both.
 */
export function jsonPositions(text: string, value: unknown): PosNode {
  let i = 0
  const ws = (): void => {
    i = contentStart(text, i)
  }
  const node = (v: unknown): PosNode => {
    ws()
    const s = i
    const ch = text[i]
    if (ch === '{') {
      i++
      const c: PosNode[] = []
      const obj = (v ?? {}) as Record<string, unknown>
      ws()
      if (text[i] === '}') {
        i++
        return {s, v, key: false, c}
      }
      for (;;) {
        ws()
        const ks = i
        const name = readString()
        c.push({s: ks, v: name, key: true, c: null})
        ws()
        i++ // ':'
        c.push(node(obj[name]))
        ws()
        if (text[i++] === '}') break // else ','
      }
      return {s, v, key: false, c}
    }
    if (ch === '[') {
      i++
      const c: PosNode[] = []
      const arr = (Array.isArray(v) ? v : []) as unknown[]
      ws()
      if (text[i] === ']') {
        i++
        return {s, v, key: false, c}
      }
      for (let n = 0; ; n++) {
        c.push(node(arr[n]))
        ws()
        if (text[i++] === ']') break
      }
      return {s, v, key: false, c}
    }
    if (ch === '"') {
      readString()
      return {s, v, key: false, c: null}
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++
    return {s, v, key: false, c: null}
  }
  const readString = (): string => {
    const s = i
    i++
    while (i < text.length) {
      const ch = text.charCodeAt(i)
      if (ch === 0x5c) i += 2
      else if (ch === 0x22) break
      else i++
    }
    i++
    return JSON.parse(text.slice(s, i)) as string
  }
  return node(value)
}
