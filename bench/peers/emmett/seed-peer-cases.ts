import { prose } from '../../support/payloads';
import { openPeerStore } from './peer-store';
import { newObjectId, type CaseUpdate, type DecisionMetadata, type SupportCaseCommand } from './support-case';

/** The support employee who opened and worked the seeded cases, as in the service's seeded pool. */
const SEEDING_SUPPORTER = { employee: '65f1c0de00000000000000e1', employeeName: 'Ada Admin' };
const FIRST_EVENT_AT = Date.parse('2025-01-06T08:00:00.000Z');
const STEP_MS = 60_000;

/**
 * Creates the cases in the peer's store, each with the five events of the service's pool cases:
 * opened, described anew, answered, solved, commented on. Each case is one command handling, so
 * one append, through Emmett's store.
 */
export async function seedPeerCases(fileName: string, caseIds: readonly string[]): Promise<void> {
  const store = await openPeerStore(fileName);
  try {
    for (const caseId of caseIds) await store.handle(caseId, caseLife(caseId));
  } finally {
    store.close();
  }
}

function caseLife(caseId: string): SupportCaseCommand[] {
  const at = (step: number): DecisionMetadata => ({
    now: new Date(FIRST_EVENT_AT + step * STEP_MS),
    ...SEEDING_SUPPORTER,
  });
  const update = (step: number, change: Partial<CaseUpdate>): SupportCaseCommand => ({
    type: 'UpdateSupportCase',
    data: { caseId, fields: {}, comments: [], ...change },
    metadata: at(step),
  });
  return [
    { type: 'OpenSupportCase', data: { supportCase: openingOf(caseId, at(0).now) }, metadata: at(0) },
    update(1, { fields: { description: `Opdateret 1: ${prose(500)}` } }),
    update(2, { answer: `Svar 2: ${prose(300)}` }),
    update(3, { fields: { solved: true } }),
    update(4, {
      comments: [{ _id: newObjectId(), comment: `Kommentar 4: ${prose(400)}`, isSupport: true, files: [] }],
    }),
  ];
}

function openingOf(caseId: string, openedAt: Date) {
  const date = openedAt.toISOString();
  return {
    _id: caseId,
    name: `Billedet fryser paa kanal 4 (${caseId.slice(-6)})`,
    description: prose(600),
    customer: newObjectId(),
    customerName: 'Hansen Boligforening ApS',
    ...SEEDING_SUPPORTER,
    solved: false,
    date,
    lastUpdated: date,
    device: 'APPLETV',
    systemVersion: 'tvOS 17.4.1',
    playMakerVersion: '5.12.0',
    privateInformation: 'Adgangskode til routeren: se kundekortet',
    files: [{ _id: newObjectId(), url: `https://image.telecomx.dk/support/${caseId}.jpeg`, type: 'IMAGE' }],
    comments: [],
  };
}
