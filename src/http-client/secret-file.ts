import { readFile } from 'node:fs/promises';
import type { Secret } from '../config/secret.ts';

/**
 * The value of an inline secret or of a `*_file` read now, whitespace-trimmed as prometheus/common
 * does, so rotated files take effect without a reload. Undefined when neither is set.
 */
export async function readSecretOrFile(inline: Secret | string | undefined, file: string): Promise<string | undefined> {
  const value = typeof inline === 'string' ? inline : inline?.reveal();
  if (value !== undefined && value !== '') return value;
  if (file === '') return undefined;
  return (await readFile(file, 'utf8')).trim();
}
