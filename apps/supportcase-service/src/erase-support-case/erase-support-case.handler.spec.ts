import { streamIdOf } from '@lib/domain';
import { CASE_ID, admin, caseCommented, caseCreated } from '@lib/domain/testing';
import { appendEvents, callerOf, historyOf, writeModule, type WriteModule } from '../testing/write-module';
import { EraseSupportCaseCommand } from './erase-support-case.command';
import { EraseSupportCaseHandler } from './erase-support-case.handler';

const MISSING_CASE_ID = 'ca5e0000000000000000ffff';

describe('EraseSupportCaseHandler', () => {
  let app: WriteModule;

  beforeEach(async () => {
    app = await writeModule([EraseSupportCaseHandler]);
    await appendEvents(app.store, CASE_ID, caseCreated(), caseCommented('c00000000000000000000c02', 'Call Gertrud'));
  });

  afterEach(() => app.close());

  const erase = (reason: string, caseId = CASE_ID) =>
    app.commands.execute(new EraseSupportCaseCommand(caseId, { reason }, callerOf(admin)));

  /** Every string of the case's history, as opened now. */
  const historyText = async () => JSON.stringify(await historyOf(app.store, CASE_ID));

  it('appends SupportCaseErased and answers the case without its personal values', async () => {
    const { supportCase, revision } = await erase('GDPR art. 17');

    expect(revision).toBe(2);
    expect(supportCase.erased).toEqual({ date: expect.any(String), reason: 'GDPR art. 17' });
    expect(supportCase).not.toHaveProperty('name');
    expect((await historyOf(app.store, CASE_ID)).map((event) => event.type)).toEqual([
      'SupportCaseCreated',
      'SupportCaseCommented',
      'SupportCaseErased',
    ]);
  });

  it("destroys the case's key: its earlier events open without a name or text", async () => {
    expect(await historyText()).toContain('Call Gertrud');

    await erase('GDPR art. 17');

    const text = await historyText();
    for (const personal of ['Call Gertrud', 'No picture', 'Hansen Boligforening', 'Call Gertrud on', 'Ada Admin']) {
      expect(text).not.toContain(personal);
    }
    expect(text).toContain(CASE_ID);
  });

  it("answers a second erasure with the first one's result, appending nothing", async () => {
    const first = await erase('GDPR art. 17');

    const second = await erase('asked again');

    expect(second).toEqual(first);
    expect(await historyOf(app.store, CASE_ID)).toHaveLength(3);
  });

  it("forgets the case's snapshot; a process that never read the case reads it from its events", async () => {
    const comments = Array.from({ length: 150 }, (_, n) =>
      caseCommented(`c0${String(n).padStart(22, '0')}`, 'Call Gertrud'),
    );
    await appendEvents(app.store, CASE_ID, ...comments);
    const saved = jest.spyOn(app.snapshots, 'save');

    const first = await erase('GDPR art. 17');

    expect(saved).toHaveBeenCalled();
    expect(await app.snapshots.latest(streamIdOf(CASE_ID))).toBeUndefined();
    const another = await writeModule([EraseSupportCaseHandler], { store: app.store });
    const again = await another.commands.execute(
      new EraseSupportCaseCommand(CASE_ID, { reason: 'again' }, callerOf(admin)),
    );
    await another.close();
    expect(again).toEqual(first);
    expect(again.supportCase.comments).toHaveLength(152);
    expect(await app.snapshots.latest(streamIdOf(CASE_ID))).toBeUndefined();
  });

  it('refuses a missing case as not found, appending nothing', async () => {
    await expect(erase('GDPR art. 17', MISSING_CASE_ID)).rejects.toMatchObject({ code: 'not_found' });
    expect(await historyOf(app.store, MISSING_CASE_ID)).toEqual([]);
  });
});
