import {setFlagsFromString} from 'node:v8'

/**
 * Turns off V8's allocation-site pretenuring for the gateway process.
 *
 * V8 watches object and array literals and, when the objects from one site
 * all survive a young-generation collection, allocates that site's objects in
 * the old generation from then on. Under proxied load, within seconds, about a
 * dozen sites reach a survival ratio of 1.0 (`--trace-pretenuring-statistics`)
 * and are tenured; from then on short-lived objects go to the old generation:
 * the heap grew ~2.5 MB per scavenge, each scavenge took 13-18 ms instead of
 * ~1 ms, and a full collection ran every second or so. `serve --echo` (no
 * upstream round trip) never showed it.
 *
 * Measured with `--trace-gc` over 6 s of wrk load through `serve --map`
 * (1,000 routes, one core): GC time 886 -> 113 ms and mark-compacts 6 -> 0-1,
 * with about a quarter more requests per second.
 *
 * The flag is only read when a collection weighs its pretenuring feedback, so
 * setting it at startup, before any request, takes effect. The same switch
 * on the command line is `node --no-allocation-site-pretenuring`.
 */
export function tuneGcForProxying(): void {
  setFlagsFromString('--no-allocation-site-pretenuring')
}
