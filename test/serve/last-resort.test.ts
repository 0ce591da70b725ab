import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {test} from 'node:test'

const dist = new URL('../../', import.meta.url).pathname

test('the last-resort handler logs an uncaught exception and a rejection nobody handled, and the process goes on', () => {
  // A real process: the handler is process-wide, and without it the throw below ends the process (exit 1).
  const script = `
    import {installLastResort} from ${JSON.stringify(join(dist, 'src/serve/last-resort.js'))}
    import {Logger} from ${JSON.stringify(join(dist, 'src/log/logger.js'))}
    installLastResort(new Logger('json', process.stderr))
    setImmediate(() => { throw new Error('boom from an event handler') })
    setImmediate(() => { Promise.reject(new Error('rejected and forgotten')) })
    setTimeout(() => process.stdout.write('still serving\\n'), 50)
  `
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 30_000})
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, 'still serving\n')
  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as {level: string; msg: string; error: string})
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg, l.error.split('\n')[0]]),
    [
      ['error', 'internal error; the gateway keeps serving', 'Error: boom from an event handler'],
      ['error', 'internal error; the gateway keeps serving', 'Error: rejected and forgotten'],
    ],
  )
})
