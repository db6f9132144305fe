// The Electron fuses a release build gets, by @electron/fuses' FuseV1Options name. Plain data so
// the packaging test can check it without an Electron binary; after-pack.mjs flips them.

/** Set DCA_E2E_BUILD=1 to package a build Playwright can drive (it needs --inspect / CDP). */
export const e2eBuildVariable = 'DCA_E2E_BUILD'

/** @param {Record<string, string | undefined>} env */
export function isE2eBuild(env) {
  return env[e2eBuildVariable] === '1'
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, boolean>}
 */
export function fuseSettings(env) {
  return {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
    RunAsNode: false,
    // Cookies and other Chromium secrets are encrypted with an OS-keychain key.
    EnableCookieEncryption: true,
    // NODE_OPTIONS could preload arbitrary code into the main process.
    EnableNodeOptionsEnvironmentVariable: false,
    // --inspect and friends: only for builds made for the Electron E2E tests.
    EnableNodeCliInspectArguments: isE2eBuild(env),
    // The app.asar must match the hash embedded at packaging time (Info.plist / Windows resource).
    EnableEmbeddedAsarIntegrityValidation: true,
    // Never load the app from a loose folder next to the asar.
    OnlyLoadAppFromAsar: true,
  }
}
