import { existsSync, writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { serveThread } from '../serve-thread';

export interface CrashingThreadData {
  /** The thread dies while starting. */
  readonly failToStart?: boolean;
  /** A file the first thread creates before it dies on `crashOnce`; later threads answer it. */
  readonly crashMarker: string;
}

// A thread for SupervisedThread's spec: answers, refuses, never answers, or dies once, as asked.
serveThread(async () => {
  const { failToStart, crashMarker } = workerData as CrashingThreadData;
  if (failToStart) throw new Error('cannot start');
  let woken = 0;
  return {
    requests: {
      answer: async () => {},
      refuse: async () => {
        throw new Error('refused');
      },
      crashOnce: async () => {
        if (existsSync(crashMarker)) return;
        writeFileSync(crashMarker, '');
        process.exit(3);
      },
      never: () => new Promise(() => {}),
      wokenTwice: async () => {
        if (woken !== 2) throw new Error(`woken ${woken} times`);
      },
    },
    notifications: {
      wake: () => {
        woken += 1;
      },
      crash: () => process.exit(3),
    },
    stop: async () => {},
  };
});
