import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ServiceUnderTest } from '../../support/service-under-test';
import { SUPPORT_CASES, SupportCaseClient } from '../../support/support-case-client';

/** The correlation id the seeded update carries, for the timeline to show. */
export const UPDATE_REQUEST_ID = 'console-e2e-update-1';

/**
 * A case with a history worth auditing, each step its own request: created, updated (name kept,
 * description and device changed), commented, then solved with a response in one update.
 */
export async function caseWithHistory(
  service: ServiceUnderTest,
  adminToken: string,
  customer: string,
): Promise<string> {
  const admin = new SupportCaseClient(service, adminToken);
  const { _id: id } = await admin.created({
    name: 'Fjernbetjening virker ikke',
    description: 'Fjernbetjeningen reagerer ikke efter opdateringen',
    customer,
    customerName: 'Jens Hansen',
    device: 'IOS',
    systemVersion: '17.4',
  });
  await expectOk(
    admin.update(
      id,
      { description: 'Fjernbetjeningen reagerer ikke efter opdatering til 4.2', device: 'APPLETV' },
      { headers: { 'x-request-id': UPDATE_REQUEST_ID } },
    ),
  );
  const comment = { comment: 'Prøv at genstarte boksen' };
  await expectOk(service.request('POST', `${SUPPORT_CASES}/${id}/comment`, { token: adminToken, body: comment }));
  await expectOk(admin.update(id, { solved: true, response: { answer: 'En genstart af boksen løste det' } }));
  return id;
}

async function expectOk(reply: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await reply;
  if (status !== 200) throw new Error(`seeding answered ${status}: ${JSON.stringify(body)}`);
}

/**
 * Changes one stored event of a case behind the service's back, in the SQLite file: a device
 * that is no personal value, so the event still reads, but no longer matches its hash.
 */
export function tamperWithDevice(service: ServiceUnderTest, id: string, revision: number, device: string): void {
  const db = new Database(join(service.config.dataDir, 'supportcase.sqlite'));
  try {
    const stream = `supportCase-${id}`;
    const { data } = db
      .prepare<[string, number], { data: string }>('SELECT data FROM events WHERE stream_id = ? AND revision = ?')
      .get(stream, revision)!;
    const changed = data.replace(/"device":"[A-Z]+"/, `"device":"${device}"`);
    if (changed === data) throw new Error(`revision ${revision} of case ${id} holds no device to change`);
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(changed, stream, revision);
  } finally {
    db.close();
  }
}
