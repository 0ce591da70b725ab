import type {KubeConfig} from '@kubernetes/client-node'
import {PortForwardTunnel, type PodPort} from './tunnel.js'

/** How long a pod whose tunnel failed is avoided, unless a new snapshot says otherwise. */
export const FAILED_POD_MS = 10_000

/** How long a request may still use a tunnel to a pod that left the ready endpoints. */
export const RETIRE_GRACE_MS = 30_000

/**
 * The open port-forward tunnels, by pod. Retires every tunnel of a pod that
 * left the EndpointSlices (or whose tunnel failed: the pod or port is gone),
 * and remembers failed pods for a while so that the next connection picks a
 * live pod.
 */
export class TunnelRegistry {
  private readonly kubeConfig: KubeConfig
  private readonly open = new Map<string, Set<PortForwardTunnel>>()
  private readonly failedPods = new Map<string, number>()
  private readonly now: () => number
  private closed = false
  /** Tunnels opened since start (for the routes UI and tests). */
  opened = 0

  constructor(kubeConfig: KubeConfig, now: () => number = Date.now) {
    this.kubeConfig = kubeConfig
    this.now = now
  }

  /** A new tunnel to the pod port (one per upstream connection; the engine pools them for keep-alive). */
  connect(target: PodPort): PortForwardTunnel {
    const key = podKey(target.namespace, target.pod)
    const tunnel = new PortForwardTunnel(this.kubeConfig, target, {
      onFailure: (kind) => {
        if (kind === 'pod') this.failedPods.set(key, this.now())
      },
    })
    this.opened++
    if (this.closed) {
      tunnel.destroy(Object.assign(new Error('the gateway is shutting down'), {code: 'ECONNREFUSED'}))
      return tunnel
    }
    let set = this.open.get(key)
    if (!set) this.open.set(key, (set = new Set()))
    set.add(tunnel)
    tunnel.once('close', () => {
      set.delete(tunnel)
      if (set.size === 0 && this.open.get(key) === set) this.open.delete(key)
    })
    return tunnel
  }

  /** True while a tunnel to this pod failed recently (the pod or its port is gone). */
  isFailed(namespace: string, pod: string): boolean {
    const at = this.failedPods.get(podKey(namespace, pod))
    if (at === undefined) return false
    if (this.now() - at > FAILED_POD_MS) {
      this.failedPods.delete(podKey(namespace, pod))
      return false
    }
    return true
  }

  get hasFailedPods(): boolean {
    return this.failedPods.size > 0
  }

  /** Number of open tunnels, optionally to one pod. */
  count(namespace?: string, pod?: string): number {
    if (namespace !== undefined && pod !== undefined) return this.open.get(podKey(namespace, pod))?.size ?? 0
    let n = 0
    for (const s of this.open.values()) n += s.size
    return n
  }

  /** A new snapshot: close the tunnels of pods that are no longer ready endpoints; forget failures of pods that left. */
  retainPods(live: ReadonlySet<string>): void {
    for (const [key, set] of this.open) {
      if (live.has(key)) continue
      for (const t of set) t.retire(RETIRE_GRACE_MS)
    }
    for (const key of this.failedPods.keys()) if (!live.has(key)) this.failedPods.delete(key)
  }

  async close(): Promise<void> {
    this.closed = true
    const all = [...this.open.values()].flatMap((s) => [...s])
    await Promise.all(
      all.map(
        (t) =>
          new Promise<void>((resolve) => {
            if (t.destroyed) return resolve()
            t.once('close', () => resolve())
            t.destroy()
          }),
      ),
    )
    this.open.clear()
  }
}

export function podKey(namespace: string, pod: string): string {
  return `${namespace}/${pod}`
}
