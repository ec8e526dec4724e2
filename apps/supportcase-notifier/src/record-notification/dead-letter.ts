import { DEAD_LETTER_REASON_HEADER } from '@lib/contracts';
import type { Message } from '@nestjs/microservices/external/kafka.interface';
import type { ReceivedMessage } from './support-case-message.reader';

type Sendable = Buffer | string;

/** Every schema error of a large payload could make the dead letter too large to send, and so never sent. */
const MAX_REASON_LENGTH = 1_000;

/**
 * The message to put on the dead letter topic: the original key, value and headers, and why.
 * What @nestjs/microservices decoded is written back as text; the value goes as received.
 */
export function deadLetterOf(message: ReceivedMessage, reason: string): Message {
  return {
    key: asSent(message.key),
    value: message.value,
    headers: { ...headersAsSent(message.headers), [DEAD_LETTER_REASON_HEADER]: shortened(reason) },
  };
}

function headersAsSent(headers: Record<string, unknown> = {}): Record<string, Sendable> {
  const present = Object.entries(headers).filter(([, value]) => value != null);
  return Object.fromEntries(present.map(([name, value]) => [name, asSent(value)!]));
}

function asSent(value: unknown): Sendable | null {
  if (value == null) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}

function shortened(reason: string): string {
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
