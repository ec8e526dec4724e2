import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { SupportCase } from '../../http/support-case';
import { eraseCase } from '../../http/endpoints';
import { ProblemMessage } from '../../http/problem-message';
import { asApiError, type ApiError } from '../../http/api';

const REASON_MAX = 500;

interface Props {
  id: string;
  open: boolean;
  onClose: () => void;
  onErased: (erased: SupportCase) => void;
}

/**
 * A modal dialog asking why before erasing: the browser's own modal keeps focus inside it and
 * closes it on Escape.
 */
export function EraseDialog({ id, open, onClose, onErased }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const [erasing, setErasing] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const erase = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setErasing(true);
    setError(undefined);
    try {
      onErased(await eraseCase(id, reason.trim()));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setErasing(false);
    }
  };

  return (
    <dialog ref={dialog} class="erase-dialog" aria-labelledby="erase-heading" onClose={onClose}>
      <form onSubmit={erase}>
        <h2 id="erase-heading">Erase this case's personal data</h2>
        <p>
          Every name and text of the case becomes unreadable for good, in every revision. Its ids, dates, flags and
          history stay. This cannot be undone.
        </p>
        <label for="erase-reason">Reason</label>
        <p id="erase-reason-hint" class="hint">
          Why, e.g. the request it answers: 1 to {REASON_MAX} characters, no personal data.
        </p>
        <textarea
          id="erase-reason"
          rows={3}
          required
          maxLength={REASON_MAX}
          aria-describedby="erase-reason-hint"
          value={reason}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
        {error && <ProblemMessage error={error} />}
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={erasing || reason.trim() === ''}>
            {erasing ? 'Erasing…' : 'Erase'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
