export declare const cliNodeFlags: readonly string[]
