import {intAnnotation} from './nginx-kinds.js'

/** `permanent-redirect-code`: 300–308, anything else gives 301 (redirect/redirect.go). */
export const permanentRedirectCode = intAnnotation('permanent-redirect-code', {
  summary: 'Status of permanent-redirect (300–308, default 301)',
  values: ['300–308'],
  defaultValue: '301',
  docs: 'Status code of the `permanent-redirect` answer; a number outside 300–308 gives 301, as in ingress-nginx.',
})
