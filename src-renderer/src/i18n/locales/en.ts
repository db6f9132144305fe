// English UI text. Every key here must exist in ko.ts too (the type and a unit test check it).
import alerts from './en-alerts'
import exportPage from './en-export'
import dashboard from './en-dashboard'
import tenants from './en-tenants'

export default {
  app: {
    name: 'Defender Connected Apps',
    documentTitle: '{page} · Defender Connected Apps',
    skipToContent: 'Skip to content',
    version: 'Version {version}',
  },
  nav: {
    label: 'Main',
    apps: 'Connected apps',
    alerts: 'Alerts',
    export: 'Export',
    settings: 'Settings',
  },
  shell: {
    contextLabel: 'Tenant and sign-in',
    loading: 'Loading the app state…',
    loadFailed: 'The app state could not be loaded',
    bridgeMissing:
      'This page is not connected to the app. Open it from Defender Connected Apps rather than from a browser.',
  },
  common: {
    retry: 'Try again',
    dismiss: 'Dismiss',
  },
  mode: {
    demo: 'Demo tenant',
    tenant: 'Your tenant',
    demoExplained: 'Synthetic data generated on this computer',
  },
  auth: {
    notSignedIn: 'Not signed in',
    signedInAs: 'Signed in as {name}',
    moreAccounts: '(+{count} more)',
  },
  notices: {
    label: 'Notices',
    settingsReset:
      'Your settings file could not be read, so the defaults are in use. The old file was kept as {path}.',
    keychainUnavailable:
      'The system keychain is not available, so sign-ins are kept in memory only: you will need to sign in again each time the app starts.',
    keychainUnavailableBecause:
      'The system keychain is not available ({reason}), so sign-ins are kept in memory only: you will need to sign in again each time the app starts.',
    storeRecovered:
      'The local history could not be opened and was set aside; a new one was started. {detail}',
    keychainProblem: {
      module_missing: 'its module could not be loaded on this computer',
      macos_refused: 'the macOS Keychain refused access',
      dpapi_failed: 'Windows data protection (DPAPI) failed',
      no_secret_service:
        'no Secret Service, such as GNOME Keyring or KWallet, is running in this session',
    },
  },
  demoSwitch: {
    try: 'Try the demo tenant',
    explain:
      'Look around with synthetic data for as long as this app runs. {tenant} stays set up as it is: its sign-ins, tokens and history are not touched, and it is not synced while the demo is shown.',
    back: 'Back to {tenant}',
    bannerLabel: 'Demo tenant',
    bannerChosen:
      'You are trying the demo tenant: synthetic data generated on this computer. {tenant} is not shown, signed in to or synced until you go back to it; the next start shows it again.',
    bannerStarted:
      'The app was started in demo mode, so it shows the demo tenant: synthetic data generated on this computer. {tenant} is not shown, signed in to or synced while it does.',
    signInWhileDemo:
      'You are trying the demo tenant. Go back to your tenant to see its accounts and sign in.',
  },
  apps: {
    lead: 'Applications in your tenant that call the Microsoft Defender for Endpoint API, with their sign-ins (token requests) over time.',
    status: {
      heading: 'Where you are',
      checkedAt: 'Checked at {time}',
      source: 'Data source',
      signIn: 'Sign-in',
      accounts: 'No accounts | {count} account | {count} accounts',
      tokenStorage: 'Token storage',
      keychainAvailable: 'System keychain',
      keychainUnavailable: 'Memory only (no system keychain)',
      keychainUnknown: 'Checked at sign-in',
    },
    start: {
      heading: 'Get started',
      signIn: {
        title: 'Sign in to your tenant',
        notConfigured: 'Not set up yet',
        needs:
          'Signing in needs the tenant ID and the client ID of an app registration in your Microsoft Entra ID. Add them in Settings.',
        configure: 'Set up tenant',
        configured: 'Set up for {tenant}',
        noAccount: 'No account is signed in yet.',
        signIn: 'Sign in',
        signInAnother: 'Sign in with another account',
        waiting: 'Finish signing in in your browser…',
        cancel: 'Cancel sign-in',
        signOut: 'Sign out',
        signOutAccount: 'Sign out {name}',
        demoForced:
          'The app was started in demo mode, so it shows the demo tenant even though your tenant is set up.',
      },
      demo: {
        title: 'Try the demo tenant',
        active: 'In use now',
        explainActive:
          'The demo tenant is a synthetic tenant generated on this computer: no sign-in, and nothing is read from Microsoft. It shows what the app does with a real tenant.',
        inactive: 'Not in use',
        howTo:
          'To explore with synthetic data instead of your tenant, start the app with the option',
      },
      registration: {
        title: 'Set up the app registration',
        explain:
          'Register an application in Microsoft Entra ID that may read your applications and sign-in logs through Microsoft Graph, then copy its tenant ID and client ID into Settings.',
        openEntra: 'Open App registrations',
        openGuide: 'Read the registration guide',
        customCloud:
          'A custom cloud has no portal link: register the application in your cloud’s admin center.',
      },
    },
    list: {
      heading: 'Applications',
      emptyDemo:
        'No applications to show yet: the list fills in after the first sync of the demo tenant.',
      emptyTenant:
        'No applications to show yet: the list fills in after the first sync of your tenant.',
      ...dashboard.list,
    },
    table: dashboard.table,
    risk: dashboard.risk,
    permissionType: dashboard.permissionType,
    credentials: dashboard.credentials,
    actions: dashboard.actions,
    overview: dashboard.overview,
    sync: dashboard.sync,
    offline: dashboard.offline,
    filters: dashboard.filters,
    states: dashboard.states,
    syncNotice: tenants.syncNotice,
  },
  detail: dashboard.detail,
  alerts,
  export: exportPage,
  settings: {
    lead: 'How the app looks, which tenant it signs in to, and where it keeps its data.',
    saved: 'Saved',
    appearance: 'Appearance',
    language: {
      label: 'Language',
      system: 'Same as the system',
    },
    theme: {
      label: 'Theme',
      system: 'Same as the system',
      light: 'Light',
      dark: 'Dark',
    },
    tenant: {
      heading: 'Tenant',
      intro: 'The Microsoft Entra tenant to sign in to and the app registration to sign in with.',
      cloud: 'Cloud',
      clouds: {
        public: 'Microsoft Azure (global)',
        usgov: 'Azure Government (GCC High)',
        usgovdod: 'Azure Government (DoD)',
        china: 'Azure operated by 21Vianet (China)',
        custom: 'Custom endpoints',
      },
      customHint:
        'Endpoints are read from the AZURE_AUTHORITY_HOST and related environment variables.',
      tenantId: 'Tenant ID',
      tenantIdHint:
        'The directory (tenant) ID, a GUID, or a verified domain such as contoso.onmicrosoft.com.',
      clientId: 'Client ID',
      clientIdHint: 'The application (client) ID of your app registration, a GUID.',
      save: 'Save tenant',
      saving: 'Saving…',
      discard: 'Discard changes',
      workspace: tenants.workspace,
      errors: {
        summary:
          'Nothing was saved: fix the field marked below. | Nothing was saved: fix the {count} fields marked below.',
        tenantId:
          'Enter a tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com.',
        clientId: 'Enter the client ID as a GUID, like 00000000-0000-0000-0000-000000000000.',
      },
    },
    accounts: tenants.accounts,
    about: {
      heading: 'About this installation',
      version: 'Version',
      mode: 'Data source',
      platform: 'Platform',
      runtime: 'Runtime',
      noElectron: 'not running in Electron',
      dataDir: 'Data directory',
      logDir: 'Log directory',
    },
  },
}
