/**
 * Re-wraps every case's data key under a new key-encryption key; no event changes.
 * Usage: NEW_DATA_ENCRYPTION_KEY=… npm run -s keys -- rotate
 */
import { KeyEncryptionKey, resolveKeyEncryptionKey, rotateKeyEncryptionKey } from '@lib/personal-data';
import { loadConfig } from '../config/service-config';
import { openDataKeyStore } from '../stores/open-stores';

const USAGE = `Usage: NEW_DATA_ENCRYPTION_KEY=<32 random bytes in base64> npm run -s keys -- rotate

Re-wraps every case's data key under NEW_DATA_ENCRYPTION_KEY, in one transaction, and records
it as the key store's key. The current key is taken as the service takes it: DATA_ENCRYPTION_KEY,
else DATA_DIR/data-encryption-key. No event changes. Then restart every process with
DATA_ENCRYPTION_KEY set to the new key, and run rotate once more: it re-wraps the keys a process
still on the old key created meanwhile. See PRIVACY.md.
`;

class UsageError extends Error {}

async function main(args: string[]): Promise<number> {
  if (args[0] !== 'rotate' || args.length !== 1) throw new UsageError(USAGE);
  const next = newKey(process.env.NEW_DATA_ENCRYPTION_KEY);
  const config = loadConfig();
  const current = resolveKeyEncryptionKey(config);
  const store = await openDataKeyStore(config);
  try {
    const rewrapped = await rotateKeyEncryptionKey(store, current, next);
    process.stdout.write(
      `keys: ${rewrapped} data keys re-wrapped under key ${next.id} (was ${current.key.id}); ` +
        'restart every process with DATA_ENCRYPTION_KEY set to the new key, then run rotate once more\n',
    );
    return 0;
  } finally {
    await store.close();
  }
}

function newKey(text: string | undefined): KeyEncryptionKey {
  if (!text) throw new UsageError(`NEW_DATA_ENCRYPTION_KEY is not set\n\n${USAGE}`);
  try {
    return KeyEncryptionKey.fromBase64(text);
  } catch {
    throw new UsageError('NEW_DATA_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)');
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`keys: ${usage ? '' : 'failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
