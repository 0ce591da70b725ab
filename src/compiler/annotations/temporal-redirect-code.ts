import {intAnnotation} from './nginx-kinds.js'

/** `temporal-redirect-code`: 300–307, anything else gives 302 (redirect/redirect.go). */
export const temporalRedirectCode = intAnnotation('temporal-redirect-code', {
  summary: 'Status of temporal-redirect (300–307, default 302)',
  values: ['300–307'],
  defaultValue: '302',
  docs: 'Status code of the `temporal-redirect` answer; a number outside 300–307 gives 302, as in ingress-nginx.',
})
