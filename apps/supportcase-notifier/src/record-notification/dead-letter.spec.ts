import { deadLetterOf } from './dead-letter';
import type { ReceivedMessage } from './support-case-message.reader';

const received = (overrides: Partial<ReceivedMessage>): ReceivedMessage => ({
  key: 'a1b2c3',
  value: Buffer.from('not json'),
  headers: { ce_id: 'event-1', ce_type: 'unknown' },
  ...overrides,
});

describe('deadLetterOf', () => {
  it('keeps the key, the value as received and every header, adding dlq_reason', () => {
    const value = Buffer.from([0, 1, 2, 255]);

    expect(deadLetterOf(received({ value }), 'unknown ce_type "unknown"')).toEqual({
      key: 'a1b2c3',
      value,
      headers: { ce_id: 'event-1', ce_type: 'unknown', dlq_reason: 'unknown ce_type "unknown"' },
    });
  });

  it('writes back as JSON text what the Nest parser read as JSON, and keeps binary headers', () => {
    const binary = Buffer.from([0, 42]);
    const message = received({ key: { tenant: 1 }, headers: { trace: { id: 'x' }, raw: binary } });

    expect(deadLetterOf(message, 'why')).toEqual({
      key: '{"tenant":1}',
      value: message.value,
      headers: { trace: '{"id":"x"}', raw: binary, dlq_reason: 'why' },
    });
  });

  it('leaves out what the message did not have', () => {
    expect(deadLetterOf(received({ key: null, value: null, headers: undefined }), 'the value is missing')).toEqual({
      key: null,
      value: null,
      headers: { dlq_reason: 'the value is missing' },
    });
  });

  it('lets the reason replace a dlq_reason header the message already had', () => {
    const message = received({ headers: { dlq_reason: 'from an earlier life' } });

    expect(deadLetterOf(message, 'now').headers).toEqual({ dlq_reason: 'now' });
  });

  it('shortens a long reason to 1000 characters', () => {
    const reason = deadLetterOf(received({}), 'x'.repeat(5_000)).headers?.dlq_reason as string;

    expect(reason).toHaveLength(1_000);
    expect(reason.endsWith('…')).toBe(true);
  });
});
