// Korean texts of the main process: the same keys and placeholders as messages-en.ts.
import type { Catalogue } from './translate'

export const ko: Catalogue = {
  'tray.tooltip.syncing': '{product}: 동기화 중…',
  'tray.tooltip.signedOut': '{product}: 로그아웃됨',
  'tray.tooltip.error': '{product}: 마지막 동기화 실패 — {error}',
  'tray.tooltip.alerts': {
    one: '{product}: 미확인 알림 {count}건',
    other: '{product}: 미확인 알림 {count}건',
  },
  'tray.tooltip.ok': '{product}: 이상 없음',
  'tray.menu.open': '{product} 열기',
  'tray.menu.syncNow': '지금 동기화',
  'tray.menu.syncing': '동기화 중…',
  'tray.menu.recentAlerts': '최근 알림',
  'tray.menu.recentAlertsOpen': '최근 알림 (미확인 {count}건)',
  'tray.menu.noAlerts': '알림 없음',
  'tray.menu.allAlerts': '모든 알림…',
  'tray.menu.pausedUntil': '{time}까지 알림 일시 중지됨 — 다시 시작',
  'tray.menu.pause': '알림 일시 중지',
  'tray.menu.pauseHour': '1시간 동안',
  'tray.menu.pauseTomorrow': '내일까지',
  'tray.menu.settings': '설정…',
  'tray.menu.quit': '종료',

  'notification.titleHigh': '높음: {app}',
  'notification.summaryTitle': '새 알림 {count}건',
  'notification.summaryBody': {
    one: '애플리케이션 {count}개, 가장 높은 심각도 {severity}. 첫 알림: {first}',
    other: '애플리케이션 {count}개, 가장 높은 심각도 {severity}. 첫 알림: {first}',
  },
  'severity.info': '정보',
  'severity.low': '낮음',
  'severity.medium': '보통',
  'severity.high': '높음',

  'closeToTray.message': '{product}은(는) 시스템 트레이에서 계속 실행됩니다',
  'closeToTray.detail':
    '백그라운드에서 동기화하고 새 알림을 알려 드립니다. 트레이 아이콘으로 다시 열거나 종료할 수 있습니다. 이 동작은 알림 → 알림 설정에서 끌 수 있습니다.',

  'menu.file': '파일(&F)',
  'menu.exit': '끝내기(&X)',
  'menu.view': '보기',
  'menu.viewWindows': '보기(&V)',
  'menu.help': '도움말',
  'menu.helpWindows': '도움말(&H)',
  'menu.about': '{product} 정보',
  'menu.checkUpdates': '업데이트 확인…',
  'menu.openLogs': '로그 폴더 열기',
  'menu.docs.mdeApi': 'Defender for Endpoint API 문서',
  'menu.docs.signInLogs': 'Microsoft Entra 로그인 로그',
  'menu.docs.portal': 'Microsoft Defender 포털',
  'update.available': '{product} {latest} 버전을 사용할 수 있습니다.',
  'update.running': '현재 버전은 {current}입니다.',
  'update.download': '다운로드: {url}',
  'update.current': '{product}이(가) 최신 버전입니다.',
  'update.currentDetail': '{current} 버전이 최신 릴리스입니다.',
  'update.failed': '업데이트를 확인하지 못했습니다.',
  'update.disabled': '업데이트 확인이 꺼져 있습니다.',
  'update.disabledDetail': '이 빌드에는 릴리스 피드가 설정되어 있지 않습니다.',
  'dialog.ok': '확인',

  'credential.secret': '비밀',
  'credential.certificate': '인증서',
  'permissionKind.application': '애플리케이션',
  'permissionKind.delegated': '위임',

  'alert.usageSpike.summary':
    '{app}: 24시간 동안 MDE 로그인 {observed}건, 평소 {baseline}건의 {factor}배입니다.',
  'alert.usageSpike.action':
    '앱 소유자에게 새 작업, 배포, 토큰 캐시 누락 같은 변경이 있었는지 확인하세요. 설명이 없으면 앱의 최근 로그인을 검토하고 비활성화를 고려하세요.',
  'alert.failureBurst.summary':
    '{app}: 24시간 동안 MDE 로그인 실패 {observed}건 (평소 {baseline}건).',
  'alert.failureBurst.action':
    '앱의 최근 실패를 여세요. 만료되거나 교체된 비밀, 비활성화된 앱, 조건부 액세스가 흔한 원인입니다. 자격 증명을 고치거나 소유자에게 문의하세요.',
  'alert.newApp.summary': {
    one: '{app}이(가) 권한 {count}개로 MDE에 새로 연결되었습니다.',
    other: '{app}이(가) 권한 {count}개로 MDE에 새로 연결되었습니다.',
  },
  'alert.newApp.summaryHighRisk': {
    one: '{app}이(가) 고위험 권한을 포함한 권한 {count}개로 MDE에 새로 연결되었습니다.',
    other: '{app}이(가) 고위험 권한을 포함한 권한 {count}개로 MDE에 새로 연결되었습니다.',
  },
  'alert.newApp.action':
    '누가 왜 추가했는지 확인하세요. 예상하지 못한 앱이면 Entra ID에서 MDE 권한을 제거하세요.',
  'alert.appRemoved.summary': '{app}에 더 이상 MDE 권한이 없습니다(또는 삭제되었습니다).',
  'alert.appRemoved.action':
    '계획된 일이면 조치할 필요가 없습니다. 아니면 소유자에게 연동이 끊기지 않았는지 확인하세요.',
  'alert.permissionGranted.summary': '{app}에 {permission} ({kind}) 권한이 부여되었습니다.',
  'alert.permissionGranted.summaryCritical':
    '{app}에 {permission} ({kind}) 권한이 부여되었습니다 — 모든 장치에 대한 대응 작업입니다.',
  'alert.permissionGranted.action': '예상된 부여인지, 앱에 꼭 필요한 최소 권한인지 확인하세요.',
  'alert.permissionGranted.actionCritical':
    '지금 승인자에게 부여를 확인하세요. 예상하지 못한 부여라면 Entra ID(엔터프라이즈 애플리케이션 → 권한)에서 취소하세요.',
  'alert.dormantApp.summary': {
    one: '{app}이(가) {days}일 동안 MDE에 로그인하지 않았지만 권한 {count}개를 아직 가지고 있습니다.',
    other:
      '{app}이(가) {days}일 동안 MDE에 로그인하지 않았지만 권한 {count}개를 아직 가지고 있습니다.',
  },
  'alert.dormantApp.summaryNever': {
    one: '{app}은(는) {days}일 기록 동안 MDE 로그인이 없지만 권한 {count}개를 아직 가지고 있습니다.',
    other:
      '{app}은(는) {days}일 기록 동안 MDE 로그인이 없지만 권한 {count}개를 아직 가지고 있습니다.',
  },
  'alert.dormantApp.action':
    '연동을 더 이상 쓰지 않으면 MDE 권한(또는 앱)을 제거하세요. 쓰지 않는 권한은 공격 표면입니다.',
  'alert.credentialExpiring.summary': {
    one: '{app}: 마지막 유효한 {kind}이(가) {count}일 후 만료됩니다 ({date}).',
    other: '{app}: 마지막 유효한 {kind}이(가) {count}일 후 만료됩니다 ({date}).',
  },
  'alert.credentialExpiring.summaryExpired':
    '{app}: 모든 자격 증명이 만료되었습니다(마지막 만료일 {date}). MDE 로그인이 실패합니다.',
  'alert.credentialExpiring.action': '그 전에 새 비밀이나 인증서를 추가하고 연동을 업데이트하세요.',
  'alert.credentialExpiring.actionExpired':
    '새 비밀이나 인증서를 추가하고 연동을 업데이트하세요. 더 이상 쓰지 않는 앱이면 제거하세요.',
  'alert.newCountry.summary':
    '{app}이(가) 처음으로 {country}에서 MDE에 로그인했습니다 (평소 {usual}).',
  'alert.newCountry.action':
    '소유자에게 앱이 새 지역이나 호스트로 옮겨졌는지 확인하세요. 아니라면 자격 증명이 유출된 것으로 보고 교체하세요.',
}
