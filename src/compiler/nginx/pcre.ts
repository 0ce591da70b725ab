/**
 * PCRE → JavaScript RegExp, for nginx's regular expressions (regex
 * locations, `rewrite`), as nginx compiles them: PCRE without UTF mode, so a
 * pattern and a subject are sequences of bytes, `~*` adds caseless matching
 * (ASCII letters only: the C locale's tables), newline is LF.
 * (https://nginx.org/en/docs/http/ngx_http_core_module.html#location,
 * https://www.pcre.org/current/doc/html/pcre2pattern.html)
 *
 * Bytes: the pattern is read as its UTF-8 bytes and the subject is the
 * URI's bytes; a byte of 0x80 or more is written as the code unit
 * U+E000 + byte (see toSubject), which no JavaScript case folding touches, so
 * `[é]` is a class of two bytes as in PCRE and `i` folds ASCII only.
 *
 * Constructs translated (same meaning): literals, `.` (any byte but LF),
 * `^`, `$` (end, or before a final LF), `\A`, `\z`, `\Z`, classes with POSIX
 * names (`[[:alnum:]]`), `\d \w \s \h \v \N \R`, `\xhh`, `\x{hh}`, `\Q…\E`,
 * groups, named groups (`(?<n>` `(?P<n>` `(?'n'`), lookaround, lazy
 * quantifiers, backreferences (`\1`, `\g1`, `\g{-1}`, `\k<n>`, `(?P=n)`),
 * comments `(?#…)` and `(?i)` (already in force).
 *
 * Refused (translate() names the construct; nothing is approximated):
 * possessive quantifiers, atomic groups, recursion and subroutine calls,
 * conditionals, backtracking verbs, inline options other than `i`, `\G`,
 * `\K`, `\C`, `\X`, `\p`/`\P`, multi-digit back-references or octal escapes,
 * `{,n}` (its meaning changed between PCRE versions).
 */

export type PcreTranslation =
  | {readonly ok: true; readonly source: string; readonly flags: string; readonly groups: number}
  | {readonly ok: false; readonly construct: string; readonly index: number}

/** The code unit a subject byte of 0x80 or more is written as. */
const HIGH = 0xe000

/** A pattern or subject string as bytes: UTF-8 for code points above 0xFF... see toBytes. */
function utf8(s: string): number[] {
  return [...Buffer.from(s, 'utf8')]
}

/**
 * The subject nginx matches, as translate()'s regexes expect it: `bytes` are
 * the URI's bytes (percent-decoded by the caller); ASCII stays as it is, each
 * other byte becomes U+E000 + byte.
 */
export function toSubject(bytes: Uint8Array | readonly number[]): string {
  let out = ''
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(HIGH + b)
  return out
}

/** The bytes of a subject string (or of a capture taken from one). */
export function fromSubject(s: string): Buffer {
  const out = Buffer.alloc(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out[i] = c >= HIGH ? c - HIGH : c
  }
  return out
}

/** A byte as a JavaScript pattern atom (outside or inside a class). */
function atom(b: number): string {
  if (b >= 0x80) return `\\u${(HIGH + b).toString(16).toUpperCase()}`
  const c = String.fromCharCode(b)
  if (/[A-Za-z0-9_]/.test(c)) return c
  if (b < 0x20 || b === 0x7f) return `\\x${b.toString(16).padStart(2, '0')}`
  // Escaping every other ASCII punctuation character is valid in and out of classes without the u flag.
  return /[\\^$.|?*+()[\]{}/-]/.test(c) ? `\\${c}` : c
}

/** Inclusive byte range as class content, split where it crosses from ASCII to the high bytes. */
function rangeText(lo: number, hi: number): string {
  if (lo === hi) return atom(lo)
  if (hi < 0x80 || lo >= 0x80) return `${atom(lo)}-${atom(hi)}`
  return `${atom(lo)}-${atom(0x7f)}${atom(0x80)}-${atom(hi)}`
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\x0b\\f\\r ',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: '0-9A-Fa-f',
}

/** The negation of a POSIX class's content over bytes (for `[:^name:]`). */
function negatePosix(content: string): string {
  const set = new Set<number>()
  const re = new RegExp(`[${content}]`)
  for (let b = 0; b < 0x80; b++) if (re.test(String.fromCharCode(b))) set.add(b)
  let out = ''
  for (let b = 0; b < 0x100; ) {
    if (set.has(b)) {
      b++
      continue
    }
    let e = b
    while (e + 1 < 0x100 && !set.has(e + 1)) e++
    out += rangeText(b, e)
    b = e + 1
  }
  return out
}

/** Escapes with the same meaning in both, outside and inside a class. */
const SHORTHAND: Readonly<Record<string, string>> = {
  d: '\\d',
  D: '\\D',
  w: '\\w',
  W: '\\W',
  // PCRE2's \s: space, \t \n \v \f \r (the subject never holds the other code units JavaScript's \s knows).
  s: '\\s',
  S: '\\S',
  h: '[\\t \\uE0A0]',
  H: '[^\\t \\uE0A0]',
  v: '[\\n\\x0b\\f\\r\\uE085]',
  V: '[^\\n\\x0b\\f\\r\\uE085]',
}

const CLASS_SHORTHAND: Readonly<Record<string, string>> = {
  d: '\\d',
  D: '\\D',
  w: '\\w',
  W: '\\W',
  s: '\\s',
  S: '\\S',
  h: '\\t \\uE0A0',
  v: '\\n\\x0b\\f\\r\\uE085',
}

const SINGLE: Readonly<Record<string, number>> = {n: 10, t: 9, r: 13, f: 12, e: 27, a: 7}

class Refused extends Error {
  constructor(
    readonly construct: string,
    readonly index: number,
  ) {
    super(construct)
  }
}

/**
 * Translates a PCRE pattern (as nginx compiles it: no UTF mode; `caseless`
 * for `~*`) into a JavaScript RegExp source and flags, or names the first
 * construct JavaScript cannot express with the same meaning.
 */
export function translatePcre(pattern: string, caseless = true): PcreTranslation {
  try {
    const t = new Translator(utf8(pattern), pattern)
    const source = t.run()
    const flags = caseless ? 'i' : ''
    // Validate what was produced: a syntax error in the input surfaces as one here.
    try {
      new RegExp(source, flags)
    } catch (err) {
      return {ok: false, construct: `invalid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`, index: 0}
    }
    return {ok: true, source, flags, groups: t.groups}
  } catch (err) {
    if (err instanceof Refused) return {ok: false, construct: err.construct, index: err.index}
    throw err
  }
}

/** Compiles translatePcre's result (throws with the construct's name when refused). */
export function compilePcre(pattern: string, caseless = true): RegExp {
  const t = translatePcre(pattern, caseless)
  if (!t.ok) throw new Error(`cannot translate ${JSON.stringify(pattern)}: ${t.construct}`)
  return new RegExp(t.source, t.flags)
}

class Translator {
  private i = 0
  groups = 0
  private readonly names: string[] = []

  constructor(
    private readonly b: number[],
    private readonly original: string,
  ) {}

  private peek(k = 0): number | undefined {
    return this.b[this.i + k]
  }

  private ch(k = 0): string {
    const c = this.b[this.i + k]
    return c === undefined ? '' : String.fromCharCode(c)
  }

  private refuse(what: string): never {
    throw new Refused(what, this.i)
  }

  run(): string {
    let out = ''
    while (this.i < this.b.length) out += this.term()
    return out
  }

  /** One atom with its quantifier, or an alternation bar / group end handled by the caller. */
  private term(): string {
    const c = this.ch()
    if (c === '|') {
      this.i++
      return c
    }
    if (c === ')') {
      this.i++
      this.close()
      return c + this.quantifier()
    }
    const a = this.atomText()
    if (a === '') return ''
    return a + this.quantifier()
  }

  private depth = 0
  private close(): void {
    if (this.depth === 0) this.refuse('unmatched )')
    this.depth--
  }

  private quantifier(): string {
    const c = this.ch()
    let q = ''
    if (c === '*' || c === '+' || c === '?') {
      q = c
      this.i++
    } else if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.rest())
      if (!m) return '' // not a quantifier: `{` is a literal (handled as the next atom)
      if (m[1] === '' && m[3] === '') return ''
      if (m[1] === '') this.refuse(`quantifier ${m[0]} (read as {0,n} by recent PCRE2, as literal text by older versions)`)
      q = m[0]
      this.i += m[0].length
    } else return ''
    if (this.ch() === '+') this.refuse(`possessive quantifier ${q}+`)
    if (this.ch() === '?') {
      q += '?'
      this.i++
    }
    return q
  }

  private rest(): string {
    return String.fromCharCode(...this.b.slice(this.i, this.i + 40))
  }

  private atomText(): string {
    const c = this.ch()
    const byte = this.peek()!
    switch (c) {
      case '.':
        this.i++
        return '[^\\n]'
      case '^':
        this.i++
        return '^'
      case '$':
        this.i++
        return '(?=\\n?$)'
      case '[':
        return this.charClass()
      case '(':
        return this.group()
      case '\\':
        return this.escape()
      case '*':
      case '+':
      case '?':
        this.refuse(`quantifier ${c} with nothing to repeat`)
        break
      case '{': {
        this.i++
        return '\\{'
      }
      default:
        this.i++
        return atom(byte)
    }
    return ''
  }

  private group(): string {
    this.i++ // (
    if (this.ch() === '*') this.refuse(`backtracking verb (*${this.rest().slice(1).split(')')[0]})`)
    if (this.ch() !== '?') {
      this.groups++
      this.depth++
      return '('
    }
    const r = this.rest()
    const two = r.slice(0, 2)
    if (r.startsWith('?#')) {
      const end = this.b.indexOf(0x29, this.i)
      if (end === -1) this.refuse('unterminated comment (?#')
      this.i = end + 1
      return ''
    }
    if (two === '?:' || two === '?=' || two === '?!') {
      this.i += 2
      this.depth++
      return `(${two}`
    }
    if (r.startsWith('?<=') || r.startsWith('?<!')) {
      this.i += 3
      this.depth++
      return `(${r.slice(0, 3)}`
    }
    if (two === '?>') this.refuse('atomic group (?>…)')
    if (two === '?|') this.refuse('branch reset group (?|…)')
    if (two === '?(') this.refuse('conditional group (?(…)…)')
    if (/^\?(R|[+-]?\d|&)/.test(r) || r.startsWith('?P>')) this.refuse('recursion or subroutine call')
    if (r.startsWith('?P=')) {
      const m = /^\?P=([A-Za-z_]\w*)\)/.exec(r)
      if (!m) this.refuse('malformed (?P=name)')
      this.i += m[0].length
      return `\\k<${m[1]}>`
    }
    const named = /^\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(r)
    if (named) {
      const name = named[1] ?? named[2]!
      this.i += named[0].length
      this.groups++
      this.names.push(name)
      this.depth++
      return `(?<${name}>`
    }
    const opts = /^\?([a-zA-Z^]*)(?:-([a-zA-Z]*))?([:)])/.exec(r)
    if (opts) {
      const on = opts[1] ?? ''
      const off = opts[2]
      const other = on.replace(/i/g, '')
      if (other !== '' || off !== undefined) this.refuse(`inline option (?${on}${off !== undefined ? `-${off}` : ''}${opts[3] === ':' ? ':…' : ''})`)
      this.i += opts[0].length
      if (opts[3] === ')') return '' // (?i): the whole pattern is caseless already
      this.depth++
      return '(?:'
    }
    this.refuse(`group syntax (${r.slice(0, 3)}`)
  }

  private escape(): string {
    this.i++ // backslash
    const c = this.ch()
    if (c === '') this.refuse('trailing backslash')
    this.i++
    if (c in SHORTHAND) return SHORTHAND[c]!
    if (c in SINGLE) return atom(SINGLE[c]!)
    switch (c) {
      case 'b':
        return '\\b'
      case 'B':
        return '\\B'
      case 'A':
        return '^'
      case 'z':
        return '$'
      case 'Z':
        return '(?=\\n?$)'
      case 'N':
        return '[^\\n]'
      case 'R':
        return '(?:\\r\\n|[\\n\\x0b\\f\\r\\uE085])'
      case 'Q':
        return this.quoted()
      case 'E':
        return ''
      case 'x':
        return atom(this.hex())
      case 'c': {
        const k = this.peek()
        if (k === undefined) this.refuse('\\c at the end')
        this.i++
        return atom(String.fromCharCode(k).toUpperCase().charCodeAt(0) ^ 0x40)
      }
      case '0':
        return atom(this.octal(0))
      case 'g':
        return this.gReference()
      case 'k': {
        const m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(this.rest())
        if (!m) this.refuse('malformed \\k reference')
        this.i += m[0].length
        return `\\k<${m[1] ?? m[2] ?? m[3]}>`
      }
      case 'G':
      case 'K':
      case 'C':
      case 'X':
      case 'p':
      case 'P':
        this.i--
        this.refuse(`\\${c}`)
    }
    if (c >= '1' && c <= '9') {
      if (this.ch() >= '0' && this.ch() <= '9') this.refuse(`\\${c}${this.ch()} (a back-reference or an octal escape depending on the group count)`)
      return `\\${c}`
    }
    if (/[A-Za-z]/.test(c)) {
      this.i--
      this.refuse(`unknown escape \\${c}`)
    }
    return atom(c.charCodeAt(0))
  }

  private gReference(): string {
    const m = /^(?:\{(-?\d+)\}|(-?\d+)|\{([A-Za-z_]\w*)\}|<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(this.rest())
    if (!m) this.refuse('malformed \\g reference')
    this.i += m[0].length
    const num = m[1] ?? m[2]
    if (m[4] !== undefined || m[5] !== undefined) this.refuse(`subroutine call \\g${m[0]}`)
    if (num === undefined) return `\\k<${m[3]}>`
    let n = Number(num)
    if (n < 0) n = this.groups + 1 + n
    if (n < 1 || n > 9) this.refuse(`back-reference \\g${m[0]}`)
    return `\\${n}`
  }

  private quoted(): string {
    let out = ''
    while (this.i < this.b.length) {
      if (this.ch() === '\\' && this.ch(1) === 'E') {
        this.i += 2
        return out
      }
      out += atom(this.peek()!)
      this.i++
    }
    return out
  }

  private hex(): number {
    if (this.ch() === '{') {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.rest())
      if (!m) this.refuse('malformed \\x{…}')
      const v = parseInt(m[1]!, 16)
      if (v > 0xff) this.refuse(`\\x{${m[1]}} (above 0xFF without UTF mode)`)
      this.i += m[0].length
      return v
    }
    let v = 0
    for (let k = 0; k < 2 && /[0-9A-Fa-f]/.test(this.ch()); k++) {
      v = v * 16 + parseInt(this.ch(), 16)
      this.i++
    }
    return v
  }

  private octal(first: number): number {
    let v = first
    for (let k = 0; k < 2 && /[0-7]/.test(this.ch()); k++) {
      v = v * 8 + Number(this.ch())
      this.i++
    }
    return v
  }

  private charClass(): string {
    const start = this.i
    this.i++ // [
    let negated = false
    if (this.ch() === '^') {
      negated = true
      this.i++
    }
    let out = ''
    let first = true
    for (;;) {
      const c = this.ch()
      if (c === '') {
        this.i = start
        this.refuse('unterminated character class')
      }
      if (c === ']' && !first) {
        this.i++
        break
      }
      first = false
      if (c === '[' && this.ch(1) === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.rest())
        if (m) {
          const content = POSIX[m[2]!]
          if (content === undefined) this.refuse(`unknown POSIX class [:${m[2]}:]`)
          out += m[1] ? negatePosix(content) : content
          this.i += m[0].length
          continue
        }
      }
      const lo = this.classMember()
      if (typeof lo === 'string') {
        out += lo
        continue
      }
      if (this.ch() === '-' && this.ch(1) !== ']' && this.ch(1) !== '') {
        const save = this.i
        this.i++
        const hi = this.classMember()
        if (typeof hi === 'string') {
          // `a-\d`: PCRE reads the `-` literally.
          this.i = save + 1
          out += `${atom(lo)}\\-`
          continue
        }
        if (hi < lo) this.refuse(`range out of order in character class`)
        out += rangeText(lo, hi)
        continue
      }
      out += atom(lo)
    }
    if (out === '') return negated ? '[^]' : '[]'
    return `[${negated ? '^' : ''}${out}]`
  }

  /** A byte, or class text for a shorthand such as \d. */
  private classMember(): number | string {
    const c = this.ch()
    if (c !== '\\') {
      const b = this.peek()!
      this.i++
      return b
    }
    this.i++
    const e = this.ch()
    if (e === '') this.refuse('trailing backslash')
    this.i++
    if (e in CLASS_SHORTHAND) return CLASS_SHORTHAND[e]!
    if (e in SINGLE) return SINGLE[e]!
    switch (e) {
      case 'b':
        return 8
      case 'x':
        return this.hex()
      case '0':
        return this.octal(0)
      case 'c': {
        const k = this.peek()
        if (k === undefined) this.refuse('\\c at the end')
        this.i++
        return String.fromCharCode(k).toUpperCase().charCodeAt(0) ^ 0x40
      }
      case 'Q': {
        let out = ''
        while (this.i < this.b.length && !(this.ch() === '\\' && this.ch(1) === 'E')) {
          out += atom(this.peek()!)
          this.i++
        }
        if (this.i < this.b.length) this.i += 2
        return out
      }
      case 'E':
        return ''
    }
    if (e >= '1' && e <= '7') return this.octal(Number(e))
    if (/[A-Za-z0-9]/.test(e)) {
      this.i -= 2
      this.refuse(`\\${e} in a character class`)
    }
    return e.charCodeAt(0)
  }

  /** For messages. */
  toString(): string {
    return this.original
  }
}
