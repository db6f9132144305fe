// The save dialog behind CSV export: core asks for a path through this port and never imports electron.
import { app, dialog, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import type { ExportPathChooser } from '../core/export'

export function createExportPathChooser(parentWindow: () => BrowserWindow | null): ExportPathChooser {
  return async ({ defaultFileName }) => {
    const options = {
      title: 'Export CSV',
      defaultPath: join(app.getPath('documents'), defaultFileName),
      filters: [
        { name: 'CSV', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
      // The Export page asks before replacing a file itself, in the UI language.
      properties: ['createDirectory' as const],
    }
    const parent = parentWindow()
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) return null
    // A name typed without an extension gets .csv; one with any extension is the user's choice.
    return /\.[^\\/.]+$/.test(result.filePath) ? result.filePath : `${result.filePath}.csv`
  }
}
