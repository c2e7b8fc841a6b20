import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * amtool's config files, first match per key wins: upstream's two locations, then the two the
 * Debian 0.25 package documents.
 */
export function defaultConfigFiles(home: string | undefined): string[] {
  const h = home ?? '';
  return [
    join(h, '.config/amtool/config.yml'),
    '/etc/amtool/config.yml',
    join(h, '.config/prometheus/amtool.yml'),
    '/etc/prometheus/amtool.yml',
  ];
}

const LEGACY_KEYS: Readonly<Record<string, string>> = { comment_required: 'require-comment' };

/**
 * Reads flag defaults from amtool config files (YAML maps of flag name to value), as amtool's
 * `config.NewResolver`: missing files are skipped, the first file that sets a key wins, and the
 * legacy `comment_required` stands for `require-comment` unless that is set too.
 * @throws {Error} when a file exists but is not a YAML map.
 */
export async function readConfigDefaults(files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const doc: unknown = parse(text, { schema: 'core' });
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new Error(`yaml: unmarshal errors:\n  line 1: cannot unmarshal !!${Array.isArray(doc) ? 'seq' : 'str'} into map[string]string`);
    }
    const map = doc as Record<string, unknown>;
    for (const [key, value] of Object.entries(map)) {
      let name = key;
      const modern = LEGACY_KEYS[key];
      if (modern !== undefined) {
        if (Object.hasOwn(map, modern)) continue;
        name = modern;
      }
      if (!out.has(name)) out.set(name, value === null ? '' : String(value));
    }
  }
  return out;
}
