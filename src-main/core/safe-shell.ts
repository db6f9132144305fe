// Opens external URLs in the system browser, but only those on the allow-list; refusals are logged
// and reported to the caller. The launcher (Electron's shell.openExternal, or a test recorder) is
// injected so this runs under plain Node.
import { AppError } from '../contract'
import type { Logger } from './log'
import { checkExternalUrl } from './safe-url'

export interface SafeShell {
  /** Opens the URL or throws AppError('url_not_allowed'). */
  open(url: string): Promise<void>
  /** True when open(url) would launch it. */
  allows(url: string): boolean
}

export interface SafeShellOptions {
  launch: (url: string) => Promise<void>
  log: Logger
  /** Origins allowed in addition to the portals, e.g. the configured sign-in authority. */
  extraOrigins?: () => readonly string[]
}

export function createSafeShell({ launch, log, extraOrigins = () => [] }: SafeShellOptions): SafeShell {
  return {
    allows: (url) => checkExternalUrl(url, extraOrigins()).allowed,
    async open(url) {
      const check = checkExternalUrl(url, extraOrigins())
      if (!check.allowed) {
        log.warn(`Refused to open an external URL: ${check.reason}`, { url: url.slice(0, 200) })
        throw new AppError('url_not_allowed', `This link was not opened: ${check.reason}.`)
      }
      await launch(check.url)
    },
  }
}
