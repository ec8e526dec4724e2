import { withEmmettPeer } from '../peers/emmett/emmett-peer';
import { alternatingPairs, figuresOf, pairedResult, type SidePair } from '../support/alternating-pairs';
import { adminTokens, newAuthSecret } from '../support/auth';
import { measureLoad, type LoadOptions, type LoadPlan, type LoadResult, type PlannedRequest } from '../support/load';
import { timedRuns } from '../support/mode';
import { getPlan, updatePlan } from '../support/request-plans';
import type { Scenario } from '../support/scenario';
import { measureOnService, withRealService, type RealService } from '../support/servers/real-service';
import { seedCasePool } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const UPDATE_TARGET = 2.5;
/** The service's p99 no higher than the peer's. */
const UPDATE_P99_TARGET = 1;
const GET_TARGET = 1.5;

/**
 * The `update` scenario's load, and gets of the same cases, on the real service and on a peer
 * built the way Emmett teaches (bench/peers/emmett), both seeded with the same case ids, in
 * alternating pairs of runs; each row is the median pair, the peer as baseline.
 */
export const peerEmmettScenario: Scenario = {
  name: 'peer-emmett',
  run: (mode) =>
    withTempDir((dataDir) =>
      withTempDir(async (peerDir) => {
        const authSecret = newAuthSecret();
        const caseIds = await seedCasePool(dataDir, mode.casePool);
        const tokens = await adminTokens(authSecret);
        const update = updatePlan(caseIds, tokens, mode.connections);
        const get = getPlan(caseIds, tokens, mode.connections);
        const runs = timedRuns(mode);
        const pairs = await withEmmettPeer({ dataDir: peerDir, authSecret, caseIds }, (peerUrl) =>
          withRealService({ dataDir, authSecret }, async (service) => {
            await service.caughtUp();
            return {
              update: await pairedWithPeer(service, peerUrl, update, runs),
              get: await pairedWithPeer(service, peerUrl, get, runs),
            };
          }),
        );
        const throughput = (run: LoadResult) => run.requestsPerSecond;
        return [
          pairedResult(
            'update vs peer (emmett)',
            'req/s',
            'higher',
            figuresOf(pairs.update, throughput),
            UPDATE_TARGET,
          ),
          pairedResult(
            'update p99 vs peer (emmett)',
            'ms',
            'lower',
            figuresOf(pairs.update, (run) => run.p99Ms),
            UPDATE_P99_TARGET,
          ),
          pairedResult('get vs peer (emmett)', 'req/s', 'higher', figuresOf(pairs.get, throughput), GET_TARGET),
        ];
      }),
    ),
};

function pairedWithPeer<R extends PlannedRequest>(
  service: RealService,
  peerUrl: string,
  plan: LoadPlan<R>,
  runs: LoadOptions<R>,
): Promise<SidePair<LoadResult>[]> {
  return alternatingPairs(
    () => measureOnService(service, plan, runs),
    () => measureLoad(peerUrl, plan, runs),
  );
}
