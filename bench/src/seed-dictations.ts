import pg from 'pg';

// Seeds a bench database with a hospital's worth of history in one pass of set-based SQL (seconds,
// not minutes): users, patients and `count` dictations spread over ~5 weeks, mostly filed, with the
// live part of the workflow (drafts, manual jobs, claims) at realistic proportions, and an engine
// transcript version for every dictation that has been transcribed.

export interface SeedOptions {
  count: number;
  physicians?: number;
  transcriptionists?: number;
  patients?: number;
  /** Password hash given to every seeded user, so benches can sign in as them. */
  passwordHash: string;
}

export async function seedDictations(databaseUrl: string, options: SeedOptions) {
  const { count, passwordHash, physicians = 40, transcriptionists = 20, patients = 20_000 } = options;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "User"(id, username, role, "passwordHash", "displayName", "updatedAt")
       SELECT gen_random_uuid(), 'seed-physician-' || g, 'PHYSICIAN'::"Role", $1, 'Dr Seed ' || g, now() FROM generate_series(1, $2::int) g
       UNION ALL
       SELECT gen_random_uuid(), 'seed-transcriptionist-' || g, 'TRANSCRIPTIONIST'::"Role", $1, 'MT Seed ' || g, now() FROM generate_series(1, $3::int) g`,
      [passwordHash, physicians, transcriptionists],
    );
    await client.query(
      `INSERT INTO "Patient"(id, mrn, name, "birthDate", sex)
       SELECT gen_random_uuid(), 'SEED' || lpad(g::text, 8, '0'), 'Seed Patient ' || g, date '1930-01-01' + (g * 7919 % 30000),
              (ARRAY['male','female','other','unknown'])[1 + g % 4]::"Sex"
       FROM generate_series(1, $1::int) g`,
      [patients],
    );
    // Status by g % 100: 70% filed, 12% drafts waiting, 2% failed (manual jobs), 2% claimed,
    // 6% finalized, 3% signed, 3% cancelled, 2% queued. 10% STAT.
    await client.query(
      `WITH phys AS (SELECT array_agg(id ORDER BY username) a FROM "User" WHERE username LIKE 'seed-physician-%'),
            mts AS (SELECT array_agg(id ORDER BY username) a FROM "User" WHERE username LIKE 'seed-transcriptionist-%'),
            pts AS (SELECT array_agg(id ORDER BY mrn) a FROM "Patient" WHERE mrn LIKE 'SEED%'),
            wts AS (SELECT array_agg(id ORDER BY code) a FROM "WorkType"),
            rows AS (
              SELECT g, now() - make_interval(secs => g * 30) AS created,
                     CASE WHEN g % 100 < 70 THEN 'FILED' WHEN g % 100 < 82 THEN 'DRAFT_READY'
                          WHEN g % 100 < 84 THEN 'TRANSCRIPTION_FAILED' WHEN g % 100 < 86 THEN 'IN_EDIT'
                          WHEN g % 100 < 92 THEN 'FINALIZED' WHEN g % 100 < 95 THEN 'SIGNED'
                          WHEN g % 100 < 98 THEN 'CANCELLED' ELSE 'QUEUED' END AS status,
                     CASE WHEN g % 10 = 0 THEN 'STAT' ELSE 'ROUTINE' END AS priority
              FROM generate_series(1, $1::int) g)
       INSERT INTO "Dictation"(id, "authorId", "patientId", "workTypeId", priority, status, "statusReason", "dictatedAt", "dueAt",
                               "audioKey", "audioSha256", "audioContentType", "audioSizeBytes", "audioCodec", "durationSec",
                               "assigneeId", "claimedAt", "claimExpiresAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), phys.a[1 + r.g % array_length(phys.a, 1)], pts.a[1 + (r.g * 7) % array_length(pts.a, 1)],
              wts.a[1 + r.g % array_length(wts.a, 1)], r.priority::"Priority", r.status::"DictationStatus",
              CASE WHEN r.status = 'TRANSCRIPTION_FAILED' THEN 'ENGINE_UNAVAILABLE' END,
              r.created, r.created + CASE WHEN r.priority = 'STAT' THEN interval '4 hours' ELSE interval '24 hours' END,
              'audio/seed/' || r.g, md5(r.g::text) || md5((r.g + 1)::text), 'audio/mp4', 1000000 + r.g % 500000, 'aac', 30 + r.g % 300,
              CASE WHEN r.status = 'IN_EDIT' THEN mts.a[1 + r.g % array_length(mts.a, 1)] END,
              CASE WHEN r.status = 'IN_EDIT' THEN r.created END,
              CASE WHEN r.status = 'IN_EDIT' THEN now() + interval '2 hours' END,
              r.created, r.created
       FROM rows r, phys, mts, pts, wts`,
      [count],
    );
    await client.query(
      `INSERT INTO "TranscriptVersion"(id, "dictationId", version, source, text, words, engine, model, "engineRun", "createdAt")
       SELECT gen_random_uuid(), d.id, 1, 'engine', 'Seeded draft transcript of a clinic note.', '[]'::jsonb, 'openai', 'whisper-1', 1, d."createdAt"
       FROM "Dictation" d WHERE d.status NOT IN ('QUEUED', 'CANCELLED') AND d."audioKey" LIKE 'audio/seed/%'`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
