import type { HistoryEvent, SupportCase } from '../../http/support-case';
import type { CasePoint } from '../../http/endpoints';
import { CaseDocument } from '../case-document';
import { CaseInThePast } from './case-in-the-past';
import { InstantForm } from './instant-form';
import { RevisionPicker } from './revision-picker';

interface Props {
  id: string;
  events: readonly HistoryEvent[];
  current: SupportCase;
  /** Undefined: the case now. */
  point?: CasePoint;
  onTravel: (point?: CasePoint) => void;
}

/** The whole case now, or as it stood at any revision or instant of its history. */
export function TimeTravel({ id, events, current, point, onTravel }: Props) {
  return (
    <>
      <div class="time-travel" role="group" aria-label="Time travel">
        <RevisionPicker
          events={events}
          point={point}
          onPick={(revision) => onTravel(revision === undefined ? undefined : { revision })}
        />
        <InstantForm onPick={(asOf) => onTravel({ asOf })} />
      </div>
      {point ? (
        <CaseInThePast id={id} point={point} onBackToNow={() => onTravel(undefined)} />
      ) : (
        <>
          <p class="when">Now</p>
          <CaseDocument supportCase={current} />
        </>
      )}
    </>
  );
}
