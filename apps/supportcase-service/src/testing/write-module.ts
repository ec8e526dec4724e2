import { randomUUID } from 'node:crypto';
import type { Provider, Type } from '@nestjs/common';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { PERSONAL_FIELDS, streamIdOf, type Actor, type SupportCaseEventBody } from '@lib/domain';
import { storedEvent } from '@lib/domain/testing';
import {
  EventStore,
  InMemoryEventStore,
  InMemorySnapshotStore,
  SnapshotStore,
  type NewEvent,
  type RecordedEvent,
} from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { MetricsRegistry } from '@lib/observability';
import { DataKeys, EventSealing, OpenedEventStore, SealedSnapshots } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../caller/request-context';
import { writeOptions } from '../http/write-options';
import { Metrics } from '../observability/metrics';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { CaseErasure } from '../write/case-erasure';
import { SupportCaseWriter, type WriteOptions } from '../write/support-case-writer';

/** A use case's handlers as the api role runs them, on an event store the spec can reach. */
export interface WriteModule {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly store: InMemoryEventStore;
  /** The cases' snapshots as stored, sealed. */
  readonly snapshots: InMemorySnapshotStore;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** The data keys kept beside each store, as a key store is kept beside the service's events. */
const keysOfStores = new WeakMap<EventStore, Promise<DataKeys>>();

function keysOf(store: EventStore): Promise<DataKeys> {
  let keys = keysOfStores.get(store);
  if (!keys) {
    keys = dataKeysInMemory();
    keysOfStores.set(store, keys);
  }
  return keys;
}

/** The snapshots kept beside each store, as the service keeps them in the events' file. */
const snapshotsOfStores = new WeakMap<EventStore, InMemorySnapshotStore>();

function snapshotsOf(store: EventStore): InMemorySnapshotStore {
  let snapshots = snapshotsOfStores.get(store);
  if (!snapshots) {
    snapshots = new InMemorySnapshotStore();
    snapshotsOfStores.set(store, snapshots);
  }
  return snapshots;
}

async function sealingOf(store: EventStore): Promise<EventSealing> {
  return new EventSealing(await keysOf(store), PERSONAL_FIELDS);
}

/**
 * The handlers over the real writer, streams and metrics, behind the command and query buses.
 * A second module on the same store is a second process: its queue and fold cache are its own,
 * the data keys and snapshots are shared.
 */
export async function writeModule(
  handlers: readonly Type[],
  { store = new InMemoryEventStore(), providers = [] }: { store?: InMemoryEventStore; providers?: Provider[] } = {},
): Promise<WriteModule> {
  const sealing = await sealingOf(store);
  const module = await Test.createTestingModule({
    imports: [CqrsModule.forRoot()],
    providers: [
      ...handlers,
      ...providers,
      SupportCaseWriter,
      CaseErasure,
      SupportCaseStreams,
      MetricsRegistry,
      Metrics,
      { provide: EventStore, useValue: store },
      { provide: DataKeys, useValue: await keysOf(store) },
      { provide: EventSealing, useValue: sealing },
      { provide: OpenedEventStore, useValue: new OpenedEventStore(store, sealing) },
      { provide: SnapshotStore, useValue: new SealedSnapshots(snapshotsOf(store), await keysOf(store)) },
    ],
  }).compile();
  // The buses learn their handlers when the application boots.
  await module.init();
  return {
    commands: module.get(CommandBus),
    queries: module.get(QueryBus),
    store,
    snapshots: snapshotsOf(store),
    metrics: module.get(Metrics),
    close: () => module.close(),
  };
}

export const CORRELATION_ID = 'correlation-of-the-request';

export const callerOf = (actor: Actor): RequestContext => ({ actor, correlationId: CORRELATION_ID });

/** The write options of a request with these headers and body, read as its controller reads them. */
export function optionsOf(headers: Record<string, string>, body?: unknown, url = '/iptv/supportcase'): WriteOptions {
  const request: Pick<FastifyRequest, 'headers' | 'method' | 'url'> = { headers, method: 'POST', url };
  return writeOptions(request as FastifyRequest, body);
}

/** Appends a case's events straight to the store, sealed, as another process (or an earlier one) did. */
export async function appendEvents(
  store: InMemoryEventStore,
  caseId: string,
  ...events: SupportCaseEventBody[]
): Promise<void> {
  await appendSealed(
    store,
    caseId,
    events.map((event) => ({ id: randomUUID(), ...storedEvent(event) })),
  );
}

/** Appends events as given, their personal values sealed and their hashes linked, as the runner stores them. */
export async function appendSealed(
  store: InMemoryEventStore,
  caseId: string,
  events: readonly NewEvent[],
): Promise<void> {
  const streamId = streamIdOf(caseId);
  await appendLinked(store, streamId, await (await sealingOf(store)).seal(streamId, events));
}

/** A case's events, opened. */
export const historyOf = async (store: InMemoryEventStore, caseId: string): Promise<RecordedEvent[]> =>
  (await sealingOf(store)).open(await store.readStream(streamIdOf(caseId)));

/**
 * Another process wins the race: `rival` runs before each of the next `times` appends, after
 * the command has loaded its stream. The rival's own appends pass straight through.
 */
export function rivalBeforeAppends(store: InMemoryEventStore, rival: () => Promise<unknown>, times = 1): void {
  const append = store.appendToStream.bind(store);
  let raced = 0;
  let racing = false;
  jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
    if (!racing && raced < times) {
      raced++;
      racing = true;
      await rival().finally(() => (racing = false));
    }
    return append(...args);
  });
}

/** Commands counted by `supportcase_commands_total`, as "<command> <outcome>": count. */
export async function commandOutcomes(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.commands.get();
  return Object.fromEntries(values.map(({ labels, value }) => [`${labels.command} ${labels.outcome}`, value]));
}
