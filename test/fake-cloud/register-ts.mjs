// Lets plain Node (>= 22.18, type stripping on) run our TypeScript scripts: resolves the extensionless
// relative imports our tsconfig uses ("./usage") to "./usage.ts" or "./usage/index.ts".
// Use: node --import ./test/fake-cloud/register-ts.mjs test/fake-cloud/main.ts
import { registerHooks } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

registerHooks({
  resolve(specifier, context, nextResolve) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../')
    if (relative && context.parentURL?.endsWith('.ts') && !/\.[cm]?[jt]s$/.test(specifier)) {
      for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
        const url = new URL(candidate, context.parentURL)
        if (existsSync(fileURLToPath(url))) return nextResolve(url.href, context)
      }
    }
    return nextResolve(specifier, context)
  },
})
