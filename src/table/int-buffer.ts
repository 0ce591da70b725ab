/**
 * A growable run of 32-bit integers. A table's packed tries are built in
 * one: pushing onto a JS array instead grew a 500,000-element array of
 * numbers on the heap (several copies, each garbage) and copied it into an
 * Int32Array at the end.
 */
export class IntBuffer {
  private data: Int32Array
  length = 0

  /** `capacity`: the slots expected (it grows past them, doubling, when needed). */
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity))
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow()
    this.data[this.length++] = value
  }

  /** Overwrites slot `at`, which must already be written (pushed). */
  set(at: number, value: number): void {
    if (at >= this.length) throw new RangeError(`IntBuffer: slot ${at} is not written yet (length ${this.length})`)
    this.data[at] = value
  }

  /** The slots written, in an array of their exact length. */
  finish(): Int32Array {
    return this.data.slice(0, this.length)
  }

  private grow(): void {
    const bigger = new Int32Array(this.data.length * 2)
    bigger.set(this.data)
    this.data = bigger
  }
}
