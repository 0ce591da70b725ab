import {boolAnnotation} from './nginx-kinds.js'

/** `relative-redirects`: `absolute_redirect off`; it changes only redirects nginx builds from a relative URL, which no emulated annotation produces. */
export const relativeRedirects = boolAnnotation('relative-redirects', {
  summary: 'nginx absolute_redirect off (no local effect)',
  defaultValue: 'false',
  docs: 'Sets nginx `absolute_redirect off`. The redirects ingressctl emulates are absolute URLs already, so it changes nothing locally.',
})
