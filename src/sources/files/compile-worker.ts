/**
 * Worker thread entry: loads the manifests and compiles them, then posts the
 * compiled parts and the kinds serve keeps (worker-message.ts). Parsing ten
 * thousand Ingresses allocates far more than the table it yields (js-yaml's
 * values, the position stores, the file texts, the compiler's drafts); done
 * here, that peak lives and dies with this thread's heap instead of growing the
 * main isolate, which V8 and malloc never give back (serve at 10,000 Ingresses:
 * RSS 1 s after start ~165 -> ~106 MB).
 */
import {parentPort, workerData} from 'node:worker_threads'
import {compileParts} from '../../compiler/index.js'
import {hasErrors} from '../../model/diagnostics.js'
import type {PrecompiledTable} from '../types.js'
import {inNamespace} from '../namespace-filter.js'
import {loadFilesWithStdinText} from './load-read-stdin.js'
import {plainError, plainUpstreams, type WorkerReply, type WorkerRequest} from './worker-message.js'

async function run(req: WorkerRequest): Promise<WorkerReply> {
  try {
    const read = await loadFilesWithStdinText(req.files, req.stdinText)
    const loaded = {...read, snapshot: inNamespace(read.snapshot, {namespace: req.namespace})}
    let compiled: PrecompiledTable
    try {
      compiled = {ok: true, parts: compileParts(loaded.snapshot, req.ingressClass ? {ingressClass: req.ingressClass} : {})}
    } catch (err) {
      compiled = {ok: false, message: err instanceof Error ? err.message : String(err)}
    }
    return {ok: true, upstreams: plainUpstreams(loaded.snapshot), diagnostics: loaded.diagnostics, partial: hasErrors(loaded.diagnostics), compiled}
  } catch (err) {
    return {ok: false, error: plainError(err)}
  }
}

parentPort!.postMessage(await run(workerData as WorkerRequest))
