/** The slice of a pino-style logger the pipeline uses. */
export interface NotifyLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Drops everything; for tests and callers that do not care. */
export const silentNotifyLogger: NotifyLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
