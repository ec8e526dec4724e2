import Ajv from 'ajv';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import addFormats from 'ajv-formats';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { SignedTreeHeadV1Schema, supportCaseMessageSchemaV1, type SupportCaseCloudEventType } from '@lib/contracts';
import type { KafkaConfig } from '../../apps/supportcase-service/src/config/service-config';
import { within } from '../support/within';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { ServiceUnderTest } from '../support/service-under-test';
import { readTopic, type ReadMessage } from '../support/topic-reader';

const ajv = addFormats(new Ajv({ strict: false }));
const STOPPED_WHILE_CONNECTING = join(__dirname, 'testing/relay-stopped-while-connecting.ts');

function kafkaConfig(brokers: string[], topic = uniqueTopic()): KafkaConfig {
  return {
    brokers,
    topic,
    auditTopic: `${topic}.audit`,
    partitions: 3,
    retentionMs: 3_600_000,
    clientId: 'supportcase-service-test',
  };
}

async function adminOf(service: ServiceUnderTest) {
  const token = await service.token({ accessLevel: 'ADMIN', name: 'Ann Admin' });
  return {
    create: async (body: object) => (await service.request('POST', '/iptv/supportcase', { token, body })).body,
    update: (id: string, body: object) => service.request('POST', `/iptv/supportcase/${id}`, { token, body }),
    history: async (id: string) => (await service.request('GET', `/iptv/supportcase/${id}/history`, { token })).body,
    erase: (id: string, reason: string) =>
      service.request('POST', `/iptv/supportcase/${id}/erase`, { token, body: { reason } }),
  };
}

describeWithKafka('the Kafka relay against a real broker', (brokers) => {
  let service: ServiceUnderTest | undefined;
  afterEach(() => service?.stop());

  it('turns an HTTP update into exactly the expected message: key, CloudEvents headers, schema-valid value, nothing private', async () => {
    const kafka = kafkaConfig(brokers);
    service = await ServiceUnderTest.start({ kafka });
    const admin = await adminOf(service);
    const created = await admin.create({ name: 'Ingen lyd', privateInformation: 'Gertrud, +45 8888 9977' });
    await admin.update(created._id, { description: 'Ingen lyd på DR1', privateInformation: 'ny kode 1234' });
    await service.relayed();

    const messages = await readTopic(brokers, kafka.topic, 2);
    const [, stored] = (await admin.history(created._id)).events;
    expect(messages).toHaveLength(2);
    const update = messages[1];
    expect(update.key).toBe(created._id);
    expect(update.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: expect.any(String),
      ce_type: 'dk.telecomx.iptv.supportcase.updated.v1',
      ce_source: '/iptv/supportcase',
      ce_subject: created._id,
      ce_time: stored.date,
      'content-type': 'application/json',
    });
    const value = JSON.parse(update.value);
    expect(value).toEqual({
      caseId: created._id,
      revision: 1,
      occurredAt: stored.date,
      case: { name: 'Ingen lyd', customer: created.customer, reseller: created.customer, solved: false },
      data: { changes: { description: 'Ingen lyd på DR1' } },
    });
    for (const message of messages) {
      expect(
        ajv.validate(
          supportCaseMessageSchemaV1(message.headers.ce_type as SupportCaseCloudEventType),
          JSON.parse(message.value),
        ),
      ).toBe(true);
      expect(message.value).not.toMatch(/privateInformation|Gertrud|1234/);
    }
  });

  it('publishes an erasure as erased.v1, valid against the contract and holding no name or text', async () => {
    const kafka = kafkaConfig(brokers);
    service = await ServiceUnderTest.start({ kafka });
    const admin = await adminOf(service);
    const created = await admin.create({ name: 'Ingen lyd hos Gertrud' });
    await admin.erase(created._id, 'GDPR art. 17');
    await service.relayed();

    const [, erased] = await readTopic(brokers, kafka.topic, 2);

    expect(erased.headers.ce_type).toBe('dk.telecomx.iptv.supportcase.erased.v1');
    const value = JSON.parse(erased.value);
    expect(ajv.validate(supportCaseMessageSchemaV1('dk.telecomx.iptv.supportcase.erased.v1'), value)).toBe(true);
    expect(value).toEqual({
      caseId: created._id,
      revision: 1,
      occurredAt: expect.any(String),
      case: { customer: created.customer, reseller: created.customer, solved: false },
      data: { erased: { date: value.occurredAt, reason: 'GDPR art. 17' } },
    });
  });

  it('creates its topic keeping messages for the retention it is given, so erased names expire from the broker', async () => {
    const kafka = kafkaConfig(brokers);
    service = await ServiceUnderTest.start({ kafka });
    const admin = await adminOf(service);
    await admin.create({ name: 'Ingen lyd' });
    await service.relayed();

    const client = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await client.connect();
    try {
      const { resources } = await client.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: kafka.topic, configNames: ['retention.ms'] }],
        includeSynonyms: false,
      });
      expect(resources[0].configEntries).toEqual([
        expect.objectContaining({ configName: 'retention.ms', configValue: '3600000' }),
      ]);
    } finally {
      await client.disconnect();
    }
  });

  it('copies every signed tree head to the audit topic, as a CloudEvent with the head as its value', async () => {
    const kafka = kafkaConfig(brokers);
    service = await ServiceUnderTest.start({ kafka, roles: new Set(['api', 'projector', 'sealer', 'relay']) });
    const admin = await adminOf(service);
    await admin.create({ name: 'Første' });
    const first = await service.sealed();
    await admin.create({ name: 'Anden' });
    const second = await service.sealed();
    await service.headsPublished();

    const messages = await readTopic(brokers, kafka.auditTopic, 2);
    expect(messages.map((message) => JSON.parse(message.value))).toEqual([first, second]);
    expect(messages[1].headers).toEqual({
      ce_specversion: '1.0',
      ce_id: 'tree-head-2',
      ce_type: 'dk.telecomx.iptv.supportcase.tree-head-signed.v1',
      ce_source: '/iptv/supportcase/audit',
      ce_subject: '2',
      ce_time: second?.timestamp,
      'content-type': 'application/json',
    });
    for (const message of messages) expect(ajv.validate(SignedTreeHeadV1Schema, JSON.parse(message.value))).toBe(true);
  });

  it('keeps per-case order: 200 updates spread over 20 cases arrive in revision order for each case', async () => {
    const kafka = kafkaConfig(brokers);
    service = await ServiceUnderTest.start({ kafka });
    const admin = await adminOf(service);
    const cases = await Promise.all(Array.from({ length: 20 }, (_, i) => admin.create({ name: `sag ${i}` })));
    await Promise.all(
      cases.map(async ({ _id }) => {
        for (let n = 1; n <= 10; n++) await admin.update(_id, { description: `opdatering ${n}` });
      }),
    );
    await service.relayed();

    const messages = await readTopic(brokers, kafka.topic, 220);
    expect(messages).toHaveLength(220);
    for (const { _id } of cases) {
      const ofCase = messages.filter((message) => message.key === _id);
      expect(ofCase.map((message) => JSON.parse(message.value).revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set(ofCase.map((message) => message.partition)).size).toBe(1);
    }
  });

  it('resumes from its checkpoint after a restart mid-stream, without re-sending what Kafka acknowledged', async () => {
    const kafka = kafkaConfig(brokers);
    const first = await ServiceUnderTest.start({ kafka });
    const admin = await adminOf(first);
    const supportCase = await admin.create({ name: 'genstart' });
    const writes = Array.from({ length: 30 }, (_, n) => admin.update(supportCase._id, { description: `før ${n}` }));
    await Promise.all(writes);
    service = await first.restarted();
    const again = await adminOf(service);
    for (let n = 0; n < 10; n++) await again.update(supportCase._id, { description: `efter ${n}` });
    await service.relayed();

    const messages = await readTopic(brokers, kafka.topic, 41);
    expect(messages.map(revisionOf)).toEqual(Array.from({ length: 41 }, (_, revision) => revision));
    expect(new Set(messages.map((message) => message.headers.ce_id)).size).toBe(41);
  });

  it('closes its Kafka connections when stopped while still connecting, so its process ends on its own', async () => {
    const run = spawn(process.execPath, ['-r', '@swc-node/register', STOPPED_WHILE_CONNECTING, brokers.join(',')], {
      cwd: resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(run, 'exit');
    try {
      await within(60_000, 'the process ending on its own after the service stopped', exited);
    } finally {
      run.kill('SIGKILL');
    }
    expect(run.exitCode).toBe(0);
  });
});

const revisionOf = (message: ReadMessage): number => JSON.parse(message.value).revision;
