import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../../support/servers/child-server';
import type { EmmettPeerProcessOptions } from './emmett-peer';
import { peerApi } from './peer-api';
import { openPeerStore } from './peer-store';

/** The Emmett peer: Express on Emmett's SQLite event store, in a process of its own. */
serveParent<EmmettPeerProcessOptions>(async ({ fileName, authSecret }) => {
  const store = await openPeerStore(fileName);
  const server = peerApi(store, authSecret).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    commands: {},
    stop: async () => {
      server.close();
      await once(server, 'close');
      store.close();
    },
  };
});
