import { adminTokens, newAuthSecret } from '../support/auth';
import { measureLoad } from '../support/load';
import { timedRuns } from '../support/mode';
import { getPlan, LIST_PAGE_SIZE, listPlan } from '../support/request-plans';
import { higherIsBetter } from '../support/results';
import type { Scenario } from '../support/scenario';
import { measureOnBareServer } from '../support/servers/bare-server';
import { withRealService } from '../support/servers/real-service';
import { seedCasePool } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.7;
const LIST_PAGES = 10;

/**
 * GET of one case, and GET of a list page among the first ten, from the read model; each
 * against the bare Fastify server answering a document of the same size.
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
      const service = await withRealService({ dataDir, authSecret }, async ({ url, caughtUp }) => {
        await caughtUp();
        return {
          get: await measureLoad(url, get, timedRuns(mode)),
          list: await measureLoad(url, list, timedRuns(mode)),
        };
      });
      const bareGet = await measureOnBareServer(authSecret, service.get, get, timedRuns(mode));
      const bareList = await measureOnBareServer(authSecret, service.list, list, timedRuns(mode));
      return [
        higherIsBetter('get', 'req/s', service.get.requestsPerSecond, bareGet.requestsPerSecond, TARGET),
        higherIsBetter(
          `list, ${LIST_PAGE_SIZE} a page`,
          'req/s',
          service.list.requestsPerSecond,
          bareList.requestsPerSecond,
          TARGET,
        ),
      ];
    }),
};
