import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { eventually } from './support/eventually';
import { KafkaTestClient } from './support/kafka-client';
import { notifierForSuite } from './support/notifier-for-suite';
import { NotifierUnderTest } from './support/notifier-under-test';
import { SupportCaseMessages, ceIdOf, commentIdOf, newId } from './support/support-case-messages';

jest.setTimeout(90_000);

describeWithKafka('notifier: support case messages to notifications', (brokers) => {
  const suite = notifierForSuite(brokers);
  const { topic, kafka } = suite;
  /** Waits until the customer has exactly `count` notifications, then gives them, newest first. */
  const notificationsOnceThereAre = (customer: string, count: number) =>
    eventually(async () => {
      const notifications = await suite.notifier.notificationsOf(customer);
      expect(notifications).toHaveLength(count);
      return notifications;
    });

  it('makes one notification for each answer, solving, reopening and comment by support', async () => {
    const supportCase = new SupportCaseMessages();
    const sent = [
      supportCase.responded('Restart the box'),
      supportCase.solved(),
      supportCase.reopened(),
      supportCase.commented('We are looking into it', { isSupport: true }),
    ];

    await kafka.produce(topic, sent);

    const notifications = await notificationsOnceThereAre(supportCase.parties.customer!, 4);
    expect(notifications).toEqual(
      [
        { kind: 'answered', text: 'Restart the box' },
        { kind: 'solved' },
        { kind: 'reopened' },
        { kind: 'commented', commentId: commentIdOf(sent[3]), text: 'We are looking into it' },
      ]
        .map((expected, index) => ({
          id: ceIdOf(sent[index]),
          caseId: supportCase.caseId,
          caseName: supportCase.name,
          customer: supportCase.parties.customer,
          reseller: supportCase.parties.reseller,
          ...expected,
          occurredAt: JSON.parse(sent[index].value).occurredAt,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        }))
        .reverse(),
    );
  });

  it('makes none for a creation, an update, a comment by the customer, or an edited or removed comment', async () => {
    const supportCase = new SupportCaseMessages();
    const last = supportCase.solved();

    await kafka.produce(topic, [
      supportCase.created(),
      supportCase.updated(),
      supportCase.commented('Any news?', { isSupport: false }),
      supportCase.commentEdited(),
      supportCase.commentRemoved(newId()),
      last,
    ]);

    // One key, one partition: once the last message is recorded, every earlier one was handled.
    const notifications = await notificationsOnceThereAre(supportCase.parties.customer!, 1);
    expect(notifications.map((notification) => notification.id)).toEqual([ceIdOf(last)]);
  });

  it("removes a removed comment's text from its notification, keeping the notification", async () => {
    const supportCase = new SupportCaseMessages();
    const commented = supportCase.commented('Call me on 12 34 56 78', { isSupport: true });
    const kept = supportCase.commented('We are looking into it', { isSupport: true });

    await kafka.produce(topic, [commented, kept, supportCase.commentRemoved(commentIdOf(commented))]);

    await eventually(async () => {
      const notifications = await suite.notifier.notificationsOf(supportCase.parties.customer!);
      expect(notifications.map(({ id, text }) => ({ id, text }))).toEqual([
        { id: ceIdOf(kept), text: 'We are looking into it' },
        { id: ceIdOf(commented), text: undefined },
      ]);
    });
  });

  it("takes an erased case's name and texts out of its notifications, keeping the notifications", async () => {
    const supportCase = new SupportCaseMessages();
    const answered = supportCase.responded('Call Gertrud on 12 34 56 78');
    const solved = supportCase.solved();

    await kafka.produce(topic, [answered, solved, supportCase.erased('GDPR art. 17')]);

    await eventually(async () => {
      const notifications = await suite.notifier.notificationsOf(supportCase.parties.customer!);
      expect(notifications.map(({ id, caseName, text }) => ({ id, caseName, text }))).toEqual([
        { id: ceIdOf(solved), caseName: undefined, text: undefined },
        { id: ceIdOf(answered), caseName: undefined, text: undefined },
      ]);
    });
  });

  it('makes one notification of a message delivered twice', async () => {
    const supportCase = new SupportCaseMessages();
    const answered = supportCase.responded('Try another HDMI port');
    const last = supportCase.solved();

    await kafka.produce(topic, [answered, answered, last]);

    const notifications = await notificationsOnceThereAre(supportCase.parties.customer!, 2);
    expect(notifications.map((notification) => notification.id)).toEqual([ceIdOf(last), ceIdOf(answered)]);
  });

  it('retries a message whose notification the store failed to keep, and records it once', async () => {
    const add = jest.spyOn(suite.notifier.store, 'add').mockRejectedValueOnce(new Error('connection terminated'));
    const supportCase = new SupportCaseMessages();
    const solved = supportCase.solved();

    try {
      await kafka.produce(topic, [solved]);

      const notifications = await notificationsOnceThereAre(supportCase.parties.customer!, 1);
      expect(notifications.map((notification) => notification.id)).toEqual([ceIdOf(solved)]);
      const attempts = add.mock.calls.filter(([notification]) => notification.id === ceIdOf(solved));
      expect(attempts.length).toBeGreaterThanOrEqual(2);
    } finally {
      add.mockRestore();
    }
  });
});

describeWithKafka('notifier: reading the topic again', (brokers) => {
  const topic = uniqueTopic('test.notifier');
  const kafka = new KafkaTestClient(brokers);

  beforeAll(async () => {
    await kafka.connect();
    await kafka.createTopic(topic);
  });

  afterAll(() => kafka.disconnect());

  it('adds nothing when a new consumer group reads every message again into the same store', async () => {
    const supportCase = new SupportCaseMessages();
    const customer = supportCase.parties.customer!;
    const first = await NotifierUnderTest.start(brokers, topic);
    await kafka.produce(topic, [supportCase.responded('Restart the box'), supportCase.solved()]);
    const before = await eventually(async () => {
      const notifications = await first.notificationsOf(customer);
      expect(notifications).toHaveLength(2);
      return notifications;
    });
    await first.stop({ removeData: false });

    const again = await NotifierUnderTest.start(brokers, topic, { dataDir: first.config.dataDir });
    try {
      const reopened = supportCase.reopened();
      await kafka.produce(topic, [reopened]);

      const after = await eventually(async () => {
        const notifications = await again.notificationsOf(customer);
        expect(notifications[0]?.id).toBe(ceIdOf(reopened));
        return notifications;
      });
      expect(after.slice(1)).toEqual(before);
    } finally {
      await again.stop();
    }
  });
});
