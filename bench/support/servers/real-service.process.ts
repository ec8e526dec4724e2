import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../../apps/supportcase-service/src/app.factory';
import { loadConfig } from '../../../apps/supportcase-service/src/config/service-config';
import { ReadModelProjector } from '../../../apps/supportcase-service/src/projector/read-model-projector';
import { SealerRole } from '../../../apps/supportcase-service/src/sealer/sealer.role';
import { serveParent } from './child-server';
import type { RealServiceOptions } from './real-service';

/**
 * The service as `npm start` runs it on the embedded default (configuration from the same
 * loader, so every default applies), its JSON log going to a file in the data directory.
 */
serveParent<RealServiceOptions>(async ({ dataDir, authSecret }) => {
  const config = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: authSecret, HOST: '127.0.0.1', PORT: '0' });
  const app = await createApp(config, { logDestination: pino.destination(join(dataDir, 'service.log')) });
  await app.listen(config.port, config.host);
  return {
    url: await app.getUrl(),
    commands: {
      caughtUp: async () => {
        await app.get(ReadModelProjector).waitUntilCaughtUp();
        await app.get(SealerRole).waitUntilSealed();
      },
    },
    stop: () => app.close(),
  };
});
