import type { LabelSet } from '../labels/label-set.ts';
import { alertName } from './alert.ts';
import type { Alert } from './alert.ts';

/** Names remembered before the table starts over, so clients sending endless names cannot grow it. */
const MAX_NAMES = 10_000;

/**
 * Makes a new alert share equal label and annotation values with the previous new alert of the
 * same name: the alerts of one rule repeat their job, namespace, runbook link and description,
 * and each decoded alert would otherwise hold its own copies. Comparing with one sibling costs
 * a few string comparisons, where a table of every value would hash each one.
 */
export class SiblingStrings {
  #lastByName = new Map<string, Alert>();

  /**
   * Replaces values of the alert's label and annotation maps with the sibling's equal strings,
   * in place: the store owns the maps of the alerts it is given, and equal strings cannot be told
   * apart, so nothing observable changes. Frozen maps are left as they are.
   */
  share(alert: Alert): Alert {
    const name = alertName(alert);
    const sibling = this.#lastByName.get(name);
    if (sibling === undefined && this.#lastByName.size >= MAX_NAMES) this.#lastByName = new Map();
    this.#lastByName.set(name, alert);
    if (sibling !== undefined) {
      shareValues(alert.labels, sibling.labels);
      shareValues(alert.annotations, sibling.annotations);
    }
    return alert;
  }

  /** Forgets the siblings, which keeps them (and the alerts they came from) collectable. */
  clear(): void {
    this.#lastByName = new Map();
  }
}

function shareValues(target: LabelSet, source: LabelSet): void {
  if (Object.isFrozen(target)) return;
  const writable = target as Record<string, string>;
  for (const name in writable) {
    const value = source[name];
    if (value !== undefined && value === writable[name] && Object.hasOwn(writable, name) && Object.hasOwn(source, name)) writable[name] = value;
  }
}
