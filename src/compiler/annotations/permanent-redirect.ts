import {httpUrlProblem, stringAnnotation} from './nginx-kinds.js'

/** `permanent-redirect`: `return <code> <url>;` in the location instead of proxying (redirect/redirect.go). */
export const permanentRedirect = stringAnnotation(
  'permanent-redirect',
  {
    summary: 'Answer every request with a redirect to this URL (301)',
    values: ['an http(s) URL, nginx variables allowed'],
    docs: 'Requests are answered with a redirect to this URL (status from `permanent-redirect-code`, 301 by default) instead of being proxied. nginx variables such as `$request_uri` are expanded. `temporal-redirect` wins when both are set.',
    hint: 'Write an absolute http:// or https:// URL.',
  },
  httpUrlProblem,
)
