/** Flat HTTP field lists (`[name, value, name, value, …]`, as Node's rawHeaders): edits in place. */

/** Removes, in place, every field named `lower` (lower case; names compared in any case). */
export function removeField(list: string[], lower: string): void {
  let w = 0
  for (let r = 0; r < list.length; r += 2) {
    if (list[r]!.toLowerCase() === lower) continue
    list[w++] = list[r]!
    list[w++] = list[r + 1]!
  }
  list.length = w
}
