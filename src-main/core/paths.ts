// Where the app keeps its data: the same folder Electron's app.getPath('userData') would give, so
// the app and the CLI share one store. Pure: the caller passes platform, environment and home.
import { join } from 'node:path'

export const productName = 'Defender Connected Apps'

export interface PathEnvironment {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  homeDir: string
}

export function defaultAppDataRoot({ platform, env, homeDir }: PathEnvironment): string {
  if (platform === 'win32') return env.APPDATA ?? join(homeDir, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(homeDir, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/')
    ? env.XDG_CONFIG_HOME
    : join(homeDir, '.config')
}

/** The data directory: `DCA_DATA_DIR` wins, then the OS's app-data location. */
export function resolveDataDir(environment: PathEnvironment, override?: string): string {
  const explicit = override ?? environment.env.DCA_DATA_DIR
  if (explicit && explicit.trim() !== '') return explicit
  return join(defaultAppDataRoot(environment), productName)
}

export function logDirFor(dataDir: string): string {
  return join(dataDir, 'logs')
}
