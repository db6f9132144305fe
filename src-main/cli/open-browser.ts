// Opens a URL with the operating system's handler, for interactive sign-in from the CLI. The URL
// has already passed the safe shell's allow-list; it is passed as one argument, never through a shell.
import { spawn } from 'node:child_process'

export function openInSystemBrowser(url: string): Promise<void> {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
    : ['xdg-open', [url]]
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.once('error', (error) => reject(new Error(`Could not start ${command} to open the browser: ${error.message}. Use --auth device-code instead.`)))
    child.once('spawn', () => {
      child.unref()
      resolve()
    })
  })
}
