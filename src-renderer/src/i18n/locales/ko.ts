// 한국어 UI 문구. en.ts와 키가 정확히 같아야 합니다 (타입과 단위 테스트가 확인합니다).
import alerts from './ko-alerts'
import exportPage from './ko-export'
import type en from './en'
import dashboard from './ko-dashboard'
import tenants from './ko-tenants'

export default {
  app: {
    name: 'Defender Connected Apps',
    documentTitle: '{page} · Defender Connected Apps',
    skipToContent: '본문으로 건너뛰기',
    version: '버전 {version}',
  },
  nav: {
    label: '주 메뉴',
    apps: '연결된 앱',
    alerts: '알림',
    export: '내보내기',
    settings: '설정',
  },
  shell: {
    contextLabel: '테넌트 및 로그인',
    loading: '앱 상태를 불러오는 중…',
    loadFailed: '앱 상태를 불러오지 못했습니다',
    bridgeMissing:
      '이 페이지가 앱에 연결되어 있지 않습니다. 브라우저가 아니라 Defender Connected Apps에서 여세요.',
  },
  common: {
    retry: '다시 시도',
    dismiss: '닫기',
  },
  mode: {
    demo: '데모 테넌트',
    tenant: '내 테넌트',
    demoExplained: '이 컴퓨터에서 생성한 가상 데이터',
  },
  auth: {
    notSignedIn: '로그인하지 않음',
    signedInAs: '{name}(으)로 로그인됨',
    moreAccounts: '(외 {count}개)',
  },
  notices: {
    label: '알림 메시지',
    settingsReset:
      '설정 파일을 읽을 수 없어 기본 설정을 사용합니다. 기존 파일은 {path}에 보관했습니다.',
    keychainUnavailable:
      '시스템 키체인을 사용할 수 없어 로그인 정보를 메모리에만 보관합니다. 앱을 시작할 때마다 다시 로그인해야 합니다.',
    keychainUnavailableBecause:
      '시스템 키체인을 사용할 수 없어({reason}) 로그인 정보를 메모리에만 보관합니다. 앱을 시작할 때마다 다시 로그인해야 합니다.',
    storeRecovered: '로컬 기록을 열 수 없어 따로 보관하고 새 기록을 시작했습니다. {detail}',
    keychainProblem: {
      module_missing: '이 컴퓨터에서 키체인 모듈을 불러올 수 없음',
      macos_refused: 'macOS 키체인이 접근을 거부함',
      dpapi_failed: 'Windows 데이터 보호(DPAPI)가 실패함',
      no_secret_service:
        'GNOME Keyring이나 KWallet 같은 Secret Service가 이 세션에서 실행 중이 아님',
    },
  },
  demoSwitch: {
    try: '데모 테넌트 사용해 보기',
    explain:
      '앱이 실행되는 동안 가상 데이터로 살펴봅니다. {tenant} 설정은 그대로 유지됩니다. 로그인, 토큰, 기록은 건드리지 않으며 데모를 보는 동안에는 동기화하지 않습니다.',
    back: '{tenant}(으)로 돌아가기',
    bannerLabel: '데모 테넌트',
    bannerChosen:
      '데모 테넌트를 사용해 보는 중입니다. 이 컴퓨터에서 생성한 가상 데이터입니다. 돌아갈 때까지 {tenant}은(는) 표시하지 않으며 로그인하거나 동기화하지 않습니다. 앱을 다시 시작하면 다시 표시됩니다.',
    bannerStarted:
      '앱이 데모 모드로 시작되어 데모 테넌트를 표시합니다. 이 컴퓨터에서 생성한 가상 데이터입니다. 그동안 {tenant}은(는) 표시하지 않으며 로그인하거나 동기화하지 않습니다.',
    signInWhileDemo:
      '데모 테넌트를 사용해 보는 중입니다. 계정을 보고 로그인하려면 내 테넌트로 돌아가세요.',
  },
  apps: {
    lead: 'Microsoft Defender for Endpoint API를 호출하는 테넌트의 애플리케이션과 시간대별 로그인(토큰 요청) 현황입니다.',
    status: {
      heading: '현재 상태',
      checkedAt: '{time}에 확인함',
      source: '데이터 원본',
      signIn: '로그인',
      accounts: '계정 {count}개',
      tokenStorage: '토큰 저장소',
      keychainAvailable: '시스템 키체인',
      keychainUnavailable: '메모리에만 보관 (시스템 키체인 없음)',
      keychainUnknown: '로그인할 때 확인',
    },
    start: {
      heading: '시작하기',
      signIn: {
        title: '내 테넌트에 로그인',
        notConfigured: '아직 설정되지 않음',
        needs:
          '로그인하려면 Microsoft Entra ID에 등록한 앱의 테넌트 ID와 클라이언트 ID가 필요합니다. 설정에서 입력하세요.',
        configure: '테넌트 설정',
        configured: '{tenant}(으)로 설정됨',
        noAccount: '아직 로그인한 계정이 없습니다.',
        signIn: '로그인',
        signInAnother: '다른 계정으로 로그인',
        waiting: '브라우저에서 로그인을 마치세요…',
        cancel: '로그인 취소',
        signOut: '로그아웃',
        signOutAccount: '{name} 로그아웃',
        demoForced: '앱이 데모 모드로 시작되어, 테넌트를 설정했더라도 데모 테넌트를 보여 줍니다.',
      },
      demo: {
        title: '데모 테넌트 사용해 보기',
        active: '사용 중',
        explainActive:
          '데모 테넌트는 이 컴퓨터에서 생성한 가상 테넌트입니다. 로그인이 필요 없고 Microsoft에서 아무것도 읽어 오지 않습니다. 실제 테넌트에서 앱이 어떻게 동작하는지 보여 줍니다.',
        inactive: '사용 안 함',
        howTo: '테넌트 대신 가상 데이터로 살펴보려면 다음 옵션으로 앱을 시작하세요.',
      },
      registration: {
        title: '앱 등록 준비',
        explain:
          'Microsoft Graph를 통해 애플리케이션과 로그인 로그를 읽을 수 있는 애플리케이션을 Microsoft Entra ID에 등록한 다음, 테넌트 ID와 클라이언트 ID를 설정에 입력하세요.',
        openEntra: '앱 등록 열기',
        openGuide: '등록 가이드 읽기',
        customCloud:
          '사용자 지정 클라우드에는 포털 링크가 없습니다. 해당 클라우드의 관리 센터에서 애플리케이션을 등록하세요.',
      },
    },
    list: {
      heading: '애플리케이션',
      emptyDemo:
        '아직 표시할 애플리케이션이 없습니다. 데모 테넌트를 처음 동기화하면 목록이 채워집니다.',
      emptyTenant:
        '아직 표시할 애플리케이션이 없습니다. 테넌트를 처음 동기화하면 목록이 채워집니다.',
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
    lead: '앱의 모양, 로그인할 테넌트, 데이터 보관 위치를 설정합니다.',
    saved: '저장됨',
    appearance: '모양',
    language: {
      label: '언어',
      system: '시스템 설정과 같게',
    },
    theme: {
      label: '테마',
      system: '시스템 설정과 같게',
      light: '밝게',
      dark: '어둡게',
    },
    tenant: {
      heading: '테넌트',
      intro: '로그인할 Microsoft Entra 테넌트와 로그인에 사용할 앱 등록입니다.',
      cloud: '클라우드',
      clouds: {
        public: 'Microsoft Azure (글로벌)',
        usgov: 'Azure Government (GCC High)',
        usgovdod: 'Azure Government (DoD)',
        china: '21Vianet이 운영하는 Azure (중국)',
        custom: '사용자 지정 엔드포인트',
      },
      customHint: '엔드포인트는 AZURE_AUTHORITY_HOST 등의 환경 변수에서 읽습니다.',
      tenantId: '테넌트 ID',
      tenantIdHint:
        '디렉터리(테넌트) ID(GUID) 또는 contoso.onmicrosoft.com 같은 확인된 도메인입니다.',
      clientId: '클라이언트 ID',
      clientIdHint: '앱 등록의 애플리케이션(클라이언트) ID(GUID)입니다.',
      save: '테넌트 저장',
      saving: '저장하는 중…',
      discard: '변경 취소',
      workspace: tenants.workspace,
      errors: {
        summary: '저장하지 않았습니다. 아래 표시된 항목 {count}개를 고치세요.',
        tenantId: '테넌트 ID(GUID) 또는 contoso.onmicrosoft.com 같은 확인된 도메인을 입력하세요.',
        clientId: '클라이언트 ID를 00000000-0000-0000-0000-000000000000 형식의 GUID로 입력하세요.',
      },
    },
    accounts: tenants.accounts,
    about: {
      heading: '설치 정보',
      version: '버전',
      mode: '데이터 원본',
      platform: '플랫폼',
      runtime: '런타임',
      noElectron: 'Electron에서 실행되지 않음',
      dataDir: '데이터 디렉터리',
      logDir: '로그 디렉터리',
    },
  },
} satisfies typeof en
