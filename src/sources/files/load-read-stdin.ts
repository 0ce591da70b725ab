import {Readable} from 'node:stream'
import {loadFiles, type InputFile, type LoadResult} from '../../loader/index.js'

/** loadFiles with the text of `-` read beforehand: a FileSource reads stdin once and every load (here or in the worker) reuses it. */
export function loadFilesWithStdinText(files: readonly InputFile[], stdinText: string | undefined): Promise<LoadResult> {
  return loadFiles(files, stdinText === undefined ? {} : {stdin: Readable.from([stdinText])})
}
