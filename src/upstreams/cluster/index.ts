/**
 * Upstreams in cluster mode: how the gateway reaches the pods behind a Service.
 *
 *   import {createClusterResolver} from '../upstreams/cluster/index.js'
 *
 *   const upstreams = createClusterResolver({
 *     kubeConfig: source.kubeConfig,   // ClusterSource#kubeConfig (the loaded KubeConfig, context selected)
 *     mode: 'auto',                    // --upstream auto|direct|port-forward
 *     maps: flags.map ?? [],           // raw --map values: [NAMESPACE/]SERVICE[:PORT]=URL (UsageError when malformed)
 *   })
 *   upstreams.mode                     // 'direct' | 'port-forward' (what 'auto' chose), for the banner
 *   const resolver = upstreams.resolverFor(update.snapshot)  // immutable UpstreamResolver for this snapshot;
 *                                      // swap it together with the RouteTable compiled from the same snapshot
 *   await upstreams.close()            // closes open port-forward tunnels (on shutdown)
 *
 * Resolution order for a Service backend: `--map` overrides, then the mode
 * (ready EndpointSlice addresses for `direct`, tunnels through the API
 * server's pod port-forward subresource for `port-forward`), then Services of
 * type ExternalName (direct DNS name), else `unresolved` with a hint.
 */
export {createClusterResolver} from './resolver.js'
export type {ClusterResolver, ClusterResolverOptions, UpstreamMode} from './resolver.js'
