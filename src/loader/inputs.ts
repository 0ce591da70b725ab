import {readdir, readFile, realpath, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {InputError} from '../errors.js'

export const STDIN = '<stdin>'
const MANIFEST = /\.(ya?ml|json)$/i

/** One manifest to read: the name shown in messages, and the real path (or stdin). */
export interface InputFile {
  /** As the user gave it; files found in a directory are joined to the directory as given. */
  readonly display: string
  /** Resolved real path, for de-duplication; STDIN for `-`. */
  readonly real: string
  /** Bytes when the inputs were expanded (0 for stdin): serve decides from the total where to parse them. */
  readonly size: number
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code
}

function unreadable(path: string, e: unknown): InputError {
  const code = errno(e)
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new InputError('E_NOT_FOUND', 'no such file or directory', {
      hint: 'check the path (relative paths are taken from the current directory)',
      location: path,
      cause: e,
    })
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError('E_UNREADABLE', 'permission denied', {hint: 'make the file readable, or leave it out', location: path, cause: e})
  }
  return new InputError('E_UNREADABLE', `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`, {
    hint: 'pass a readable manifest file or directory',
    location: path,
    cause: e,
  })
}

/**
 * Manifest files under a directory, sorted, recursively. Skips hidden entries
 * (`.git`, `.ingressctl.yaml`) and node_modules; follows symlinks, visiting
 * each real directory once so a link loop ends.
 */
async function walk(dir: string, real: string, seen: Set<string>, out: InputFile[]): Promise<void> {
  if (seen.has(real)) return
  seen.add(real)
  let names: string[]
  try {
    names = (await readdir(real)).sort()
  } catch (e) {
    throw unreadable(dir, e)
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue
    const display = join(dir, name)
    const full = join(real, name)
    let target: string
    let info
    try {
      target = await realpath(full)
      info = await stat(target)
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ELOOP') continue // a dangling symlink is not a manifest
      throw unreadable(display, e)
    }
    if (info.isDirectory()) await walk(display, target, seen, out)
    else if (info.isFile() && MANIFEST.test(name)) out.push({display, real: target, size: info.size})
  }
}

/** Expands the user's inputs to the files to read (stdin as STDIN). Throws InputError for missing paths and empty directories. */
export async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  if (inputs.length === 0) {
    throw new InputError('E_NO_INPUT', 'no manifests given', {
      hint: 'name manifest files or directories (-f PATH, repeatable), or - to read standard input',
    })
  }
  const files: InputFile[] = []
  for (const input of inputs) {
    if (input === '-') {
      files.push({display: STDIN, real: STDIN, size: 0})
      continue
    }
    let real: string
    let info
    try {
      real = await realpath(input)
      info = await stat(real)
    } catch (e) {
      throw unreadable(input, e)
    }
    if (info.isDirectory()) {
      const found: InputFile[] = []
      await walk(input, real, new Set(), found)
      if (found.length === 0) {
        throw new InputError('E_NO_MANIFESTS', 'directory has no .yaml, .yml or .json files', {
          hint: 'point at the directory that holds the manifests, or render them first (helm template ... | ingressctl ... -)',
          location: input,
        })
      }
      files.push(...found)
    } else {
      files.push({display: input, real, size: info.size})
    }
  }
  // Each file once (a file named twice, or found again through a directory or a link), in sorted order.
  const unique = new Map<string, InputFile>()
  for (const f of files) if (!unique.has(f.real)) unique.set(f.real, f)
  return [...unique.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0))
}

export async function readInputFile(f: InputFile, stdin: NodeJS.ReadableStream | undefined): Promise<string> {
  if (f.real === STDIN) return readStdin(stdin ?? process.stdin)
  try {
    return await readFile(f.real, 'utf8')
  } catch (e) {
    throw unreadable(f.display, e)
  }
}

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  if ((stream as NodeJS.ReadStream).isTTY) {
    throw new InputError('E_STDIN_TTY', 'standard input is a terminal, not a manifest stream', {
      hint: 'pipe manifests in, e.g. `helm template . | ingressctl lint -` or `kubectl get ingress -A -o yaml | ...`',
      location: STDIN,
    })
  }
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
