import { figuresOf, pairedResult } from '../support/alternating-pairs';
import { adminTokens, newAuthSecret } from '../support/auth';
import { timedRuns } from '../support/mode';
import { getPlan, LIST_PAGE_SIZE, listPlan } from '../support/request-plans';
import type { Scenario } from '../support/scenario';
import { pairedWithBareServer } from '../support/servers/bare-server';
import { withRealService } from '../support/servers/real-service';
import { seedCasePool } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const GET_TARGET = 0.75;
const LIST_TARGET = 0.7;
const LIST_PAGES = 10;

/**
 * GET of one case, and GET of a list page among the first ten, from the read model; each
 * against the bare Fastify server answering a document of the same size, in alternating pairs
 * of runs. Each row is the median pair.
 */
export const readsScenario: Scenario = {
  name: 'reads',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const caseIds = await seedCasePool(dataDir, mode.casePool);
      const tokens = await adminTokens(authSecret);
      const get = getPlan(caseIds, tokens, mode.connections);
      const list = listPlan(
        Math.min(LIST_PAGES, Math.floor(caseIds.length / LIST_PAGE_SIZE)),
        tokens,
        mode.connections,
      );
      const pairs = await withRealService({ dataDir, authSecret }, async (service) => {
        await service.caughtUp();
        return {
          get: await pairedWithBareServer(service, authSecret, get, timedRuns(mode)),
          list: await pairedWithBareServer(service, authSecret, list, timedRuns(mode)),
        };
      });
      const throughput = (run: { requestsPerSecond: number }) => run.requestsPerSecond;
      return [
        pairedResult('get', 'req/s', 'higher', figuresOf(pairs.get, throughput), GET_TARGET),
        pairedResult(
          `list, ${LIST_PAGE_SIZE} a page`,
          'req/s',
          'higher',
          figuresOf(pairs.list, throughput),
          LIST_TARGET,
        ),
      ];
    }),
};
