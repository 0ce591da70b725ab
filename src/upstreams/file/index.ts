export {createFileResolver, FileResolver, mapHint, type FileResolverOptions} from './resolver.js'
export {parseMapFlag, parseMapFlags, type MapEntry} from './map-flag.js'
