import {execFile, spawn} from 'node:child_process'
import {InputError} from '../errors.js'

/** Manifest files the loader would read from a directory: same extensions, same skipped names. */
const MANIFEST = /\.(ya?ml|json)$/i
const SKIPPED = /(^|\/)(\.[^/]*|node_modules)(\/|$)/

export interface GitFile {
  /** `REV:path` (path relative to the current directory), for messages. */
  readonly display: string
  readonly text: string
}

function git(args: readonly string[], cwd: string): Promise<{code: number; stdout: Buffer; stderr: string}> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], {cwd, encoding: 'buffer', maxBuffer: 1 << 30}, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & {code?: number | string}) | null
      if (e && e.code === 'ENOENT') {
        reject(new InputError('E_GIT', 'git is not installed (needed for --base)', {hint: 'install git, or compare two paths: ingressctl diff OLD NEW'}))
        return
      }
      resolve({code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr: stderr.toString('utf8').trim()})
    })
  })
}

/** Checks that `rev` names a commit of the repository at `cwd`. */
export async function verifyRevision(rev: string, cwd: string): Promise<void> {
  const top = await git(['rev-parse', '--show-toplevel'], cwd)
  if (top.code !== 0) {
    throw new InputError('E_GIT', `--base ${rev}: ${cwd} is not inside a git repository`, {
      hint: 'run diff --base from a git checkout, or compare two paths: ingressctl diff OLD NEW',
    })
  }
  if (rev.startsWith('-')) throw new InputError('E_GIT_REV', `--base ${rev}: not a revision`, {hint: 'give a branch, tag or commit, e.g. --base origin/main'})
  const ok = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], cwd)
  if (ok.code !== 0) {
    throw new InputError('E_GIT_REV', `--base ${rev}: unknown revision`, {
      hint: 'give a branch, tag or commit that exists locally (in CI, fetch it first: git fetch origin main, then --base origin/main)',
    })
  }
}

/**
 * The manifest files under `paths` (files or directories, relative to `cwd`)
 * as they are at `rev`, sorted. A path that does not exist at `rev` yields
 * nothing (the change adds it).
 */
export async function readAtRevision(rev: string, paths: readonly string[], cwd: string): Promise<GitFile[]> {
  const listed = await git(['ls-tree', '-r', '-z', '--end-of-options', rev, '--', ...paths], cwd)
  if (listed.code !== 0) throw new InputError('E_GIT', `git ls-tree ${rev}: ${listed.stderr || 'failed'}`, {hint: 'check the revision and the paths'})
  const explicit = new Set(paths.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')))
  const blobs: Array<{oid: string; path: string}> = []
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    // `<mode> SP <type> SP <oid> TAB <path>`
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry)
    if (!m || m[2] !== 'blob' || m[1] === '120000') continue
    const path = m[4]
    // A file named explicitly is read whatever its name; files found in a directory follow the loader's rules.
    if (!explicit.has(path) && (!MANIFEST.test(path) || SKIPPED.test(path))) continue
    blobs.push({oid: m[3], path})
  }
  blobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const texts = await catBlobs(
    blobs.map((b) => b.oid),
    cwd,
  )
  return blobs.map((b, i) => ({display: `${rev}:${b.path}`, text: texts[i]}))
}

/** Blob contents through one `git cat-file --batch` process. */
function catBlobs(oids: readonly string[], cwd: string): Promise<string[]> {
  if (oids.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {cwd, stdio: ['pipe', 'pipe', 'pipe']})
    const chunks: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new InputError('E_GIT', `git cat-file: ${stderr.trim() || `exit ${code}`}`, {hint: 'check the repository'}))
        return
      }
      const out = Buffer.concat(chunks)
      const texts: string[] = []
      let at = 0
      for (let i = 0; i < oids.length; i++) {
        const nl = out.indexOf(0x0a, at)
        const header = out.toString('utf8', at, nl).split(' ')
        const size = Number(header[2])
        texts.push(out.toString('utf8', nl + 1, nl + 1 + size))
        at = nl + 1 + size + 1
      }
      resolve(texts)
    })
    child.stdin.end(oids.join('\n') + '\n')
  })
}
