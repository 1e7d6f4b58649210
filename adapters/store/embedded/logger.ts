/**
 * The logging the embedded store needs: warnings about recovered damage and lock take-overs. A pino
 * logger fits; the default writes to stderr.
 */
export interface StoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export const consoleLogger: StoreLogger = {
  warn: (details, message) => console.warn(message, details),
};
