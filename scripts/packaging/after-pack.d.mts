export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  arch?: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}
export declare function packagedExecutable(context: PackContext): string
export declare function fuseWireConfig(settings: Record<string, boolean>): Record<number, boolean>
export declare function applyFuses(
  executable: string,
  settings: Record<string, boolean>,
  options?: { resetAdHocDarwinSignature?: boolean },
): Promise<void>
export default function afterPack(context: PackContext): Promise<void>
