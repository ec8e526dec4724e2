import { join } from 'node:path';
import { measureLoad, type LoadOptions, type LoadPlan, type LoadResult, type PlannedRequest } from '../load';
import { ChildServer } from './child-server';

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

/** The requests measured on the service, sent again to the bare server answering as many bytes. */
export function measureOnBareServer<R extends PlannedRequest>(
  authSecret: string,
  onService: LoadResult,
  plan: LoadPlan<R>,
  runs: LoadOptions<R>,
): Promise<LoadResult> {
  const documentBytes = Math.round(onService.meanBodyBytes);
  return withBareServer({ authSecret, documentBytes }, (url) => measureLoad(url, plan, runs));
}
