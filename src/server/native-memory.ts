import { createRequire } from 'node:module';

interface NativeMemory {
  releaseFreedMemory(): boolean;
  supported(): boolean;
}

// Built by scripts/build-native.mjs at install; the path is the same from src/ and dist/.
const ADDON = '../../build/Release/tocsin_native.node';

let addon: NativeMemory | null | undefined;

function load(): NativeMemory | null {
  try {
    return createRequire(import.meta.url)(ADDON) as NativeMemory;
  } catch {
    return null;
  }
}

/** Whether freed C heap can be handed back: the helper was built and the C library is glibc. */
export function canReleaseFreedMemory(): boolean {
  addon ??= load();
  return addon?.supported() ?? false;
}

/**
 * Hands the pages of freed C heap back to the system (glibc's `malloc_trim`); true when it did.
 * glibc keeps memory freed below a live block, so after a large listing or an ingest burst tens
 * of MiB of request and response buffers stay resident without this.
 */
export function releaseFreedMemory(): boolean {
  addon ??= load();
  return addon?.releaseFreedMemory() ?? false;
}
