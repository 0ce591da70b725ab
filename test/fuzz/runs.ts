/**
 * How many inputs each fuzz property gets. The test suite runs a small,
 * bounded number per property (a few seconds each); `npm run fuzz`
 * (scripts/fuzz.mjs) runs the same properties with FUZZ_RUNS inputs in all,
 * each property getting its share (weight) of that budget.
 */
import type fc from 'fast-check'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProperty = fc.IRawProperty<any, boolean>

export interface FuzzProperty {
  readonly name: string
  /** Share of the `npm run fuzz` budget (shares are normalised over all properties). */
  readonly weight: number
  /** Runs in the test suite. */
  readonly ciRuns: number
  /** At most this many runs in `npm run fuzz` (a property that needs real sockets per input). */
  readonly maxRuns?: number
  /** The property is asynchronous (fc.asyncProperty). */
  readonly async?: boolean
  /** Builds the property; `close` tears down what it started (servers). */
  readonly build: () => Promise<{property: AnyProperty; close(): Promise<void>}>
}

/** fast-check parameters for a suite run: FUZZ_SEED replays a reported failure. */
export function suiteParameters(p: FuzzProperty): {numRuns: number; seed?: number} {
  const seed = process.env.FUZZ_SEED
  return {numRuns: p.ciRuns, ...(seed ? {seed: Number(seed)} : {})}
}
