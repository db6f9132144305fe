// English text for signed-in accounts and other tenants, the Log Analytics workspace setting and
// the last sync's notices; merged into en.ts.
export default {
  accounts: {
    heading: 'Accounts and tenants',
    intro:
      'The accounts signed in to this app and the tenant each one reads. Sign out of one to remove its tokens from this computer; its tenant’s local history stays.',
    none: 'No account is signed in.',
    tenant: 'Tenant {tenant}',
    signOut: 'Sign out',
    signOutAccount: 'Sign out {name}',
    signedOut: 'Signed out.',
    add: {
      heading: 'Add a tenant',
      intro:
        'For admins who manage several tenants (for example an MSSP): sign in to another tenant with the same app registration. The app must be consented to in that tenant.',
      label: 'Tenant ID or verified domain',
      hint: 'A GUID such as 00000000-0000-0000-0000-000000000000, or a verified domain such as fabrikam.onmicrosoft.com.',
      submit: 'Sign in to this tenant',
      waiting: 'Finish the sign-in in your browser.',
      cancel: 'Cancel sign-in',
      added:
        'Signed in to tenant {tenant} as {name}. Pick it in the tenant switcher on Connected apps.',
      notConfigured:
        'Set the tenant and client ID above first: other tenants are signed in to with the same app registration.',
      link: 'Add a tenant',
      errors: {
        empty: 'Enter the tenant ID or a verified domain of the tenant to add.',
        invalid:
          'This is neither a tenant ID (a GUID) nor a domain such as fabrikam.onmicrosoft.com. Check it and try again.',
      },
    },
  },
  workspace: {
    label: 'Log Analytics workspace ID (optional)',
    hint: 'When set, sync also reads the sign-in logs your tenant sends to this workspace: history older than the 30 days Entra keeps, and totals counted on the server. It needs the Log Analytics Reader role on the workspace, and a new sign-in after saving so the app can ask for the Log Analytics Data.Read permission. Leave it empty to read Entra only.',
    error:
      'Enter the workspace ID as a GUID, like 00000000-0000-0000-0000-000000000000 (Log Analytics workspace → Overview → Workspace ID).',
    signIn: 'Sign in again',
    signInAgain:
      'Saved. Sign in again so the app can ask for access to the Log Analytics workspace.',
  },
  syncNotice: {
    label: 'About the last sync',
    logAnalyticsFailed:
      'The Log Analytics workspace could not be read in the last sync; the rest of the sync finished. {message}',
    mismatches:
      'In the last sync, {count} time slice had sign-in counts that differ from Entra’s summary even after a second fetch. The stored counts are the raw sign-ins; the log has the slices and both counts. | In the last sync, {count} time slices had sign-in counts that differ from Entra’s summary even after a second fetch. The stored counts are the raw sign-ins; the log has the slices and both counts.',
    openSettings: 'Workspace settings',
    cancelled:
      'The last sync was cancelled. The time slices it finished are kept; Sync now reads the rest.',
  },
}
