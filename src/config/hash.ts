import { createHash } from 'node:crypto';

/**
 * The value of `alertmanager_config_hash`: the first 6 bytes of the MD5 of the file's bytes, read
 * as a little-endian integer (48 bits, so the float64 gauge holds it exactly).
 */
export function configHash(source: string | Uint8Array): number {
  const sum = createHash('md5').update(source).digest();
  return sum.readUIntLE(0, 6);
}
