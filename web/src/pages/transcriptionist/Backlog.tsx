// The backlog at a glance (worklist and admin dashboard): audio minutes waiting by priority and
// work type, jobs needing manual transcription, and lines finalized per transcriptionist.
import type { WorklistStats } from '../../api/worklist-stats';
import { ColumnHeads } from '../../components/DataTable';

/** Minutes of audio waiting, by priority and work type; my lines today; everyone's throughput. */
const jobs = (n: number) => `${n} ${n === 1 ? 'job' : 'jobs'}`;

export function Backlog({ stats, mine = true }: { stats: WorklistStats; mine?: boolean }) {
  const b = stats.backlog;
  return (
    <section className="backlog" aria-label="Backlog at a glance">
      <div className="stat" data-testid="minutes-waiting">
        <strong>{b.audioMinutes}</strong> min waiting <span className="muted">({jobs(b.jobs)})</span>
      </div>
      {b.byPriority.map((g) => (
        <div className="stat" key={g.priority}>
          {g.priority === 'STAT' ? 'STAT' : 'Routine'}: <strong>{g.audioMinutes}</strong> min
          <span className="muted">
            {' '}
            ({jobs(g.jobs)}
            {g.overdue ? `, ${g.overdue} overdue` : ''})
          </span>
        </div>
      ))}
      {b.needsManual > 0 && (
        <div className="stat">
          <strong>{b.needsManual}</strong> need manual transcription
        </div>
      )}
      {mine && (
        <div className="stat" data-testid="my-today">
          Today: <strong>{stats.me.today.lines}</strong> lines, {jobs(stats.me.today.jobs)}
        </div>
      )}
      <details>
        <summary>By work type and transcriptionist</summary>
        <table className="table compact">
          <caption className="sr-only">Audio minutes waiting by work type</caption>
          <ColumnHeads names={['Work type', 'Minutes waiting', 'Jobs', 'Overdue']} />
          <tbody>
            {b.byWorkType.map((w) => (
              <tr key={w.code}>
                <td>{w.name}</td>
                <td>{w.audioMinutes}</td>
                <td>{w.jobs}</td>
                <td>{w.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table compact">
          <caption className="sr-only">Lines finalized per transcriptionist</caption>
          <ColumnHeads
            names={['Transcriptionist', 'Lines today', 'Jobs today', 'Lines this week', 'Jobs this week']}
          />
          <tbody>
            {stats.throughput.map((t) => (
              <tr key={t.user.id}>
                <td>{t.user.displayName || t.user.username}</td>
                <td>{t.today.lines}</td>
                <td>{t.today.jobs}</td>
                <td>{t.week.lines}</td>
                <td>{t.week.jobs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
