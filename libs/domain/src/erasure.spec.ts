import { erasureOf } from './erasure';
import { caseCreated, caseErased } from './testing/events';

const metadata = { occurredAt: '2026-05-04T10:00:00.000Z', correlationId: 'request-1' };

describe('erasureOf', () => {
  it('reads when and why a SupportCaseErased event erased its case off its metadata and data', () => {
    expect(erasureOf({ ...caseErased('GDPR art. 17, request 7'), metadata })).toEqual({
      date: '2026-05-04T10:00:00.000Z',
      reason: 'GDPR art. 17, request 7',
    });
  });

  it('finds no erasure in any other event', () => {
    expect(erasureOf({ ...caseCreated(), metadata })).toBeUndefined();
  });
});
