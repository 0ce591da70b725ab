import {Worker} from 'node:worker_threads'
import type {CompileOptions} from '../../compiler/index.js'
import type {InputFile} from '../../loader/index.js'
import type {SourceUpdate} from '../types.js'
import {updateOf, type WorkerReply, type WorkerRequest} from './worker-message.js'

const WORKER = new URL('./compile-worker.js', import.meta.url)

/**
 * Loads and compiles `files` in a fresh worker thread, terminated once it has
 * answered, so the load's garbage and heap growth never reach the main isolate
 * (see compile-worker.ts). Rejects with the loader's own error (an InputError
 * for empty or unreadable input), as loadManifests does, or with the signal's
 * reason when it aborts (the worker is then terminated at once).
 */
export async function loadAndCompileInWorker(files: readonly InputFile[], stdinText: string | undefined, options: CompileOptions, signal?: AbortSignal, namespace?: string): Promise<SourceUpdate> {
  signal?.throwIfAborted()
  const request: WorkerRequest = {
    files: [...files],
    ...(stdinText === undefined ? {} : {stdinText}),
    ...(options.ingressClass ? {ingressClass: options.ingressClass} : {}),
    ...(namespace === undefined ? {} : {namespace}),
  }
  const worker = new Worker(WORKER, {workerData: request})
  let onAbort: (() => void) | undefined
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`the manifest loader thread exited (code ${code}) without an answer`)))
      onAbort = () => reject(signal!.reason)
      signal?.addEventListener('abort', onAbort, {once: true})
    })
    return updateOf(reply)
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    await worker.terminate()
  }
}
