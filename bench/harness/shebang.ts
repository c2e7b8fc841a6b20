import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The node flags a script's `#!` line runs it with (`#!/usr/bin/env -S node --v8-pool-size=0`
 * gives `--v8-pool-size=0`), so that a server the benchmark starts with `node <script>` runs as
 * the installed command does. None when the line is not a shebang or names no `node`.
 */
export function shebangNodeFlags(scriptText: string): string[] {
  const firstLine = scriptText.split('\n', 1)[0] ?? '';
  if (!firstLine.startsWith('#!')) return [];
  const words = firstLine.slice(2).trim().split(/\s+/);
  const node = words.findIndex((word) => basename(word) === 'node');
  return node < 0 ? [] : words.slice(node + 1);
}

export function shebangNodeFlagsOf(scriptPath: string): string[] {
  return shebangNodeFlags(readFileSync(scriptPath, 'utf8'));
}
