import { join } from 'node:path';
import { alternatingPairs, type SidePair } from '../alternating-pairs';
import { measureLoad, type LoadOptions, type LoadPlan, type LoadResult, type PlannedRequest } from '../load';
import { ChildServer } from './child-server';
import { measureOnService, type RealService } from './real-service';

export interface BareServerOptions {
  readonly authSecret: string;
  /** The size of the JSON document it answers every request with. */
  readonly documentBytes: number;
}

/** Runs `work` against the bare Fastify baseline, started in a process of its own. */
export async function withBareServer<T>(options: BareServerOptions, work: (url: string) => Promise<T>) {
  const server = await ChildServer.start(join(__dirname, 'bare-server.process.ts'), options);
  try {
    return await work(server.url);
  } finally {
    await server.stop();
  }
}

/**
 * The plan's load on the service and on the bare server, in alternating pairs. The service's run
 * goes first: the mean size it answered is the size of the bare server's document, and the bare
 * server then stays up for the other runs.
 */
export async function pairedWithBareServer<R extends PlannedRequest>(
  service: RealService,
  authSecret: string,
  plan: LoadPlan<R>,
  runs: LoadOptions<R>,
): Promise<SidePair<LoadResult>[]> {
  const onService = () => measureOnService(service, plan, runs);
  const firstValue = await onService();
  const documentBytes = Math.round(firstValue.meanBodyBytes);
  return withBareServer({ authSecret, documentBytes }, (url) =>
    alternatingPairs(onService, () => measureLoad(url, plan, runs), { firstValue }),
  );
}
