/** Polls `check` until it returns a value (not undefined/false), bounded by `timeoutMs`; the failure names what was awaited. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = check()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Waits until the last frame contains `text` and returns that frame. */
export function frameWith(lastFrame: () => string | undefined, text: string | RegExp, timeoutMs = 3000): Promise<string> {
  return waitFor(`a frame containing ${String(text)}`, () => {
    const f = lastFrame()
    if (f === undefined) return undefined
    return (typeof text === 'string' ? f.includes(text) : text.test(f)) ? f : undefined
  }, timeoutMs)
}

/** Waits until the last frame no longer contains `text`. */
export function frameWithout(lastFrame: () => string | undefined, text: string, timeoutMs = 3000): Promise<string> {
  return waitFor(`a frame without ${text}`, () => {
    const f = lastFrame()
    return f !== undefined && !f.includes(text) ? f : undefined
  }, timeoutMs)
}

/** The line of `frame` containing `text`. */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((l) => l.includes(text))
}

export const KEYS = {up: '\u001b[A', down: '\u001b[B', pageDown: '\u001b[6~', pageUp: '\u001b[5~', enter: '\r', escape: '\u001b', backspace: '\u007f'} as const
