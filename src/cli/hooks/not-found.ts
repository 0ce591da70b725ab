import type {Hook} from '@oclif/core'
import notFound from '@oclif/plugin-not-found'
import {closest} from '../suggest.js'

/**
 * A mistyped command. On a terminal, oclif's not-found plugin asks "Did you
 * mean serve?" and runs it when confirmed. Elsewhere (scripts, CI) that plugin
 * names no suggestion, so this prints it: `"srve" is not an ingressctl command;
 * did you mean "serve"?`. Exit status 127, as a shell's "command not found".
 */
const hook: Hook.CommandNotFound = async function (opts) {
  if (process.stdin.isTTY && process.stderr.isTTY) return notFound.call(this, opts)
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const sep = opts.config.topicSeparator
  const typed = opts.id.replaceAll(':', sep)
  const guess = closest(opts.id, ids)
  const suggestion = guess ? `; did you mean "${guess.replaceAll(':', sep)}"?` : ''
  process.stderr.write(`error: "${typed}" is not an ${opts.config.bin} command${suggestion}\n  hint: ${opts.config.bin} help lists the commands\n`)
  this.exit(127)
}

export default hook
