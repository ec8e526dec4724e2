import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';

/** An instant in the reader's time zone, to the millisecond, handed on as ISO 8601. */
export function InstantForm({ onPick }: { onPick: (asOf: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();

  const pick = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const instant = new Date(value);
    if (value === '' || Number.isNaN(instant.getTime())) {
      setError('Choose a date and a time.');
      return;
    }
    setError(undefined);
    onPick(instant.toISOString());
  };

  return (
    <form class="instant" onSubmit={pick} noValidate>
      <div class="field">
        <label for="instant">Instant</label>
        <input
          id="instant"
          type="datetime-local"
          step="0.001"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'instant-error' : undefined}
          value={value}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        {error && (
          <p id="instant-error" class="field-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" class="secondary">
        Show as of then
      </button>
    </form>
  );
}
