const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An ISO 8601 instant in the reader's time zone; a value that is no date is shown as it is. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : FORMAT.format(date);
}

export function Time({ value }: { value: string }) {
  return (
    <time dateTime={value} title={value}>
      {formatTime(value)}
    </time>
  );
}
