/**
 * The matching path, as nginx normalises the URI before location selection.
 * Expected values are worked out from nginx's src/http/ngx_http_parse.c
 * (ngx_http_parse_complex_uri, merge_slashes on; request-line checks), not
 * taken from this implementation.
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {matchPath, normalizeRequestPath} from '../../src/table/normalize-path.js'

describe('normalizeRequestPath: as nginx normalises the URI', () => {
  const ok: Array<[string, string, string]> = [
    // Nothing to do.
    ['/', '/', 'root'],
    ['/admin', '/admin', 'plain'],
    ['/a/b/', '/a/b/', 'trailing slash kept'],
    ['/a.b/c..d/.e/..f/...', '/a.b/c..d/.e/..f/...', 'dots inside names are not dot segments'],
    ['/a+b', '/a+b', '"+" is not a space in a path'],
    // Query and fragment take no part.
    ['/admin?x=/../y', '/admin', 'query dropped, not normalised'],
    ['/admin#/../x', '/admin', 'fragment dropped'],
    ['?q', '/', 'empty path (empty_path_in_uri) is "/"'],
    ['', '/', 'empty target'],
    // Dot segments.
    ['/x/../admin', '/admin', '"seg/.." removed'],
    ['/./admin', '/admin', '"/./" removed'],
    ['/public/../admin', '/admin', 'guard bypass from the report'],
    ['/a/b/../../admin', '/admin', 'two levels'],
    ['/a/./b/.', '/a/b/', 'trailing "/." keeps the slash'],
    ['/a/b/..', '/a/', 'trailing "/.." keeps the slash'],
    ['/a/..', '/', 'back to the root'],
    ['/a/.?q', '/a/', '"/." before the query'],
    ['/a/b/..?q', '/a/', '"/.." before the query'],
    ['/a/b/..#f', '/a/', '"/.." before the fragment'],
    // Slashes merged (merge_slashes on).
    ['//admin', '/admin', 'leading double slash'],
    ['/a//b///c', '/a/b/c', 'inner runs'],
    ['/a//../b', '/b', 'merged before ".." applies'],
    // Percent-decoding, decoded bytes read as if sent raw.
    ['/x/%2e%2e/admin', '/admin', 'encoded dot segment'],
    ['/x/%2E%2E/admin', '/admin', 'upper-case hex'],
    ['/x/.%2e/admin', '/admin', 'half encoded'],
    ['/%61dmin', '/admin', 'unreserved letter decoded'],
    ['/a%2Fb', '/a/b', '%2F decodes to a separator'],
    ['/x%2F..%2Fadmin', '/admin', 'encoded slashes take part in dot segments'],
    ['/a%2F%2Fb', '/a/b', 'encoded slashes are merged'],
    ['/a%20b', '/a b', 'space decoded'],
    ['/caf%C3%A9', '/café', 'UTF-8 decoded'],
    // Decoded "%", "?", "#" are plain characters (shown escaped, never a delimiter).
    ['/a%25b', '/a%25b', 'decoded "%"'],
    ['/a%3Fb', '/a%3Fb', 'decoded "?" is part of the path'],
    ['/a%3fb/%2e%2e', '/', 'decoded "?" is a plain character, then ".." removes the segment'],
    ['/a%23b', '/a%23b', 'decoded "#"'],
    ['/%2e%25', '/.%25', 'a dot followed by a decoded "%" is a name'],
    // Bytes that are not text.
    ['/%FF', '/%FF', 'invalid UTF-8 shown escaped'],
    ['/%01', '/%01', 'decoded control character is accepted (only NUL is refused)'],
  ]
  for (const [target, want, why] of ok) {
    test(`${JSON.stringify(target)} → ${JSON.stringify(want)} (${why})`, () => {
      assert.deepEqual(normalizeRequestPath(target), {path: want})
      assert.equal(matchPath(target), want)
    })
  }

  const rejected: Array<[string, RegExp, string]> = [
    ['/..', /above the root/, '".." at the root'],
    ['/../admin', /above the root/, '".." at the root, then a name'],
    ['/a/../..', /above the root/, 'one level too many'],
    ['/%2e%2e/x', /above the root/, 'encoded'],
    ['/..?q', /above the root/, 'before the query'],
    ['/a%zz', /two hexadecimal digits/, 'invalid escape'],
    ['/a%4', /two hexadecimal digits/, 'truncated escape'],
    ['/a%', /two hexadecimal digits/, 'trailing %'],
    ['/a%00b', /NUL/, 'decoded NUL'],
    ['/a\x00b', /NUL/, 'raw NUL'],
    ['/a\x01b', /control character %01/, 'raw control character'],
    ['/a\x7fb', /control character %7F/, 'raw DEL'],
    ['/a b', /space/, 'raw space'],
    ['/a?b\x01', /control character/, 'control character in the query'],
  ]
  for (const [target, why, label] of rejected) {
    test(`${JSON.stringify(target)} is refused (${label})`, () => {
      const r = normalizeRequestPath(target)
      assert.equal(r.path, undefined)
      assert.match(r.rejected ?? '', why)
      assert.equal(matchPath(target), undefined)
    })
  }

  test('a query containing "%" or dot segments is not read', () => {
    assert.equal(matchPath('/a?%zz/../..'), '/a')
  })

  test('latin1 targets carry raw bytes; utf8 targets are text', () => {
    // node:http gives the raw bytes C3 A9 as two latin1 characters.
    assert.deepEqual(normalizeRequestPath('/caf\u00c3\u00a9'), {path: '/café'})
    assert.deepEqual(normalizeRequestPath('/café', 'utf8'), {path: '/café'})
    assert.deepEqual(normalizeRequestPath('/caf\u00e9'), {path: '/caf%E9'})
  })
})
