// The save-dialog port against a mocked `electron`: defaults to Documents with a CSV filter, adds
// .csv to a bare name, keeps a typed extension, and answers null when the dialog is cancelled.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const showSaveDialog = vi.fn()
vi.mock('electron', () => ({
  app: { getPath: (name: string) => `/home/admin/${name}` },
  dialog: { showSaveDialog: (...args: unknown[]) => showSaveDialog(...args) },
}))

const { createExportPathChooser } = await import('../../../src-main/electron/export-dialog')

beforeEach(() => showSaveDialog.mockReset())

describe('createExportPathChooser', () => {
  it('opens the dialog on the window, in Documents, filtered to CSV', async () => {
    const window = { id: 1 }
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/admin/documents/usage.csv' })
    const choose = createExportPathChooser(() => window as never)
    await expect(choose({ defaultFileName: 'usage.csv', what: 'usage' })).resolves.toBe('/home/admin/documents/usage.csv')
    const [parent, options] = showSaveDialog.mock.calls[0]!
    expect(parent).toBe(window)
    expect(options).toMatchObject({ defaultPath: '/home/admin/documents/usage.csv', filters: [{ name: 'CSV', extensions: ['csv'] }, expect.anything()] })
  })

  it.each([
    ['/tmp/report', '/tmp/report.csv'],
    ['/tmp/report.txt', '/tmp/report.txt'],
    ['/tmp/v1.2/report', '/tmp/v1.2/report.csv'],
  ])('turns %s into %s', async (picked, expected) => {
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: picked })
    await expect(createExportPathChooser(() => null)({ defaultFileName: 'x.csv', what: 'usage' })).resolves.toBe(expected)
  })

  it('answers null when cancelled', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' })
    await expect(createExportPathChooser(() => null)({ defaultFileName: 'x.csv', what: 'alerts' })).resolves.toBeNull()
  })
})
