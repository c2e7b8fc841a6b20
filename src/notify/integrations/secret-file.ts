import { readFile } from 'node:fs/promises';
import type { Secret } from '../../config/types.ts';
import { NotifyError } from '../notify-error.ts';

/**
 * Reads a `*_file` secret at send time, trimmed unless `trim` is false. A failure is not retried;
 * `errorPrefix` (e.g. `read webhook_url_file`) leads its message, which never shows the content.
 */
export async function readSecretFile(path: string, errorPrefix?: string, trim = true): Promise<string> {
  try {
    const content = await readFile(path, 'utf8');
    return trim ? content.trim() : content;
  } catch (error) {
    const message = (error as Error).message;
    throw new NotifyError(errorPrefix === undefined ? message : `${errorPrefix}: ${message}`, { retryable: false, cause: error });
  }
}

/** The inline secret when set (even if empty), else the trimmed contents of its `_file`, read on every send. */
export async function secretOrFile(secret: Secret | undefined, file: string, errorPrefix?: string): Promise<string> {
  if (secret !== undefined) return secret.reveal();
  return readSecretFile(file, errorPrefix);
}

/** The inline secret unless empty, else the trimmed contents of `file` (failures read `read <key>: ...`). */
export async function nonEmptySecretOrFile(secret: Secret | undefined, file: string, key: string): Promise<string> {
  const value = secret?.reveal() ?? '';
  if (value !== '') return value;
  return readSecretFile(file, `read ${key}`);
}
