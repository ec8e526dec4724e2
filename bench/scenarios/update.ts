import { figuresOf, pairedResult } from '../support/alternating-pairs';
import { adminTokens, newAuthSecret } from '../support/auth';
import { timedRuns } from '../support/mode';
import { updatePlan } from '../support/request-plans';
import type { Scenario } from '../support/scenario';
import { pairedWithBareServer } from '../support/servers/bare-server';
import { withRealService } from '../support/servers/real-service';
import { seedCasePool } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.5;

/**
 * POST /iptv/supportcase/:id on the real service against a bare Fastify server that parses
 * the same bodies, verifies the same tokens and answers documents of the same mean size, in
 * alternating pairs of runs; each row is the median pair.
 */
export const updateScenario: Scenario = {
  name: 'update',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const caseIds = await seedCasePool(dataDir, mode.casePool);
      const plan = updatePlan(caseIds, await adminTokens(authSecret), mode.connections);
      const pairs = await withRealService({ dataDir, authSecret }, async (service) => {
        await service.caughtUp();
        return pairedWithBareServer(service, authSecret, plan, timedRuns(mode));
      });
      return [
        pairedResult(
          'update',
          'req/s',
          'higher',
          figuresOf(pairs, (run) => run.requestsPerSecond),
          TARGET,
        ),
        pairedResult(
          'update p50',
          'ms',
          'lower',
          figuresOf(pairs, (run) => run.p50Ms),
          TARGET,
        ),
        pairedResult(
          'update p99',
          'ms',
          'lower',
          figuresOf(pairs, (run) => run.p99Ms),
          TARGET,
        ),
      ];
    }),
};
