/**
 * Finds the first syntax error of a JSON text, with a message that is the same
 * on every Node version (V8's JSON.parse messages differ between Node 20 and 22
 * and do not always carry a position). Only called after JSON.parse failed.
 */
export function findJsonError(text: string): {offset: number; message: string} {
  let i = 0
  class Fail {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const fail = (message: string, at = i): never => {
    throw new Fail(at, message)
  }
  const describe = (): string => (i >= text.length ? 'end of input' : `'${text[i]}'`)
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++
  }
  const string = (): void => {
    const start = i
    i++
    for (;;) {
      if (i >= text.length) fail('unterminated string', start)
      const ch = text.charCodeAt(i)
      if (ch === 0x22) {
        i++
        return
      }
      if (ch < 0x20) fail('control character in string (line breaks must be written \\n)')
      if (ch === 0x5c) {
        const esc = text[i + 1]
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string')
          i += 6
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2
        else fail(`invalid escape \\${esc ?? ''} in string`)
      } else i++
    }
  }
  const value = (): void => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      let comma = -1
      for (;;) {
        ws()
        if (text[i] === '}' && comma >= 0) fail('trailing comma before }', comma)
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`)
        string()
        ws()
        if (text[i] !== ':') fail(`expected ':' after the property name, found ${describe()}`)
        i++
        value()
        ws()
        if (text[i] === ',') {
          comma = i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        fail(`expected ',' or '}' after a property value, found ${describe()}`)
      }
    }
    if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      let comma = -1
      for (;;) {
        ws()
        if (text[i] === ']' && comma >= 0) fail('trailing comma before ]', comma)
        value()
        ws()
        if (text[i] === ',') {
          comma = i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        fail(`expected ',' or ']' after an array element, found ${describe()}`)
      }
    }
    if (ch === '"') return string()
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64))
    if (literal === null) fail(`unexpected ${describe()}`)
    else i += literal[0].length
  }
  try {
    value()
    ws()
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`)
  } catch (e) {
    if (e instanceof Fail) return {offset: e.offset, message: e.message}
    throw e
  }
  return {offset: 0, message: 'invalid JSON'}
}
