/** Base of the errors a silence store throws; `code` is stable, `message` is Alertmanager's text. */
export class SilenceError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The silence id given for an update is not stored (API 404 `silence not found`). */
export class SilenceNotFoundError extends SilenceError {
  readonly id: string;

  constructor(id: string) {
    super('TOCSIN_SILENCE_NOT_FOUND', 'silence not found');
    this.id = id;
  }
}

/** The silence is malformed; the message is Alertmanager 0.34's `invalid silence: …` (API 400). */
export class SilenceValidationError extends SilenceError {
  constructor(reason: string) {
    super('TOCSIN_SILENCE_INVALID', `invalid silence: ${reason}`);
  }
}

/** `--silences.max-silences` or `--silences.max-silence-size-bytes` was exceeded (API 400). */
export class SilenceLimitError extends SilenceError {
  constructor(message: string) {
    super('TOCSIN_SILENCE_LIMIT', message);
  }
}
