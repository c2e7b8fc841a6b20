import type { LabelSet } from '../labels/label-set.ts';
import type { Alert } from './alert.ts';

/**
 * Shares equal label and annotation values between alerts: a fleet's alerts repeat the same
 * names, jobs, namespaces, runbook links and descriptions, and each decoded alert would
 * otherwise hold its own copies. The table is bounded: when full it starts over, so values
 * that never repeat cannot grow it forever, and values that do are shared again from then on.
 */
const SHARED_BY_JSON_PARSE = 10;

export class StringInterner {
  readonly #max: number;
  #table = new Map<string, string>();

  constructor(max = 65_536) {
    this.#max = max;
  }

  /**
   * Replaces the values of the alert's label and annotation maps with shared equal strings, in
   * place: the store owns the maps of the alerts it is given, and equal strings cannot be told
   * apart, so nothing observable changes. Frozen maps are left as they are.
   */
  alert(alert: Alert): Alert {
    this.#labelSet(alert.labels);
    this.#labelSet(alert.annotations);
    return alert;
  }

  #labelSet(ls: LabelSet): void {
    if (Object.isFrozen(ls)) return;
    const writable = ls as Record<string, string>;
    for (const name in writable) if (Object.hasOwn(writable, name)) writable[name] = this.#string(writable[name] as string);
  }

  #string(s: string): string {
    // V8's JSON.parse already shares string values of up to 10 characters.
    if (s.length <= SHARED_BY_JSON_PARSE) return s;
    const known = this.#table.get(s);
    if (known !== undefined) return known;
    if (this.#table.size >= this.#max) this.#table = new Map();
    this.#table.set(s, s);
    return s;
  }
}
