import { join } from 'node:path';
import { measureLoad, type LoadOptions, type LoadPlan, type LoadResult, type PlannedRequest } from '../load';
import { ChildServer } from './child-server';

export interface RealServiceOptions {
  readonly dataDir: string;
  readonly authSecret: string;
}

export interface RealService {
  readonly url: string;
  /**
   * Resolves once every event stored so far is in the read model and under a signed head: the
   * steady state a measurement starts from, with no seeded backlog left to catch up on.
   */
  caughtUp(): Promise<void>;
}

/** Runs `work` against the real service on `dataDir`, started in a process of its own. */
export async function withRealService<T>(options: RealServiceOptions, work: (service: RealService) => Promise<T>) {
  const server = await ChildServer.start(join(__dirname, 'real-service.process.ts'), options);
  try {
    return await work({ url: server.url, caughtUp: () => server.command('caughtUp') });
  } finally {
    await server.stop();
  }
}

/**
 * A load run on the service, then a wait until it has projected and sealed what the run
 * appended, so that its catching up does not compete with the next run, whichever side that is.
 */
export async function measureOnService<R extends PlannedRequest>(
  service: RealService,
  plan: LoadPlan<R>,
  runs: LoadOptions<R>,
): Promise<LoadResult> {
  const result = await measureLoad(service.url, plan, runs);
  await service.caughtUp();
  return result;
}
