import { issueToken } from '@lib/auth';
import { randomBytes } from 'node:crypto';
import { BENCH_ADMIN, newCaseId } from './case-history';

/** Enough support employees that requests spread over their tokens stay under the service's per-token rate limit. */
const SUPPORT_TEAM_SIZE = 1_000;

export function newAuthSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Valid ADMIN tokens of a support team, as the platform issues them. */
export function adminTokens(secret: string, count = SUPPORT_TEAM_SIZE): Promise<string[]> {
  const { customer, customerName } = BENCH_ADMIN;
  return Promise.all(
    Array.from({ length: count }, (_, member) =>
      issueToken(
        secret,
        {
          employee: newCaseId(),
          customer,
          accessLevel: 'ADMIN',
          name: `Supporter ${member + 1}`,
          customerName,
          customerFeatures: [],
          employeeFeatures: [],
        },
        { expiresIn: '2h' },
      ),
    ),
  );
}
