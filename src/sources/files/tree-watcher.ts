import {watch, readdirSync, statSync, type FSWatcher, type Stats} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

/** Extensions the loader reads from directories. */
const MANIFEST_EXT = /\.(ya?ml|json)$/i
/** Directories never worth watching. */
const SKIP_DIRS = new Set(['.git', 'node_modules'])

interface Watch {
  readonly watcher: FSWatcher
  /** Inode of the directory when watched: a directory deleted and re-created needs a new watch. */
  readonly ino: number
}

/**
 * Watches manifest inputs: directories (every subdirectory, so new files and
 * new subdirectories are seen) and single files (through their parent
 * directory, so an editor's atomic save — write a temp file, rename it over the
 * original — is seen as well as an in-place write). Calls `onChange` for every
 * relevant event; the caller debounces.
 *
 * Each directory is watched on its own (not `recursive: true`), which behaves
 * the same on every platform and Node version; `rescan()` adds directories
 * that appeared and re-watches directories that were replaced.
 */
export class TreeWatcher {
  private readonly watches = new Map<string, Watch>()
  /** Directory → the names in it that are inputs (file inputs); absent = every manifest file. */
  private fileFilters = new Map<string, Set<string>>()
  private closed = false

  constructor(
    private readonly inputs: readonly string[],
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.rescan()
  }

  /** Brings the set of watched directories in line with the file system now. */
  rescan(): void {
    if (this.closed) return
    const wanted = new Map<string, Set<string> | null>()
    for (const input of this.inputs) {
      const abs = resolve(input)
      const st = statOrUndefined(abs)
      if (st?.isDirectory()) {
        for (const dir of walkDirs(abs)) wanted.set(dir, null)
      } else {
        // A file (or one that is missing right now): watch its directory for its name.
        const dir = dirname(abs)
        const prev = wanted.get(dir)
        if (prev === null) continue
        const names = prev ?? new Set<string>()
        names.add(basename(abs))
        wanted.set(dir, names)
      }
    }
    const filters = new Map<string, Set<string>>()
    for (const [dir, names] of wanted) if (names) filters.set(dir, names)
    this.fileFilters = filters

    for (const [dir, w] of this.watches) {
      const st = statOrUndefined(dir)
      if (!wanted.has(dir) || !st || st.ino !== w.ino) {
        w.watcher.close()
        this.watches.delete(dir)
      }
    }
    for (const dir of wanted.keys()) {
      if (!this.watches.has(dir)) this.add(dir)
    }
  }

  /** The directories watched now (absolute, sorted). */
  get directories(): string[] {
    return [...this.watches.keys()].sort()
  }

  close(): void {
    this.closed = true
    for (const w of this.watches.values()) w.watcher.close()
    this.watches.clear()
  }

  private add(dir: string): void {
    const st = statOrUndefined(dir)
    if (!st?.isDirectory()) return
    let watcher: FSWatcher
    try {
      watcher = watch(dir, {persistent: true}, (_event, name) => this.event(dir, name === null ? null : String(name)))
    } catch {
      // Not watchable (permissions, inotify limit): the next rescan tries again.
      return
    }
    watcher.on('error', () => {
      watcher.close()
      if (this.watches.get(dir)?.watcher === watcher) this.watches.delete(dir)
      this.onChange()
    })
    this.watches.set(dir, {watcher, ino: st.ino})
  }

  private event(dir: string, name: string | null): void {
    if (this.closed) return
    const only = this.fileFilters.get(dir)
    if (only) {
      if (name === null || only.has(name)) this.onChange()
      return
    }
    // Inside an input directory: manifest files, new subdirectories, and watched subdirectories that went away.
    const full = name === null ? '' : join(dir, name)
    if (name === null || MANIFEST_EXT.test(name) || this.watches.has(full) || isDirectory(full)) {
      this.onChange()
    }
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

function isDirectory(p: string): boolean {
  return statOrUndefined(p)?.isDirectory() ?? false
}

/** `root` and every directory below it. */
function walkDirs(root: string): string[] {
  const out = [root]
  const stack = [root]
  while (stack.length > 0) {
    const dir = stack.pop() as string
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true})
    } catch {
      continue
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name)) continue
      const sub = join(dir, e.name)
      out.push(sub)
      stack.push(sub)
    }
  }
  return out
}
