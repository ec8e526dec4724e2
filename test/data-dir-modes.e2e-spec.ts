import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AUDIT_SIGNING_KEY_FILE } from '@lib/audit-log';
import { DATA_ENCRYPTION_KEY_FILE } from '@lib/personal-data';
import { modesUnder } from '@lib/private-files/testing';
import { keyStoreFile, sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { ServiceUnderTest } from './support/service-under-test';
import { SupportCaseClient } from './support/support-case-client';

describe('what the service writes in DATA_DIR', () => {
  let parent: string;
  let service: ServiceUnderTest | undefined;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'supportcase-modes-'));
  });

  afterEach(async () => {
    await service?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('is open to the service user only: the folders it creates 0700, its files 0600, the SQLite WAL included', async () => {
    const dataDir = join(parent, 'created', 'by-the-service');
    service = await ServiceUnderTest.start({
      dataDir,
      roles: new Set(['api', 'projector', 'sealer'] as const),
      databaseUrl: undefined,
    });
    const admin = new SupportCaseClient(service, await service.token({ accessLevel: 'ADMIN' }));
    const { _id: id } = await admin.created({ name: 'Sag med personlige oplysninger' });
    await admin.update(id, { description: 'Kunden kan ikke logge ind' });
    await service.sealed();

    const database = `created/by-the-service/${basename(sqliteFile(service.config))}`;
    const keyStore = `created/by-the-service/${basename(keyStoreFile(service.config))}`;
    expect(modesUnder(parent)).toEqual({
      created: 0o700,
      'created/by-the-service': 0o700,
      [database]: 0o600,
      [`${database}-shm`]: 0o600,
      [`${database}-wal`]: 0o600,
      [keyStore]: 0o600,
      [`${keyStore}-shm`]: 0o600,
      [`${keyStore}-wal`]: 0o600,
      [`created/by-the-service/${AUDIT_SIGNING_KEY_FILE}`]: 0o600,
      [`created/by-the-service/${DATA_ENCRYPTION_KEY_FILE}`]: 0o600,
    });
  });
});
