// 로그인한 계정과 다른 테넌트, Log Analytics 작업 영역 설정, 마지막 동기화 알림의 한국어 문구.
import type enTenants from './en-tenants'

export default {
  accounts: {
    heading: '계정 및 테넌트',
    intro:
      '이 앱에 로그인한 계정과 각 계정이 읽는 테넌트입니다. 로그아웃하면 이 컴퓨터에서 해당 계정의 토큰이 삭제되며, 테넌트의 로컬 기록은 그대로 남습니다.',
    none: '로그인한 계정이 없습니다.',
    tenant: '테넌트 {tenant}',
    signOut: '로그아웃',
    signOutAccount: '{name} 로그아웃',
    signedOut: '로그아웃했습니다.',
    add: {
      heading: '테넌트 추가',
      intro:
        '여러 테넌트를 관리하는 관리자(예: MSSP)를 위한 기능입니다. 같은 앱 등록으로 다른 테넌트에 로그인합니다. 해당 테넌트에서 앱에 대한 동의가 필요합니다.',
      label: '테넌트 ID 또는 확인된 도메인',
      hint: '00000000-0000-0000-0000-000000000000 형식의 GUID 또는 fabrikam.onmicrosoft.com 같은 확인된 도메인입니다.',
      submit: '이 테넌트에 로그인',
      waiting: '브라우저에서 로그인을 완료하세요.',
      cancel: '로그인 취소',
      added:
        '{name} 계정으로 테넌트 {tenant}에 로그인했습니다. 연결된 앱 페이지의 테넌트 전환기에서 선택하세요.',
      notConfigured:
        '먼저 위에서 테넌트와 클라이언트 ID를 설정하세요. 다른 테넌트도 같은 앱 등록으로 로그인합니다.',
      link: '테넌트 추가',
      errors: {
        empty: '추가할 테넌트의 테넌트 ID 또는 확인된 도메인을 입력하세요.',
        invalid:
          '테넌트 ID(GUID)나 fabrikam.onmicrosoft.com 같은 도메인이 아닙니다. 확인한 후 다시 시도하세요.',
      },
    },
  },
  workspace: {
    label: 'Log Analytics 작업 영역 ID(선택 사항)',
    hint: '설정하면 동기화할 때 테넌트가 이 작업 영역으로 보내는 로그인 로그도 읽습니다. Entra가 보관하는 30일보다 오래된 기록과 서버에서 집계한 합계를 얻을 수 있습니다. 작업 영역에 대한 Log Analytics 읽기 권한자 역할이 필요하며, 저장한 후 앱이 Log Analytics Data.Read 권한을 요청할 수 있도록 다시 로그인해야 합니다. Entra만 읽으려면 비워 두세요.',
    error:
      '작업 영역 ID를 00000000-0000-0000-0000-000000000000 형식의 GUID로 입력하세요(Log Analytics 작업 영역 → 개요 → 작업 영역 ID).',
    signIn: '다시 로그인',
    signInAgain:
      '저장했습니다. 앱이 Log Analytics 작업 영역에 대한 액세스를 요청할 수 있도록 다시 로그인하세요.',
  },
  syncNotice: {
    label: '마지막 동기화 정보',
    logAnalyticsFailed:
      '마지막 동기화에서 Log Analytics 작업 영역을 읽지 못했습니다. 나머지 동기화는 완료되었습니다. {message}',
    mismatches:
      '마지막 동기화에서 시간 구간 {count}개의 로그인 수가 다시 가져온 후에도 Entra 요약과 다릅니다. 저장된 수는 원시 로그인 기준이며, 해당 구간과 두 값은 로그에 있습니다.',
    openSettings: '작업 영역 설정',
    cancelled:
      '마지막 동기화가 취소되었습니다. 완료된 시간 구간은 보관되며, 지금 동기화하면 나머지를 읽습니다.',
  },
} satisfies typeof enTenants
