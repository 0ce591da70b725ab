import assert from 'node:assert/strict'
import {test} from 'node:test'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPSloppy,
  isPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from '../../src/validation/names.js'

// Cases mirror apimachinery's pkg/util/validation/validation_test.go.
function table(name: string, fn: (v: string) => string[], good: string[], bad: string[]): void {
  test(name, () => {
    for (const v of good) assert.deepEqual(fn(v), [], `${name}(${JSON.stringify(v)}) should be valid`)
    for (const v of bad) assert.notDeepEqual(fn(v), [], `${name}(${JSON.stringify(v)}) should be invalid`)
  })
}

table(
  'isDNS1123Label',
  isDNS1123Label,
  ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)],
  ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64)],
)

table(
  'isDNS1123Subdomain',
  isDNS1123Subdomain,
  ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1', '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2', '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1', 'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', 'a'.repeat(253)],
  ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1', '0.A', '01.A', '012.A', '1A.a', '1a.A', 'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', 'a'.repeat(254)],
)

table(
  'isDNS1035Label',
  isDNS1035Label,
  ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)],
  ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64)],
)

table(
  'isWildcardDNS1123Subdomain',
  isWildcardDNS1123Subdomain,
  ['*.example.com', '*.bar.com', '*.foo.bar.com'],
  ['*.*.bar.com', '*.foo.*.com', '*bar.com', 'f*.bar.com', '*', '*.', '*.Example.com', 'example.com'],
)

table(
  'isValidPortName (IANA_SVC_NAME)',
  isValidPortName,
  ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3', 'abcdefghijklmno'],
  ['longerthan15characters', '', '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++', 'UPPER', 'abcdefghijklmnop'],
)

table('isPathSegmentName', isPathSegmentName, ['foo', 'Service', 'a.b', '...'], ['.', '..', 'a/b', 'a%b'])
table('isQualifiedName', isQualifiedName, ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'example.com/Name', 'kubernetes.io/ingress.class', 'a'.repeat(63)], ['', 'nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash', 'only/one/slash', 'Example.com/abc', 'example_com/abc', '/simple', 'a'.repeat(64)])
table('isValidLabelValue', isValidLabelValue, ['', 'simple', 'now-with-dashes', '1234', 'a'.repeat(63), 'A_b.c'], ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes', '-starts', 'ends-', 'a'.repeat(64)])

test('isValidPortNum accepts 1..65535 only', () => {
  for (const p of [1, 80, 443, 8080, 65535]) assert.deepEqual(isValidPortNum(p), [], String(p))
  for (const p of [0, -1, 65536, 1.5, 100000]) assert.notDeepEqual(isValidPortNum(p), [], String(p))
})

test('isIPSloppy follows net.ParseIPSloppy', () => {
  for (const ip of ['1.2.3.4', '127.0.0.1', '010.001.002.003', '::1', '::', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'])
    assert.equal(isIPSloppy(ip), true, ip)
  for (const s of ['foo.com', '1.2.3', '1.2.3.4.5', '256.1.1.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', ':::', '1::2::3', 'g::1', '12345::1'])
    assert.equal(isIPSloppy(s), false, s)
})
