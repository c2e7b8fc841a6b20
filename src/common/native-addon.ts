import { createRequire } from 'node:module';

/** What the native helper (native/addon.c) exports. */
export interface NativeAddon {
  releaseFreedMemory(): boolean;
  supported(): boolean;
  countJsonMembers(json: Uint8Array): number;
  startMemoryReducingCollection(): boolean;
}

// Built by scripts/build-native.mjs at install; the path is the same from src/ and dist/.
const ADDON = '../../build/Release/tocsin_native.node';

let addon: Partial<NativeAddon> | null | undefined;

/**
 * The native helper's function `name`, or undefined where the helper was not built, fails to
 * load, or is a build older than the function. Its callers have their own code to fall back on.
 */
export function nativeFunction<K extends keyof NativeAddon>(name: K): NativeAddon[K] | undefined {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(ADDON) as Partial<NativeAddon>;
    } catch {
      addon = null;
    }
  }
  const fn = addon?.[name];
  return typeof fn === 'function' ? fn : undefined;
}
