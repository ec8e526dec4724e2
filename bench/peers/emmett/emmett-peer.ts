import { join } from 'node:path';
import { ChildServer } from '../../support/servers/child-server';
import { assertEmmettLoads } from './emmett-packages';

export interface EmmettPeerOptions {
  /** A directory of the peer's own, where its SQLite file goes. */
  readonly dataDir: string;
  readonly authSecret: string;
  /** The cases to create before it serves: the ids the service was seeded with. */
  readonly caseIds: readonly string[];
}

export interface EmmettPeerProcessOptions {
  readonly fileName: string;
  readonly authSecret: string;
}

/** Seeds the Emmett peer's store with the cases, runs `work` against it in a process of its own, and stops it. */
export async function withEmmettPeer<T>(
  { dataDir, authSecret, caseIds }: EmmettPeerOptions,
  work: (url: string) => Promise<T>,
): Promise<T> {
  await assertEmmettLoads();
  const { seedPeerCases } = await import('./seed-peer-cases');
  const fileName = join(dataDir, 'emmett-peer.sqlite');
  await seedPeerCases(fileName, caseIds);
  const options: EmmettPeerProcessOptions = { fileName, authSecret };
  const server = await ChildServer.start(join(__dirname, 'emmett-peer.process.ts'), options);
  try {
    return await work(server.url);
  } finally {
    await server.stop();
  }
}
