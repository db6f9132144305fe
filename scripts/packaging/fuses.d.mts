export declare const e2eBuildVariable: 'DCA_E2E_BUILD'
export declare function isE2eBuild(env: Record<string, string | undefined>): boolean
export declare function fuseSettings(env: Record<string, string | undefined>): Record<string, boolean>
