import { inspect } from 'node:util';

/** Alertmanager prints every secret as this token (`config/common.SecretToken`). */
export const SECRET_TOKEN = '<secret>';

/**
 * A secret configuration value (Go `commoncfg.Secret`, `SecretURL`, `SecretTemplateURL`).
 * It prints, serialises and inspects as `<secret>`; call `reveal()` where the value is really needed.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return SECRET_TOKEN;
  }

  toJSON(): string {
    return SECRET_TOKEN;
  }

  [inspect.custom](): string {
    return `Secret(${SECRET_TOKEN})`;
  }
}

/** Go's `len(secret) > 0` for an optional secret. */
export function isSet(secret: Secret | undefined): secret is Secret {
  return secret !== undefined && secret.reveal() !== '';
}
