/** What a supervised thread is sent: requests answered once done, hints, and the order to stop. */
export type ToThread =
  | { readonly type: 'request'; readonly id: number; readonly name: string }
  | { readonly type: 'notify'; readonly name: string }
  | { readonly type: 'stop' };

export type ThreadLogLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

/** What it sends back: ready once started, each request's answer, and its log lines. */
export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'answer'; readonly id: number; readonly error?: string }
  | {
      readonly type: 'log';
      readonly level: ThreadLogLevel;
      readonly message: string;
      readonly context?: string;
      readonly stack?: string;
    };
