/** The topic every stored support case event is published to, one message per event. */
export const SUPPORT_CASE_EVENTS_TOPIC = 'iptv.supportcase.events.v1';

/** Where a consumer puts a message it cannot read, with the reason in a header. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

export const DEAD_LETTER_REASON_HEADER = 'dlq_reason';
