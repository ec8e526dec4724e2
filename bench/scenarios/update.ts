import { adminTokens, newAuthSecret } from '../support/auth';
import { measureLoad } from '../support/load';
import { timedRuns } from '../support/mode';
import { updatePlan } from '../support/request-plans';
import { higherIsBetter, lowerIsBetter } from '../support/results';
import type { Scenario } from '../support/scenario';
import { measureOnBareServer } from '../support/servers/bare-server';
import { withRealService } from '../support/servers/real-service';
import { seedCasePool } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.5;

/**
 * POST /iptv/supportcase/:id on the real service against a bare Fastify server that parses
 * the same bodies, verifies the same tokens and answers documents of the same mean size.
 */
export const updateScenario: Scenario = {
  name: 'update',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const caseIds = await seedCasePool(dataDir, mode.casePool);
      const plan = updatePlan(caseIds, await adminTokens(authSecret), mode.connections);
      const service = await withRealService({ dataDir, authSecret }, async ({ url, caughtUp }) => {
        await caughtUp();
        return measureLoad(url, plan, timedRuns(mode));
      });
      const bare = await measureOnBareServer(authSecret, service, plan, timedRuns(mode));
      return [
        higherIsBetter('update', 'req/s', service.requestsPerSecond, bare.requestsPerSecond, TARGET),
        lowerIsBetter('update p50', 'ms', service.p50Ms, bare.p50Ms, TARGET),
        lowerIsBetter('update p99', 'ms', service.p99Ms, bare.p99Ms, TARGET),
      ];
    }),
};
