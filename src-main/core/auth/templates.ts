// The static pages the loopback server shows in the browser after sign-in. Nothing from the
// response is interpolated into them (no reflected content, nothing to inject).

const page = (title: string, heading: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f6f9;color:#1b1d21;display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;padding:32px 40px;max-width:460px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 12px}p{line-height:1.5;margin:0}.brand{font-size:13px;color:#5b6270;margin-bottom:16px}
@media (prefers-color-scheme:dark){body{background:#1b1d21;color:#e8eaee}main{background:#26292f}.brand{color:#9aa1ad}}
</style></head>
<body><main><div class="brand">Defender Connected Apps</div><h1>${heading}</h1><p>${body}</p></main></body></html>`

export const signInSuccessPage = page(
  'Signed in — Defender Connected Apps',
  'You are signed in',
  'You can close this tab and return to Defender Connected Apps.',
)

export const signInErrorPage = page(
  'Sign-in did not complete — Defender Connected Apps',
  'Sign-in did not complete',
  'Return to Defender Connected Apps to see what happened and try again. You can close this tab.',
)
