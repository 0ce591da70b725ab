import {backendProtocol} from './backend-protocol.js'
import type {AnnotationDefinition} from './types.js'

/** Every annotation the compiler understands, by key. Add one module per annotation and list it here. */
export const ANNOTATIONS: ReadonlyMap<string, AnnotationDefinition> = new Map(
  ([backendProtocol] as AnnotationDefinition[]).map((a) => [a.key, a]),
)
