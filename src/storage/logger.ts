/** The slice of a logger the stores use to report recoveries; `Logger` from common/logger.ts fits. */
export interface StoreLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A logger that drops everything, for tests and callers that do not care. */
export const silentLogger: StoreLogger = {
  info: () => undefined,
  warn: () => undefined,
};
