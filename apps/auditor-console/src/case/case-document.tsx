import type { AttachedFile, Erasure, SupportCase, SupportComment, SupportResponse } from '../http/support-case';
import { Time } from '../time';
import { authorOf, describeFile, labelOf, partLabelOf, textOf } from './case-fields';

/** The plain fields, in the document's order; the response, files and comments follow as sections. */
const PLAIN_FIELDS = [
  'name',
  'description',
  'solved',
  'customer',
  'customerName',
  'employee',
  'employeeName',
  'date',
  'lastUpdated',
  'device',
  'systemVersion',
  'playMakerVersion',
  'privateInformation',
] as const;

/** The whole case as the service answered it. */
export function CaseDocument({ supportCase }: { supportCase: SupportCase }) {
  const { erased, response, files, comments } = supportCase;
  return (
    <div class="case-document">
      {erased && <ErasedNotice erasure={erased} />}
      <dl class="fields">
        {PLAIN_FIELDS.filter((field) => supportCase[field] !== undefined).map((field) => (
          <div key={field}>
            <dt>{labelOf(field)}</dt>
            <dd>{textOf(field, supportCase[field])}</dd>
          </div>
        ))}
      </dl>
      {response && <ResponseSection response={response} />}
      <FilesSection files={files} />
      <CommentsSection comments={comments} />
    </div>
  );
}

export function ErasedNotice({ erasure }: { erasure: Erasure }) {
  return (
    <p class="erased-notice">
      <strong>Personal data erased</strong> on <Time value={erasure.date} />: {erasure.reason}
    </p>
  );
}

function ResponseSection({ response }: { response: SupportResponse }) {
  const parts = (['answer', 'author', 'date', 'employeeName', 'employee'] as const).filter(
    (part) => response[part] !== undefined,
  );
  return (
    <section>
      <h3>Response</h3>
      <dl class="fields">
        {parts.map((part) => (
          <div key={part}>
            <dt>{partLabelOf('response', part)}</dt>
            <dd>{textOf(part, response[part])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function FilesSection({ files }: { files: AttachedFile[] }) {
  return (
    <section>
      <h3>Files ({files.length})</h3>
      <FileList files={files} />
    </section>
  );
}

/** Addresses as text, not links nor images: showing a case requests nothing from another host. */
function FileList({ files }: { files: AttachedFile[] }) {
  if (files.length === 0) return <p class="empty">None</p>;
  return (
    <ul class="files">
      {files.map((file) => (
        <li key={file._id}>
          <code>{describeFile(file)}</code>
        </li>
      ))}
    </ul>
  );
}

function CommentsSection({ comments }: { comments: SupportComment[] }) {
  return (
    <section>
      <h3>Comments ({comments.length})</h3>
      {comments.length === 0 ? (
        <p class="empty">None</p>
      ) : (
        <ol class="comments">
          {comments.map((comment) => (
            <li key={comment._id}>
              <p class="comment-meta">
                {authorOf(comment)}
                {comment.isSupport && ' (support)'} · <Time value={comment.date} />
              </p>
              <p class="comment-text">{comment.comment ?? '(text erased)'}</p>
              {comment.files.length > 0 && <FileList files={comment.files} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
