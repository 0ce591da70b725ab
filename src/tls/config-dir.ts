import {join} from 'node:path'
import envPaths from 'env-paths'

/** Environment variable that overrides the configuration directory (tests, portable setups). */
export const CONFIG_DIR_ENV = 'INGRESSCTL_CONFIG_DIR'

/**
 * ingressctl's configuration directory: $INGRESSCTL_CONFIG_DIR, else the
 * operating system's convention, from env-paths: $XDG_CONFIG_HOME/ingressctl
 * (~/.config/ingressctl) on Linux and other Unixes, ~/Library/Application
 * Support/ingressctl on macOS (Apple's place for an application's own files;
 * ~/Library/Preferences is for property lists), %APPDATA%\ingressctl\Config on
 * Windows. The OS paths follow the process's own environment.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[CONFIG_DIR_ENV]
  if (override) return override
  const paths = envPaths('ingressctl', {suffix: ''})
  return process.platform === 'darwin' ? paths.data : paths.config
}

/** Where the local development CA lives. */
export function caDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'ca')
}
