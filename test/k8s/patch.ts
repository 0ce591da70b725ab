/**
 * PATCH bodies: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386), and strategic
 * merge patch. Strategic merge is applied as a merge patch whose lists replace
 * the stored list, which is what it does for lists without a patch merge key;
 * `$patch` directives are not supported. Server-side apply
 * (application/apply-patch+yaml) is approximated the same way: a merge patch,
 * creating the object when it does not exist, without field ownership or
 * conflicts.
 */

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: number = 422,
  ) {
    super(message)
  }
}

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** RFC 7386 §2 MergePatch(Target, Patch). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch
  const result: Record<string, unknown> = isObject(target) ? {...target} : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value)
  }
  return result
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${pointer}`)
  return pointer.slice(1).split('/').map(unescape)
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let cur = doc
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)]
    else if (isObject(cur)) cur = cur[t]
    else return undefined
  }
  return cur
}

function parentOf(doc: unknown, tokens: string[], op: string, path: string): {parent: unknown; key: string} {
  if (tokens.length === 0) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}"`)
  const parent = getAt(doc, tokens.slice(0, -1))
  if (!Array.isArray(parent) && !isObject(parent)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`)
  return {parent, key: tokens[tokens.length - 1]!}
}

function arrayIndex(arr: unknown[], key: string, allowEnd: boolean, op: string, path: string): number {
  if (allowEnd && key === '-') return arr.length
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}"`)
  const i = Number(key)
  if (i > arr.length || (!allowEnd && i === arr.length)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}"`)
  return i
}

/** RFC 6902 JSON Patch; a failing `test` or a missing path rejects the whole patch. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400)
  let result = clone(doc)
  for (const raw of ops) {
    if (!isObject(raw)) throw new PatchError('invalid JSON Patch operation', 400)
    const op = String(raw.op)
    const path = String(raw.path ?? '')
    const tokens = parsePointer(path)
    const remove = (p: string, t: string[]): unknown => {
      const {parent, key} = parentOf(result, t, 'remove', p)
      if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false, 'remove', p), 1)[0]
      const obj = parent as Record<string, unknown>
      if (!(key in obj)) throw new PatchError(`remove operation does not apply: doc is missing key: ${p}`)
      const old = obj[key]
      delete obj[key]
      return old
    }
    const add = (p: string, t: string[], value: unknown): void => {
      if (t.length === 0) {
        result = value
        return
      }
      const {parent, key} = parentOf(result, t, 'add', p)
      if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, 'add', p), 0, value)
      else (parent as Record<string, unknown>)[key] = value
    }
    switch (op) {
      case 'add':
        add(path, tokens, clone(raw.value))
        break
      case 'remove':
        remove(path, tokens)
        break
      case 'replace': {
        if (getAt(result, tokens) === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}`)
        if (tokens.length === 0) {
          result = clone(raw.value)
          break
        }
        const {parent, key} = parentOf(result, tokens, 'replace', path)
        if (Array.isArray(parent)) parent[arrayIndex(parent, key, false, 'replace', path)] = clone(raw.value)
        else (parent as Record<string, unknown>)[key] = clone(raw.value)
        break
      }
      case 'move': {
        const from = String(raw.from ?? '')
        const value = remove(from, parsePointer(from))
        add(path, tokens, value)
        break
      }
      case 'copy': {
        const from = String(raw.from ?? '')
        const value = getAt(result, parsePointer(from))
        if (value === undefined) throw new PatchError(`copy operation does not apply: doc is missing from path: ${from}`)
        add(path, tokens, clone(value))
        break
      }
      case 'test': {
        const value = getAt(result, tokens)
        if (JSON.stringify(value) !== JSON.stringify(raw.value)) throw new PatchError(`testing value ${path} failed: test failed`)
        break
      }
      default:
        throw new PatchError(`Unexpected kind: ${op}`, 400)
    }
  }
  return result
}
