import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { sqliteFile } from '../../apps/supportcase-notifier/src/config/notifier-config';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { eventually } from './support/eventually';
import { KafkaTestClient } from './support/kafka-client';
import { NotifierUnderTest } from './support/notifier-under-test';
import { createTemporarySchema, describeWithPostgres, type TemporarySchema } from '../support/postgres';
import { SupportCaseMessages, ceIdOf } from './support/support-case-messages';

jest.setTimeout(90_000);

describeWithKafka('notifier with DATABASE_URL', (brokers) => {
  describeWithPostgres('PostgreSQL store', (databaseUrl) => {
    const topic = uniqueTopic('test.notifier');
    const kafka = new KafkaTestClient(brokers);
    let schema: TemporarySchema;
    let notifier: NotifierUnderTest;

    beforeAll(async () => {
      await kafka.connect();
      await kafka.createTopic(topic);
      schema = await createTemporarySchema(databaseUrl);
      notifier = await NotifierUnderTest.start(brokers, topic, { databaseUrl: schema.url });
    });

    afterAll(async () => {
      await notifier?.stop();
      await schema?.drop();
      await kafka.disconnect();
    });

    it('keeps the notifications in PostgreSQL, not in DATA_DIR', async () => {
      const supportCase = new SupportCaseMessages();
      const solved = supportCase.solved();

      await kafka.produce(topic, [solved]);

      await eventually(async () =>
        expect(await notifier.notificationsOf(supportCase.parties.customer!)).toHaveLength(1),
      );
      expect(await idsInPostgres(schema.url)).toEqual([ceIdOf(solved)]);
      expect(existsSync(sqliteFile(notifier.config))).toBe(false);
    });
  });
});

async function idsInPostgres(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('SELECT id FROM notifications')).rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}
