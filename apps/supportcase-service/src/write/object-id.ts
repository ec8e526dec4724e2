import { randomBytes } from 'node:crypto';

/** A new id in the platform's form: 24 lower-case hex characters. */
export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}
