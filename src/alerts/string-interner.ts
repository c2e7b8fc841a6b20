import type { LabelSet } from '../labels/label-set.ts';
import type { Alert } from './alert.ts';

/**
 * Shares equal label and annotation values between alerts: a fleet's alerts repeat the same
 * names, jobs, namespaces, runbook links and descriptions, and each decoded alert would
 * otherwise hold its own copies. The table is bounded: when full it starts over, so values
 * that never repeat cannot grow it forever, and values that do are shared again from then on.
 */
export class StringInterner {
  readonly #max: number;
  #table = new Map<string, string>();

  constructor(max = 65_536) {
    this.#max = max;
  }

  /** `alert` with its label and annotation values replaced by shared equal strings. */
  alert(alert: Alert): Alert {
    return { ...alert, labels: this.#labelSet(alert.labels), annotations: this.#labelSet(alert.annotations) };
  }

  #labelSet(ls: LabelSet): LabelSet {
    const out: Record<string, string> = {};
    for (const name in ls) {
      if (!Object.hasOwn(ls, name)) continue;
      const value = this.#string(ls[name] as string);
      // Assigning `__proto__` would set the prototype instead of adding a label.
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }

  #string(s: string): string {
    const known = this.#table.get(s);
    if (known !== undefined) return known;
    if (this.#table.size >= this.#max) this.#table = new Map();
    this.#table.set(s, s);
    return s;
  }
}
