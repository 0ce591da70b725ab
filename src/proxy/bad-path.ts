/** The answer to a request whose path nginx refuses before location selection (see table/normalize-path.ts). */
import {normalizeRequestPath} from '../table/normalize-path.js'
import type {Problem} from './problems.js'

export function badPath(target: string): Problem {
  const why = normalizeRequestPath(target).rejected ?? 'it cannot be normalised'
  return {
    status: 400,
    error: 'bad-path',
    title: 'Bad Request',
    message: `the request path is invalid: ${why}`,
    hint: 'ingress-nginx answers 400 to this path as well; escape "%" as %25 and keep ".." below the root',
    // gRPC's HTTP-to-status mapping: 400 → INTERNAL.
    grpcStatus: 13,
    details: {target},
  }
}
