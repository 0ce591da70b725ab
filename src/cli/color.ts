import type {WriteStream} from 'node:tty'
import {createSupportsColor} from 'supports-color'

/**
 * Whether output written to `stream` is coloured: --color/--no-color when
 * given; else FORCE_COLOR (`0` off, `1`–`3` on, even into a pipe), then
 * NO_COLOR (set and non-empty: off, https://no-color.org), then whether the
 * stream is a terminal that takes colour (TERM=dumb does not) — the last
 * two through supports-color, as Node's own util.inspect and most CLIs decide.
 */
export function useColor(stream: {isTTY?: boolean}, flag?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag
  if (!('FORCE_COLOR' in env) && env.NO_COLOR) return false
  // sniffFlags: false: oclif has parsed --color/--no-color already (the `flag` above).
  // supports-color reads only `isTTY` of the stream it is given.
  return createSupportsColor({isTTY: stream.isTTY === true} as WriteStream, {sniffFlags: false}) !== false
}
