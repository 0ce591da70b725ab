import {findJsonError} from './json-errors.js'
import {contentStart, NodeKind, PosStore, type PosRef} from './positions.js'

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
 * on demand into a PosStore, so `locateOffset` serves YAML and JSON alike.
 */
export function jsonPositions(text: string, value: unknown): PosRef {
  const store = new PosStore()
  let i = 0
  const ws = (): void => {
    i = contentStart(text, i)
  }
  const node = (v: unknown): number => {
    ws()
    const n = store.alloc(i)
    const ch = text[i]
    if (ch === '{') {
      store.kind[n] = NodeKind.Mapping
      i++
      const obj = (v ?? {}) as Record<string, unknown>
      ws()
      if (text[i] === '}') {
        i++
        return n
      }
      for (;;) {
        ws()
        const k = store.alloc(i)
        const name = readString()
        store.kind[k] = NodeKind.Key
        store.keys[k] = name
        store.append(n, k)
        ws()
        i++ // ':'
        store.append(n, node(obj[name]))
        ws()
        if (text[i++] === '}') break // else ','
      }
      return n
    }
    if (ch === '[') {
      store.kind[n] = NodeKind.Sequence
      i++
      const arr = (Array.isArray(v) ? v : []) as unknown[]
      store.len[n] = arr.length
      ws()
      if (text[i] === ']') {
        i++
        return n
      }
      for (let k = 0; ; k++) {
        store.append(n, node(arr[k]))
        ws()
        if (text[i++] === ']') break
      }
      return n
    }
    if (ch === '"') readString()
    else while (i < text.length && !/[\s,\]}]/.test(text[i])) i++
    return n
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
  const root = node(value)
  store.seal()
  return {store, node: root}
}
