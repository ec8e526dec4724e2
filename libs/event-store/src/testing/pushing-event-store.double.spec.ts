import { describeEventStoreContract } from '../event-store.contract';
import { PushingEventStoreDouble } from './pushing-event-store.double';

// The double stands in for EventStoreDB in the catch-up's specs, so it keeps the same contract.
describeEventStoreContract(
  'PushingEventStoreDouble',
  async () => {
    const store = new PushingEventStoreDouble();
    return { store, cleanup: () => store.close() };
  },
  { refusesEventIdsStoredBefore: true, pushesItsLog: true },
);
