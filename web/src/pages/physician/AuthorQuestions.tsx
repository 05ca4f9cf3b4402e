import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Blank, Dictation } from '../../api/types';
import { BusyButton } from '../../components/Field';
import { useAction } from '../../components/useAction';
import { fmtClock } from '../../lib/format';

/** Seconds of audio played before the blank, so the author hears the words around it. */
const LEAD_IN_SEC = 2;

/**
 * The transcriptionist's questions on one of the author's dictations (blanks routed to the
 * author): the note, the place in the audio with a play-from-there control, and an answer box.
 * An answer puts the blank back to the transcriptionist, who types it in.
 */
export function AuthorQuestions({ dictation, onAnswered }: { dictation: Dictation; onAnswered: () => void }) {
  const [questions, setQuestions] = useState<Blank[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const count = dictation.questions ?? 0;

  // Re-read when the number of questions changes (the list polls; the blanks need not).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the count changes
  useEffect(() => {
    let live = true;
    api
      .blanks(dictation.id)
      .then((all) => {
        if (live) setQuestions(all.filter((b) => b.status === 'ROUTED_TO_AUTHOR'));
      })
      .catch((e) => {
        if (live) setError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [dictation.id, count]);

  function playFrom(sec: number) {
    const el = audio.current;
    if (!el) return;
    const start = () => {
      el.currentTime = Math.max(0, sec - LEAD_IN_SEC);
      void el.play().catch(() => {});
    };
    if (el.readyState >= 1) start();
    else {
      el.addEventListener('loadedmetadata', start, { once: true });
      el.load();
    }
  }

  const titleId = `questions-${dictation.id}`;
  return (
    <section className="author-questions" aria-labelledby={titleId}>
      <h2 id={titleId} className="small-heading">
        {count === 1 ? 'A question' : `${count} questions`} from the transcriptionist about{' '}
        {dictation.patient.name}
      </h2>
      {/* biome-ignore lint/a11y/useMediaCaption: dictation audio has no captions; its transcript is the text */}
      <audio
        ref={audio}
        src={api.audioUrl(dictation.id)}
        preload="none"
        controls
        className="question-audio"
      />
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {questions === null && !error && <p className="muted small">Loading…</p>}
      {questions?.length === 0 && <p className="muted small">No open questions.</p>}
      <ol className="question-list">
        {questions?.map((q) => (
          <Question
            key={q.id}
            question={q}
            onPlay={() => playFrom(q.audioTime)}
            onAnswer={async (text) => {
              await api.answerBlank(dictation.id, q.id, text);
              setQuestions((qs) => qs?.filter((x) => x.id !== q.id) ?? null);
              onAnswered();
            }}
          />
        ))}
      </ol>
    </section>
  );
}

function Question({
  question,
  onPlay,
  onAnswer,
}: {
  question: Blank;
  onPlay: () => void;
  onAnswer: (text: string) => Promise<void>;
}) {
  const [answer, setAnswer] = useState('');
  const send = useAction();
  const at = fmtClock(question.audioTime);
  const fieldId = `answer-${question.id}`;

  const submit = send.submit(
    async () => {
      const text = answer.trim();
      if (text) await onAnswer(text);
    },
    { failure: (e) => `Could not send the answer: ${errorMessage(e)}` },
  );

  return (
    <li className="question">
      <div className="question-head">
        <button
          type="button"
          className="small"
          onClick={onPlay}
          aria-label={`Play the audio from ${at}`}
          title={`Play from ${LEAD_IN_SEC} s before ${at}`}
        >
          ▶ {at}
        </button>
        <span className="question-note">
          {question.note || (
            <span className="muted">The transcriptionist could not make out this passage.</span>
          )}
        </span>
      </div>
      <form className="question-answer" onSubmit={submit}>
        <label htmlFor={fieldId}>Your answer</label>
        <textarea
          id={fieldId}
          rows={2}
          maxLength={2000}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          placeholder="The words you said at this point"
        />
        <BusyButton
          className="primary small"
          busy={send.busy}
          disabled={!answer.trim()}
          label="Send answer"
          busyLabel="Sending…"
        />
      </form>
      {send.error && (
        <p className="error small" role="alert">
          {send.error}
        </p>
      )}
    </li>
  );
}
