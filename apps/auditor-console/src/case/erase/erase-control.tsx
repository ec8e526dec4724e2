import { useRef, useState } from 'preact/hooks';
import type { SupportCase } from '../../http/support-case';
import { EraseDialog } from './erase-dialog';

/** The button that opens the erasure dialog, and gets focus back when it closes. */
export function EraseControl({ id, onErased }: { id: string; onErased: (erased: SupportCase) => void }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  return (
    <>
      <button type="button" class="danger" ref={opener} onClick={() => setOpen(true)}>
        Erase personal data…
      </button>
      <EraseDialog
        id={id}
        open={open}
        onClose={close}
        onErased={(erased) => {
          setOpen(false);
          onErased(erased);
        }}
      />
    </>
  );
}
