/**
 * PCRE → JavaScript translation (src/compiler/nginx/pcre.ts), with cases
 * from PCRE2's pattern documentation (pcre2pattern) and the regex paths of
 * ingress-nginx's documentation and e2e suite, as nginx compiles them: no
 * UTF mode, `~*` caseless, LF newline.
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compilePcre, fromSubject, toSubject, translatePcre} from '../../src/compiler/nginx/pcre.js'

/** The subject nginx matches for a text URI (its UTF-8 bytes). */
function subject(text: string): string {
  return toSubject(Buffer.from(text, 'utf8'))
}

function matches(pattern: string, text: string, caseless = true): boolean {
  return compilePcre(pattern, caseless).test(subject(text))
}

describe('translatePcre: meaning kept', () => {
  const cases: Array<[pattern: string, yes: string[], no: string[]]> = [
    // Regex paths as ingress-nginx users write them (location ~* "^PATH").
    ['^/id/[0-9]+', ['/id/1', '/id/123a', '/ID/7'], ['/id/', '/id/aaa', '/x/id/1']],
    ['^/id/[0-9]+$', ['/id/1', '/id/12'], ['/id/12a', '/id/']],
    ['^/id/[0-9]{3}$', ['/id/123'], ['/id/12', '/id/1234']],
    ['^/foo/bar/(.+)', ['/foo/bar/x', '/FOO/Bar/x/y'], ['/foo/bar/', '/foo/ba']],
    ['^/api(/|$)(.*)', ['/api', '/api/', '/api/v1', '/API/x'], ['/apix', '/ap']],
    ['^/foo.+', ['/foo/bar', '/foox'], ['/foo']],
    // `.` is any byte but LF (JavaScript's also refuses CR and U+2028).
    ['^/a.b', ['/a\rb', '/a b'], ['/a\nb', '/a\u2028b']],
    // `$` is the end, or before a final LF.
    ['^/a$', ['/a', '/a\n'], ['/a\n\n', '/ab']],
    ['^/a\\z', ['/a'], ['/a\n']],
    ['^/a\\Z', ['/a', '/a\n'], ['/a\nb']],
    ['\\A/a', ['/a'], ['x/a']],
    // POSIX classes inside a class, negated too.
    ['^/[[:alnum:]_-]+$', ['/ab_9-Z'], ['/a.b', '/a b']],
    ['^/[[:^digit:]]+$', ['/abc'], ['/a1']],
    ['^/[[:upper:]]+$', ['/ABC', '/abc'], ['/a1']], // caseless: [:upper:] folds as in PCRE
    // \Q…\E quotes metacharacters.
    ['^/a\\Q.*+\\E$', ['/a.*+'], ['/ab', '/a']],
    // `]` first in a class is a literal.
    ['^/[]x]$', ['/]', '/x'], ['/y']],
    ['^/[^]x]$', ['/y'], ['/]', '/x']],
    // Escapes: \h horizontal space, \d \w \s, hex, octal, \N.
    ['^/a\\hb', ['/a b', '/a\tb'], ['/a\nb']],
    ['^/\\x41\\x{42}\\x43$', ['/ABC', '/abc'], ['/AB']],
    ['^/\\011$', ['/\t'], ['/9', '/011']],
    ['^/a\\Nb', ['/axb'], ['/a\nb']],
    // Groups and lookaround, lazy quantifiers, named groups and back-references.
    ['^/(?:ab)+$', ['/abab'], ['/aba']],
    ['^/(?P<x>a|b)(?P=x)$', ['/aa', '/bB'], ['/ab']],
    ['^/(a)\\g{-1}$', ['/aa'], ['/ab']],
    ['^/x(?=y)', ['/xy'], ['/xz']],
    ['^/(?#comment)a', ['/a'], ['/b']],
    ['(?i)^/a', ['/A'], ['/b']],
    // A literal `{` that is not a quantifier.
    ['^/a{x}', ['/a{x}'], ['/ax']],
  ]
  for (const [pattern, yes, no] of cases) {
    test(`${pattern}`, () => {
      for (const s of yes) assert.equal(matches(pattern, s), true, `${JSON.stringify(s)} should match`)
      for (const s of no) assert.equal(matches(pattern, s), false, `${JSON.stringify(s)} should not match`)
    })
  }

  test('without ~* (the ~ modifier) case matters', () => {
    assert.equal(matches('^/Foo', '/foo', false), false)
    assert.equal(matches('^/Foo', '/Foo', false), true)
  })

  test('bytes: a non-ASCII literal is its UTF-8 bytes; caseless folds ASCII only', () => {
    assert.equal(matches('^/café$', '/CAFé'), true)
    // É is not é for PCRE's C-locale tables (JavaScript's i flag would fold them).
    assert.equal(matches('^/café$', '/CAFÉ'), false)
    // `.` is one byte: é is two.
    assert.equal(matches('^/caf.$', '/café'), false)
    assert.equal(matches('^/caf..$', '/café'), true)
    // A class of a two-byte character holds both bytes.
    assert.equal(matches('^/[é]+$', '/é'), true)
    assert.equal(matches('^/\\xe9$', '/\u00e9'), false)
  })

  test('captures come back as bytes', () => {
    const m = compilePcre('^/u/(.+)').exec(subject('/u/zoë'))
    assert.ok(m)
    assert.equal(fromSubject(m[1]!).toString('utf8'), 'zoë')
  })
})

describe('translatePcre: constructs JavaScript cannot express are named', () => {
  const refused: Array<[pattern: string, construct: RegExp]> = [
    ['^/a++', /possessive quantifier \+\+/],
    ['^/a*+b', /possessive quantifier \*\+/],
    ['^/a{2}+', /possessive quantifier/],
    ['^/(?>ab|a)c', /atomic group/],
    ['^/(a|(?R))', /recursion/],
    ['^/(a)(?1)', /recursion/],
    ['^/(?(1)a|b)', /conditional/],
    ['^/(?-i)a', /inline option/],
    ['^/(?s).', /inline option/],
    ['^/(?x) a', /inline option/],
    ['^/(*SKIP)a', /backtracking verb/],
    ['^/\\Ga', /\\G/],
    ['^/a\\Kb', /\\K/],
    ['^/\\p{L}', /\\p/],
    ['^/\\C', /\\C/],
    ['^/(a)\\10', /back-reference or an octal escape/],
    ['^/a{,3}', /quantifier \{,3\}/],
    ['^/[[:foo:]]', /unknown POSIX class/],
    ['^/(a', /invalid regular expression/],
    ['^/a)', /unmatched \)/],
    ['?a', /nothing to repeat/],
    ['^/(?|a)', /branch reset/],
  ]
  for (const [pattern, construct] of refused) {
    test(pattern, () => {
      const t = translatePcre(pattern)
      assert.equal(t.ok, false, `${pattern} must be refused`)
      if (!t.ok) assert.match(t.construct, construct)
    })
  }
})
