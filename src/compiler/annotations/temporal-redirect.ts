import {httpUrlProblem, stringAnnotation} from './nginx-kinds.js'

/** `temporal-redirect`: `return <code> <url>;` in the location; wins over permanent-redirect (redirect/redirect.go). */
export const temporalRedirect = stringAnnotation(
  'temporal-redirect',
  {
    summary: 'Answer every request with a redirect to this URL (302)',
    values: ['an http(s) URL, nginx variables allowed'],
    docs: 'Requests are answered with a redirect to this URL (status from `temporal-redirect-code`, 302 by default) instead of being proxied; it wins over `permanent-redirect`.',
    hint: 'Write an absolute http:// or https:// URL.',
  },
  httpUrlProblem,
)
