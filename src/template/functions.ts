/**
 * Alertmanager's template functions (`template.DefaultFuncs`, 0.34) with Go's argument handling
 * and error messages.
 */
import { arity, sprintf } from './engine/index.ts';
import type { TemplateFunc } from './engine/index.ts';
import { safeHtml, safeUrl } from './engine/html/content.ts';
import { argList, argString, argStrings, argTime, convertToFloat } from './func-args.ts';
import { goJsonMarshal } from './go-json.ts';
import { goMatchString, goReplaceAllString, mustCompile } from './go-regexp.ts';
import {
  goBase64UrlDecode, goBase64UrlEncode, goQueryUnescape, goTitle, goToLower, goToUpper, goTrimSpace,
} from './go-strings.ts';
import { GoTime } from './go-time.ts';
import { parseTime } from './go-time-parse.ts';
import { loadLocation, UTC } from './go-zone.ts';

/** prometheus/common's HumanizeDuration: `1d 2h 3m 4s`, `12.35s`, `500ms`. */
export function humanizeDuration(i: unknown): string {
  let v = convertToFloat(i);
  if (!Number.isFinite(v)) return sprintf('%.4g', [v]);
  if (v === 0) return sprintf('%.4gs', [v]);
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const total = BigInt(Math.trunc(v));
    const seconds = total % 60n;
    const minutes = (total / 60n) % 60n;
    const hours = (total / 3600n) % 24n;
    const days = total / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return sign + sprintf('%.4gs', [v]);
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return sprintf('%.4g%ss', [v, prefix]);
}

function dict(...values: unknown[]): Record<string, unknown> {
  if (values.length % 2 !== 0) throw new Error('dict requires an even number of arguments');
  const out: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i += 2) {
    const k = values[i];
    if (typeof k !== 'string') throw new Error('dict keys must be strings');
    Object.defineProperty(out, k, { value: values[i + 1], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Alertmanager's DefaultFuncs. `routeLabels` is a placeholder replaced per execution. */
export const alertmanagerFuncs: Readonly<Record<string, TemplateFunc>> = {
  toUpper: arity((s: unknown) => goToUpper(argString(s)), 1),
  toLower: arity((s: unknown) => goToLower(argString(s)), 1),
  title: arity((s: unknown) => goTitle(argString(s)), 1),
  trimSpace: arity((s: unknown) => goTrimSpace(argString(s)), 1),
  join: arity((sep: unknown, list: unknown) => argStrings(list).join(argString(sep)), 2),
  match: arity((pattern: unknown, s: unknown) => goMatchString(argString(pattern), argString(s)), 2),
  safeHtml: arity((s: unknown) => safeHtml(argString(s)), 1),
  safeUrl: arity((s: unknown) => safeUrl(argString(s)), 1),
  urlUnescape: arity((s: unknown) => goQueryUnescape(argString(s)), 1),
  reReplaceAll: arity(
    (pattern: unknown, repl: unknown, text: unknown) =>
      goReplaceAllString(mustCompile(argString(pattern)), argString(text), argString(repl)),
    3,
  ),
  stringSlice: (...s: unknown[]) => s.map(argString),
  routeLabels: arity((name: unknown) => {
    argString(name);
    return '';
  }, 1),
  date: arity((layout: unknown, t: unknown) => argTime(t).Format(argString(layout)), 2),
  tz: arity((name: unknown, t: unknown) => {
    const time = argTime(t);
    return time.In(loadLocation(argString(name)));
  }, 2),
  now: arity(() => GoTime.now(), 0),
  since: arity((t: unknown) => GoTime.now().Sub(argTime(t)), 1),
  humanizeDuration: arity(humanizeDuration, 1),
  toDate: arity((layout: unknown, s: unknown) => {
    try {
      return parseTime(argString(layout), argString(s), UTC);
    } catch {
      return GoTime.zero();
    }
  }, 2),
  mustToDate: arity((layout: unknown, s: unknown) => parseTime(argString(layout), argString(s), UTC), 2),
  toJson: arity((v: unknown) => goJsonMarshal(v), 1),
  base64encode: arity((s: unknown) => goBase64UrlEncode(argString(s)), 1),
  base64decode: arity((s: unknown) => goBase64UrlDecode(argString(s)), 1),
  list: (...args: unknown[]) => args,
  append: (slice: unknown, ...args: unknown[]) => [...argList(slice), ...args],
  dict,
};


