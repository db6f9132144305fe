// Names Graph could send for an app, as an attacker or an unusual tenant would: markup and script,
// a Vue template, right-to-left text, emoji, a very long name, a right-to-left override.
export const hostileNames = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>Script App',
  '"><svg onload="window.__pwned=3">',
  '{{ 7*7 }} template',
  'تطبيق مراقبة الأمان',
  '🛡️ Defender 🚨 Bot 👩🏽‍💻',
  'Very long name '.repeat(20).trim(),
  '\u202Egnp.exe',
]
