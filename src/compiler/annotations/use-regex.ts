import {boolAnnotation} from './nginx-kinds.js'

/**
 * `use-regex`: every path of the host, across Ingresses, becomes a
 * case-insensitive regex location. Applied where locations are built
 * (src/compiler/nginx/locations.ts reads the same key); this module makes the
 * value checked and the annotation known as emulated.
 */
export const useRegex = boolAnnotation('use-regex', {
  summary: "Match every path of the host as a case-insensitive regular expression",
  defaultValue: 'false',
  docs: 'When any Ingress of a host sets it, every path of that host, from every Ingress, becomes a location `~* "^PATH"` tried in the controller\'s order (see "The ingress-nginx profile").',
})
