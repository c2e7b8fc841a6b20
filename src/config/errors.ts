/** Where in the configuration file a problem was found. */
export interface ConfigPosition {
  file: string;
  /** 1-based; 0 when the problem has no position (an empty file, an unreadable file). */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** Dotted path of the offending key, e.g. `receivers[0].webhook_configs[0].url`; '' for the document. */
  key: string;
}

/**
 * A configuration file that Alertmanager would refuse.
 *
 * `amMessage` is exactly what Alertmanager (and `amtool check-config`) prints after `FAILED: `;
 * `message` prefixes it with `file:line:column: key: ` so the offending spot is found at once.
 */
export class ConfigError extends Error implements ConfigPosition {
  override readonly name = 'ConfigError';
  readonly code = 'TOCSIN_CONFIG_INVALID';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly key: string;
  readonly amMessage: string;

  constructor(amMessage: string, at: ConfigPosition) {
    super(formatMessage(amMessage, at));
    this.amMessage = amMessage;
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.key = at.key;
  }
}

function formatMessage(amMessage: string, at: ConfigPosition): string {
  let prefix = at.file;
  if (at.line > 0) prefix += `:${at.line}:${at.column}`;
  if (at.key !== '') prefix += `: ${at.key}`;
  return `${prefix}: ${amMessage}`;
}

/**
 * Thrown by schema hooks and validators with Alertmanager's own text; the decoder turns it into a
 * ConfigError at the position of the struct being checked, or of `target` (another decoded struct),
 * or of the key `field` inside either.
 */
export class AmValidationError extends Error {
  override readonly name = 'AmValidationError';
  constructor(
    message: string,
    readonly field?: string,
    readonly target?: object,
  ) {
    super(message);
  }
}
