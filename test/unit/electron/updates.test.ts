// The update check: off (and silent) without a feed; with one, a validated JSON document compared
// by semantic version, failures reported rather than thrown.
import { describe, expect, it, vi } from 'vitest'
import { checkForUpdates, compareVersions, releaseFeedUrl, resolveFeedUrl, scheduleUpdateCheck } from '../../../src-main/electron/updates'

const feed = 'https://releases.example.test/dca/latest.json'
const answer = (body: unknown, status = 200) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }))

describe('update check', () => {
  it('ships with no feed, so it is off', () => {
    expect(releaseFeedUrl).toBeNull()
    expect(resolveFeedUrl({})).toBeNull()
  })

  it('accepts only https feed URLs without credentials', () => {
    expect(resolveFeedUrl({ DCA_UPDATE_FEED_URL: feed })).toBe(feed)
    expect(resolveFeedUrl({}, feed)).toBe(feed)
    expect(resolveFeedUrl({ DCA_UPDATE_FEED_URL: 'http://releases.example.test/latest.json' })).toBeNull()
    expect(resolveFeedUrl({ DCA_UPDATE_FEED_URL: 'https://u:p@releases.example.test/' })).toBeNull()
    expect(resolveFeedUrl({ DCA_UPDATE_FEED_URL: 'not a url' })).toBeNull()
    expect(resolveFeedUrl({ DCA_UPDATE_FEED_URL: '  ' })).toBeNull()
  })

  it('makes no request at all when off', async () => {
    const fetch = vi.fn()
    expect(await checkForUpdates({ feedUrl: null, currentVersion: '0.1.0', fetch })).toEqual({ status: 'disabled' })
    const setTimer = vi.fn()
    expect(scheduleUpdateCheck({ feedUrl: null, currentVersion: '0.1.0', fetch, setTimer, onResult: vi.fn() })).toBe(false)
    expect(setTimer).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('reports a newer release with its download link and notes', async () => {
    const fetch = answer({ version: '0.2.0', url: 'https://releases.example.test/dca/0.2.0', notes: 'Fixes' })
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '0.1.0', fetch })).toEqual({
      status: 'available',
      current: '0.1.0',
      latest: '0.2.0',
      url: 'https://releases.example.test/dca/0.2.0',
      notes: 'Fixes',
    })
    expect(fetch).toHaveBeenCalledWith(feed, expect.objectContaining({ redirect: 'error' }))
  })

  it('reports up to date for the same or an older release', async () => {
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '0.2.0', fetch: answer({ version: '0.2.0' }) })).toMatchObject({ status: 'current' })
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '1.0.0', fetch: answer({ version: '0.9.9' }) })).toMatchObject({ status: 'current' })
  })

  it('reports failures: HTTP errors, invalid documents, non-https download links, network errors', async () => {
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '0.1.0', fetch: answer({}, 503) })).toEqual({ status: 'failed', reason: 'the feed answered HTTP 503' })
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '0.1.0', fetch: answer({ version: 'latest' }) })).toMatchObject({ status: 'failed' })
    expect(
      await checkForUpdates({ feedUrl: feed, currentVersion: '0.1.0', fetch: answer({ version: '0.2.0', url: 'http://plain.example.test/' }) }),
    ).toMatchObject({ status: 'failed' })
    const offline = vi.fn(async () => {
      throw new TypeError('fetch failed')
    })
    expect(await checkForUpdates({ feedUrl: feed, currentVersion: '0.1.0', fetch: offline })).toEqual({ status: 'failed', reason: 'fetch failed' })
  })

  it('schedules one check after start-up when a feed is configured', async () => {
    let fire: (() => void) | undefined
    const setTimer = vi.fn((callback: () => void) => {
      fire = callback
      return {}
    })
    const onResult = vi.fn()
    expect(scheduleUpdateCheck({ feedUrl: feed, currentVersion: '0.1.0', fetch: answer({ version: '0.3.0' }), setTimer, onResult, delayMs: 5000 })).toBe(true)
    expect(setTimer).toHaveBeenCalledWith(expect.any(Function), 5000)
    fire!()
    await vi.waitFor(() => expect(onResult).toHaveBeenCalledWith(expect.objectContaining({ status: 'available', latest: '0.3.0' })))
  })

  it('orders versions semantically', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1)
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0)
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1)
    expect(compareVersions('1.0.0', '1.0.0-rc.1')).toBe(1)
    expect(compareVersions('1.0.0-alpha', '1.0.0-beta')).toBe(-1)
    expect(compareVersions('0.9.0', '0.10.0')).toBe(-1)
  })
})
