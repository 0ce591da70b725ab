import {stringAnnotation} from './nginx-kinds.js'

/**
 * `app-root`: `if ($uri = /) { return 302 $scheme://$http_host<root>; }` in
 * the server (nginx.tmpl). ingress-nginx accepts a path only (url.ParseRequestURI,
 * not an absolute URL) and otherwise ignores the annotation.
 */
export const appRoot = stringAnnotation(
  'app-root',
  {
    summary: 'Redirect / to this path (302)',
    values: ['a path starting with /'],
    docs: 'A request for `/` on the host is redirected (302) to `$scheme://$http_host` followed by this path.',
    hint: 'Write a path such as /app1.',
  },
  (v) => (v.startsWith('/') && !/\s/.test(v) ? undefined : 'a path starting with / is expected'),
)
