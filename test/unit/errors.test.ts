import assert from 'node:assert/strict'
import {test} from 'node:test'
import {IngressctlError, UsageError} from '../../src/errors.js'

test('UsageError exits 2 and keeps its hint', () => {
  const e = new UsageError('bad flag', 'use --help')
  assert.ok(e instanceof IngressctlError)
  assert.equal(e.exitCode, 2)
  assert.equal(e.hint, 'use --help')
  assert.equal(e.code, 'E_USAGE')
})
