import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {IntBuffer} from '../../src/table/int-buffer.js'

describe('IntBuffer', () => {
  test('keeps every value across growth, and finish() has exactly the slots written', () => {
    const b = new IntBuffer(4)
    for (let i = 0; i < 1000; i++) b.push(i * 7 - 3000)
    b.set(10, -1)
    const out = b.finish()
    assert.equal(out.length, 1000)
    assert.equal(out[10], -1)
    for (let i = 0; i < 1000; i++) if (i !== 10) assert.equal(out[i], i * 7 - 3000)
  })

  test('values outside 31 bits survive (keys pack two UTF-16 code units per slot)', () => {
    const b = new IntBuffer()
    b.push(0x7fff0061 | 0)
    b.push(0xffff0061 | 0)
    assert.deepEqual([...b.finish()], [0x7fff0061, 0xffff0061 | 0])
  })

  test('set() beyond what was pushed is refused rather than lost on the next growth', () => {
    const b = new IntBuffer(16)
    b.push(1)
    assert.throws(() => b.set(1, 5), RangeError)
  })
})
