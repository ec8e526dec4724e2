/** A store written by a newer notifier is left alone rather than used with a schema this one does not know. */
export function assertKnownVersion(version: number, known: number): void {
  if (version > known) {
    throw new Error(`the notification store has schema version ${version}; this notifier knows up to ${known}`);
  }
}
