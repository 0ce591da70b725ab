/**
 * Sets of objects that belong together, for cross-object checks (lint).
 *
 * A repository often holds several environments side by side (`k8s/prod/`,
 * `k8s/staging/`) that define the same objects: read as one cluster, the
 * earlier definition would be dropped, with its problems. So the files are
 * grouped into sets, each linted as one cluster:
 *
 * - `auto` (default): under each input directory that holds a duplicate
 *   identity (same kind, namespace and name in two files), each subdirectory is
 *   a set of its own (recursively, as long as duplicates remain), and so is each
 *   file directly in it that defines an object another file defines too; the
 *   directory's other own files (no identity in common with any other file, e.g.
 *   a shared IngressClass) are added to every set. A directory with a kustomization file is one set: kustomize
 *   merges its objects, which lint cannot do (the set says so); a directory
 *   holding one below is split the same way.
 * - `dir`: each directory's own files are a set; `file`: each file; `all`: one set.
 *
 * Standard input and each file named directly are sets of their own in
 * `auto`, `dir` and `file` modes unless they hold no duplicate with the rest.
 * Duplicates within one set stay a finding (duplicate-object).
 */
import {basename, dirname, join, relative, sep} from 'node:path'
import type {Entry} from '../model/snapshot.js'

export const SET_MODES = ['auto', 'all', 'dir', 'file'] as const
export type SetMode = (typeof SET_MODES)[number]

export const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization'])

/** One read file (or stdin, or a Helm `# Source:` part of it) and what it defines. */
export interface SetMember {
  /** The name shown in diagnostics. */
  readonly display: string
  readonly entries: readonly Entry[]
}

/** One input (a path or `-`) and its members, in read order. */
export interface SetInput<M extends SetMember = SetMember> {
  /** As given; `-` for stdin. */
  readonly input: string
  /** True when the input is a directory (its files are grouped). */
  readonly directory: boolean
  readonly members: readonly M[]
}

export interface ManifestSet<M extends SetMember = SetMember> {
  /** A directory, a file, or `<all>`: shown to explain the grouping. */
  readonly name: string
  readonly members: readonly M[]
  /** The kustomization file of the set's directory, if any. */
  readonly kustomization?: string
}

function identity(e: Entry): string {
  return `${e.kind}\u0000${e.namespace}\u0000${e.name}`
}

/** Identities defined by more than one member (within one member a duplicate is not a reason to split). */
function sharedIdentities(members: readonly SetMember[]): Set<string> {
  const owner = new Map<string, SetMember>()
  const dup = new Set<string>()
  for (const m of members) {
    for (const e of m.entries) {
      const id = identity(e)
      const o = owner.get(id)
      if (o === undefined) owner.set(id, m)
      else if (o !== m) dup.add(id)
    }
  }
  return dup
}

function hasAny(m: SetMember, ids: ReadonlySet<string>): boolean {
  for (const e of m.entries) if (ids.has(identity(e))) return true
  return false
}

/** The first path segment of `file` below `dir`, or undefined when the file is directly in `dir`. */
function childDir(dir: string, file: string): string | undefined {
  const rel = relative(dir, file)
  const i = rel.indexOf(sep)
  return i < 0 ? undefined : rel.slice(0, i)
}

function kustomizationIn<M extends SetMember>(dir: string, members: readonly M[]): M | undefined {
  return members.find((m) => dirname(m.display) === dir && KUSTOMIZATION_FILES.has(basename(m.display)))
}

function splitDir<M extends SetMember>(dir: string, members: readonly M[]): ManifestSet<M>[] {
  const kustomization = kustomizationIn(dir, members)
  if (kustomization) return [{name: dir, members, kustomization: kustomization.display}]
  const dup = sharedIdentities(members)
  // A kustomization below: its directory must be a set of its own (kustomize merges it, lint cannot).
  const nested = members.some((m) => KUSTOMIZATION_FILES.has(basename(m.display)))
  if (dup.size === 0 && !nested) return [{name: dir, members}]
  const shared: M[] = []
  const units: ManifestSet<M>[] = []
  const sub = new Map<string, M[]>()
  for (const m of members) {
    const child = childDir(dir, m.display)
    if (child !== undefined) {
      const list = sub.get(child) ?? []
      list.push(m)
      sub.set(child, list)
    } else if (hasAny(m, dup)) units.push({name: m.display, members: [m]})
    else shared.push(m)
  }
  for (const [child, list] of [...sub].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    units.push(...splitDir(join(dir, child), list))
  }
  if (units.length === 0) return [{name: dir, members}]
  if (shared.length === 0) return units
  return units.map((u) => ({...u, members: [...shared, ...u.members]}))
}

function byDir<M extends SetMember>(members: readonly M[]): ManifestSet<M>[] {
  const groups = new Map<string, M[]>()
  for (const m of members) {
    const d = dirname(m.display)
    const list = groups.get(d) ?? []
    list.push(m)
    groups.set(d, list)
  }
  return [...groups].map(([d, list]) => {
    const k = kustomizationIn(d, list)
    return {name: d, members: list, ...(k ? {kustomization: k.display} : {})}
  })
}

/** Groups the inputs' members into sets (see the module comment). Deterministic: inputs in the order given. */
export function groupSets<M extends SetMember>(inputs: readonly SetInput<M>[], mode: SetMode): ManifestSet<M>[] {
  const all = inputs.flatMap((i) => i.members)
  if (mode === 'all') return all.length ? [{name: '<all>', members: all}] : []
  if (mode === 'file') return all.map((m) => ({name: m.display, members: [m]}))
  if (mode === 'dir') return byDir(all)
  // auto: inputs that share nothing with each other stay together (k8s/ingress.yaml k8s/services.yaml).
  const out: ManifestSet<M>[] = []
  const loose: M[] = []
  for (const i of inputs) {
    if (i.directory) out.push(...splitDir(i.input.replace(/[\\/]+$/, '') || i.input, i.members))
    else loose.push(...i.members)
  }
  if (loose.length) {
    const dup = sharedIdentities(loose)
    if (dup.size === 0 || loose.length === 1) out.unshift({name: loose.length === 1 ? loose[0]!.display : '<files>', members: loose})
    else {
      const shared = loose.filter((m) => !hasAny(m, dup))
      const units = loose.filter((m) => hasAny(m, dup))
      out.unshift(...units.map((m) => ({name: m.display, members: [...shared, m]})))
    }
  }
  return out
}
