// The listener seam: a network listener beside the HTTP server (today: DICOM). main.ts starts
// every listener after the database is migrated and stops them all, before the database closes,
// on SIGINT/SIGTERM.

export interface Listener {
  /** Short name for logs, e.g. 'dicom'. */
  readonly name: string;
  /** Starts listening; resolves with a human-readable address once connections are accepted. */
  start(): Promise<string>;
  /** Stops accepting, closes open connections, resolves when nothing is left running. */
  stop(): Promise<void>;
}
