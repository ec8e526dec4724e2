import { DEAD_LETTER_REASON_HEADER, deadLetterTopicOf } from '@lib/contracts';
import type { KafkaMessage } from 'kafkajs';
import { describeWithKafka } from '../support/kafka';
import { eventually } from './support/eventually';
import { notifierForSuite } from './support/notifier-for-suite';
import { SupportCaseMessages, ceIdOf, type SupportCaseKafkaMessage } from './support/support-case-messages';

jest.setTimeout(90_000);

const headersOf = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));

describeWithKafka('notifier: messages that break the contract', (brokers) => {
  const suite = notifierForSuite(brokers);
  const { topic, kafka } = suite;
  const deadLetterTopic = deadLetterTopicOf(topic);
  it('creates the dead letter topic at start', async () => {
    expect(await kafka.topicExists(deadLetterTopic)).toBe(true);
  });

  it('puts each on the dead letter topic as it came, with the reason, and goes on with the next', async () => {
    const supportCase = new SupportCaseMessages();
    const valid = supportCase.solved();
    const unknownType = supportCase.solved();
    unknownType.headers.ce_type = 'dk.telecomx.iptv.supportcase.archived.v1';
    const withoutId = supportCase.reopened();
    delete withoutId.headers.ce_id;
    const poison: [SupportCaseKafkaMessage, RegExp][] = [
      [{ ...supportCase.solved(), value: '{"caseId": ' }, /^the value is not valid JSON/],
      [unknownType, /^unknown ce_type "dk\.telecomx\.iptv\.supportcase\.archived\.v1"$/],
      [{ ...supportCase.responded('Restart'), value: '{"caseId":"nope"}' }, /^the value does not match the schema/],
      [withoutId, /^missing header ce_id$/],
    ];
    const deadLetters = await kafka.receive(deadLetterTopic);

    await kafka.produce(topic, [...poison.map(([message]) => message), valid]);

    const notifications = await eventually(async () => {
      const found = await suite.notifier.notificationsOf(supportCase.parties.customer!);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(notifications[0].id).toBe(ceIdOf(valid));
    await eventually(async () => expect(deadLetters).toHaveLength(poison.length));
    deadLetters.forEach((deadLetter, index) => {
      const [sent, reason] = poison[index];
      const { [DEAD_LETTER_REASON_HEADER]: given, ...headers } = headersOf(deadLetter);
      expect({ key: deadLetter.key?.toString(), value: deadLetter.value?.toString(), headers }).toEqual(sent);
      expect(given).toMatch(reason);
    });
  });
});
