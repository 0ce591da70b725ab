#!/usr/bin/env node
// `npm run fuzz`: runs every fuzz property (dist/test/fuzz/*.property.js) with
// FUZZ_RUNS inputs in all (default 1,000,000), each property getting its share
// (its weight; a property may cap its own share with maxRuns, e.g. one that
// needs real sockets per input). Prints the inputs run per property and any
// counterexample with the seed and path to replay it; exits 1 when one failed.
//   FUZZ_RUNS=200000 npm run fuzz       a shorter run
//   FUZZ_ONLY=table npm run fuzz        properties whose name contains "table"
//   FUZZ_SEED=123 npm run fuzz          a fixed seed
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import fc from 'fast-check'

const root = new URL('..', import.meta.url).pathname
const dir = join(root, 'dist', 'test', 'fuzz')
const total = Number(process.env.FUZZ_RUNS ?? 1_000_000)
const only = process.env.FUZZ_ONLY
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined

const properties = []
for (const f of readdirSync(dir).filter((f) => f.endsWith('.property.js')).sort()) {
  const mod = await import(pathToFileURL(join(dir, f)).href)
  for (const p of Object.values(mod)) if (p && typeof p === 'object' && typeof p.build === 'function' && typeof p.weight === 'number') properties.push(p)
}
const chosen = properties.filter((p) => !only || p.name.includes(only))
const weights = chosen.reduce((s, p) => s + p.weight, 0)
// A capped property's unused share goes to the others.
let capped = 0
let cappedWeight = 0
for (const p of chosen) {
  const share = Math.round((total * p.weight) / weights)
  if (p.maxRuns !== undefined && share > p.maxRuns) {
    capped += p.maxRuns
    cappedWeight += p.weight
  }
}
const runsOf = (p) => {
  const share = Math.round((total * p.weight) / weights)
  if (p.maxRuns !== undefined && share > p.maxRuns) return p.maxRuns
  return Math.round(((total - capped) * p.weight) / (weights - cappedWeight))
}

let failed = 0
let inputs = 0
async function run(p, numRuns) {
  const {property, close} = await p.build()
  const started = Date.now()
  const params = {numRuns, ...(seed !== undefined ? {seed} : {})}
  try {
    return {details: p.async ? await fc.check(property, params) : fc.check(property, params), seconds: ((Date.now() - started) / 1000).toFixed(1)}
  } finally {
    await close()
  }
}
function report(p, details, seconds) {
  inputs += details.numRuns
  console.log(`${String(details.numRuns).padStart(9)} inputs  ${details.failed ? 'FAILED' : 'ok    '}  ${seconds.padStart(6)} s  ${p.name}`)
  if (!details.failed) return
  failed++
  console.log(`  counterexample: ${fc.stringify(details.counterexample)}`)
  console.log(`  error: ${String(details.errorInstance?.message ?? details.error).split('\n').slice(0, 6).join('\n         ')}`)
  console.log(`  replay: FUZZ_SEED=${details.seed} (path ${details.counterexamplePath})`)
}
for (const p of chosen) {
  const {details, seconds} = await run(p, runsOf(p))
  report(p, details, seconds)
}
console.log(`\n${inputs} inputs across ${chosen.length} properties; ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
