import {homedir} from 'node:os'
import {join} from 'node:path'

/** Environment variable that overrides the configuration directory (tests, portable setups). */
export const CONFIG_DIR_ENV = 'INGRESSCTL_CONFIG_DIR'

/**
 * ingressctl's configuration directory: $INGRESSCTL_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/ingressctl, else ~/.config/ingressctl.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[CONFIG_DIR_ENV]
  if (override) return override
  const xdg = env.XDG_CONFIG_HOME
  if (xdg) return join(xdg, 'ingressctl')
  return join(homedir(), '.config', 'ingressctl')
}

/** Where the local development CA lives. */
export function caDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'ca')
}
