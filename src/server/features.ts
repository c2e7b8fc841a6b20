import type { Logger } from '../common/logger.ts';

/** Alertmanager 0.34's `--enable-feature` names and the warning it logs for each. */
const FEATURES: Readonly<Record<string, string>> = {
  'alert-names-in-metrics': 'Alert names in metrics enabled',
  'receiver-name-in-metrics': 'Experimental receiver name in metrics enabled',
  'group-key-in-metrics': 'Experimental group key in metrics enabled',
  'classic-mode': 'Classic mode enabled',
  'utf8-strict-mode': 'UTF-8 strict mode enabled',
  'auto-gomemlimit': 'Automatically set GOMEMLIMIT is accepted and has no effect in Tocsin',
  'event-recorder': 'Experimental event recorder enabled',
};

/** Logs each enabled feature. @throws {Error} `unknown option 'x' for --enable-feature`. */
export function checkFeatures(features: readonly string[], logger: Logger): void {
  for (const feature of features) {
    const message = FEATURES[feature];
    if (message === undefined) throw new Error(`unknown option '${feature}' for --enable-feature`);
    logger.warn(message);
  }
}
