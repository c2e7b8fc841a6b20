import { nativeFunction } from '../common/native-addon.ts';

/** Whether freed C heap can be handed back: the helper was built and the C library is glibc. */
export function canReleaseFreedMemory(): boolean {
  return nativeFunction('supported')?.() ?? false;
}

/**
 * Hands the pages of freed C heap back to the system (glibc's `malloc_trim`); true when it did.
 * glibc keeps memory freed below a live block, so after a large listing or an ingest burst tens
 * of MiB of request and response buffers stay resident without this.
 */
export function releaseFreedMemory(): boolean {
  return nativeFunction('releaseFreedMemory')?.() ?? false;
}

/**
 * Asks V8 for a memory-reducing collection that it runs incrementally (marking on its own thread
 * and in short steps between tasks) instead of stopping JavaScript for all of it; false where the
 * helper was not built, and nothing was started.
 */
export function startMemoryReducingCollection(): boolean {
  return nativeFunction('startMemoryReducingCollection')?.() ?? false;
}
