import assert from 'node:assert/strict'
import {test} from 'node:test'
import {UsageError} from '../../src/errors.js'
import {parseMapFlag} from '../../src/upstreams/file/map-flag.js'

test('--map accepts SERVICE, NAMESPACE/SERVICE, :PORT by number or name, http and https URLs', () => {
  const a = parseMapFlag('web=http://127.0.0.1:3000')
  assert.equal(a.namespace, undefined)
  assert.equal(a.service, 'web')
  assert.equal(a.port, undefined)
  assert.equal(a.host, '127.0.0.1')
  assert.equal(a.targetPort, 3000)
  assert.equal(a.tls, false)

  const b = parseMapFlag('shop/api:http=https://localhost')
  assert.equal(b.namespace, 'shop')
  assert.equal(b.service, 'api')
  assert.equal(b.port, 'http')
  assert.equal(b.targetPort, 443)
  assert.equal(b.tls, true)

  const c = parseMapFlag('shop/web:80=http://[::1]:8081/')
  assert.equal(c.port, 80)
  assert.equal(c.host, '::1')
  assert.equal(c.targetPort, 8081)

  assert.equal(parseMapFlag('web=http://localhost').targetPort, 80)
})

test('--map rejects malformed values with a UsageError naming the value', () => {
  const cases: Array<[string, RegExp]> = [
    ['web', /expected SERVICE=URL/],
    ['=http://127.0.0.1:1', /expected SERVICE=URL/],
    ['Web=http://127.0.0.1:1', /not a valid Service name/],
    ['shop_x/web=http://127.0.0.1:1', /not a valid namespace name/],
    ['web:0=http://127.0.0.1:1', /out of range/],
    ['web:70000=http://127.0.0.1:1', /out of range/],
    ['web:a--b=http://127.0.0.1:1', /port name/],
    ['web:http-port-too-long=http://127.0.0.1:1', /port name/],
    ['web=127.0.0.1:3000', /scheme must be http or https|not a URL/],
    ['web=ftp://127.0.0.1:3000', /scheme must be http or https/],
    ['web=http://127.0.0.1:3000/api', /must not have a path/],
    ['web=not a url', /not a URL/],
  ]
  for (const [value, why] of cases) {
    assert.throws(
      () => parseMapFlag(value),
      (e: unknown) => e instanceof UsageError && e.message.includes(`"${value}"`) && why.test(e.message) && e.exitCode === 2,
      value,
    )
  }
})
