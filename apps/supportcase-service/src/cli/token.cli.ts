import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  ACCESS_LEVELS,
  type AuthSecretSource,
  type Principal,
  isAccessLevel,
  isPlatformId,
  issueToken,
  resolveAuthSecretWithSource,
} from '@lib/auth';
import { loadConfig } from '../config/service-config';

const USAGE = `Prints a signed platform token for local use.

Usage: npm run token -- --access-level LEVEL [options]

  --access-level LEVEL       one of ${ACCESS_LEVELS.join(', ')} (required)
  --employee ID              employee id, 24 hex characters (default: random)
  --customer ID              customer id, 24 hex characters (default: random)
  --name TEXT                employee name
  --customer-name TEXT       customer name
  --customer-features A,B    customer features, e.g. IPTVBUSINESS,IPTVPRIVATE
  --employee-features A,B    employee features, e.g. PLAYMAKERSTATUS
  --expires-in SPAN          lifetime such as 15m, 1h, 7d (default: 1h)
  --help                     show this text

The secret is taken as the service takes it: AUTH_SECRET if set, else DATA_DIR/auth-secret
(DATA_DIR defaults to ./data), generated there if missing. Standard error says which one
signed the token, and warns when it had to generate one: the service accepts the token only
with the same AUTH_SECRET, or the same DATA_DIR.
`;

const EXPIRY_SPAN = /^[1-9]\d*[smhd]$/;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'access-level': { type: 'string' },
        employee: { type: 'string' },
        customer: { type: 'string' },
        name: { type: 'string' },
        'customer-name': { type: 'string' },
        'customer-features': { type: 'string' },
        'employee-features': { type: 'string' },
        'expires-in': { type: 'string', default: '1h' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

type Options = ReturnType<typeof parseCommandLine>;

function principalFrom(options: Options): Principal {
  const accessLevel = options['access-level'];
  if (!isAccessLevel(accessLevel)) throw new UsageError(`--access-level must be one of ${ACCESS_LEVELS.join(', ')}`);
  return {
    employee: idOption('--employee', options.employee),
    customer: idOption('--customer', options.customer),
    accessLevel,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options['customer-name'] === undefined ? {} : { customerName: options['customer-name'] }),
    customerFeatures: listOption(options['customer-features']),
    employeeFeatures: listOption(options['employee-features']),
  };
}

function idOption(flag: string, value: string | undefined): string {
  if (value === undefined) return randomBytes(12).toString('hex');
  if (!isPlatformId(value)) throw new UsageError(`${flag} must be 24 hex characters`);
  return value.toLowerCase();
}

function listOption(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function expiryOption(value: string): string {
  if (!EXPIRY_SPAN.test(value))
    throw new UsageError('--expires-in must be a number followed by s, m, h or d, e.g. 15m');
  return value;
}

async function main(argv: string[]): Promise<void> {
  const options = parseCommandLine(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const principal = principalFrom(options);
  const expiresIn = expiryOption(options['expires-in']);
  const { authSecret, dataDir } = loadConfig();
  const { secret, source } = resolveAuthSecretWithSource({ authSecret, dataDir });
  process.stderr.write(describeSecret(source, dataDir));
  process.stdout.write(`${await issueToken(secret, principal, { expiresIn })}\n`);
}

/** Which secret signed the token, never the secret itself: stdout stays the token alone. */
function describeSecret(source: AuthSecretSource, dataDir: string): string {
  if (source.kind === 'environment') return 'token: signed with AUTH_SECRET from the environment\n';
  const used = `token: signed with the secret in ${source.path} (DATA_DIR)\n`;
  if (!source.created) return used;
  return (
    used +
    `token: warning: there was none, so it created ${source.path} with a new secret; the service ` +
    `accepts this token only if it runs with the same DATA_DIR (${dataDir}), or with AUTH_SECRET ` +
    `set to that file's content\n`
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(usage ? `${error.message}\n\n${USAGE}` : `${(error as Error).message}\n`);
  process.exitCode = usage ? 2 : 1;
});
