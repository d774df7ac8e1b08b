#include "store/pg_queue.h"

namespace parallax::store_internal {

void EnsureQueueSchema(PgDb& db) {
  // Advisory lock: two workers starting at once must not both create it.
  db.Exec("SELECT pg_advisory_lock(727411)");
  try {
    db.Exec(R"sql(
      CREATE TABLE IF NOT EXISTS ingest_jobs (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        input text NOT NULL,
        state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'leased', 'done', 'failed')),
        worker text,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        registered_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (queue, input)
      ))sql");
    db.Exec("CREATE INDEX IF NOT EXISTS ingest_jobs_open ON ingest_jobs (queue, id) WHERE state IN ('waiting', 'leased')");
    // When the job's batch committed its memberships (its reports may still
    // be running): later jobs wait for that, not for the whole job.
    db.Exec("ALTER TABLE ingest_jobs ADD COLUMN IF NOT EXISTS committed_at timestamptz");
  } catch (...) {
    db.Exec("SELECT pg_advisory_unlock(727411)");
    throw;
  }
  db.Exec("SELECT pg_advisory_unlock(727411)");
}

std::int64_t RegisterJobs(PgDb& db, const std::string& queue, const std::vector<std::string>& inputs) {
  std::int64_t added = 0;
  for (const std::string& input : inputs) {
    PgResult r = db.Exec("INSERT INTO ingest_jobs (queue, input) VALUES ($1, $2) ON CONFLICT (queue, input) DO NOTHING",
                         {queue, input});
    added += r.affected();
  }
  return added;
}

std::optional<QueueJob> LeaseJob(PgDb& db, const std::string& queue, const std::string& worker, int lease_seconds,
                                 int max_attempts) {
  // One statement: the row lock taken by FOR UPDATE SKIP LOCKED is held
  // until the UPDATE commits, so two workers never lease the same job, and
  // neither waits for the other.
  PgResult r = db.Exec(R"sql(
      UPDATE ingest_jobs SET state = 'leased', worker = $2, attempts = attempts + 1,
             lease_until = now() + make_interval(secs => $3), committed_at = NULL
      WHERE id = (
        SELECT id FROM ingest_jobs
        WHERE queue = $1 AND attempts < $4
          AND (state = 'waiting' OR (state = 'leased' AND lease_until < now()))
        ORDER BY id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING id, input, attempts)sql",
                       {queue, worker, lease_seconds, max_attempts});
  if (r.rows() == 0) {
    // Expired leases that used their last attempt: give up on them.
    db.Exec(R"sql(
        UPDATE ingest_jobs SET state = 'failed', finished_at = now(),
               error = coalesce(error, 'the worker stopped before finishing (lease expired)')
        WHERE queue = $1 AND state = 'leased' AND lease_until < now() AND attempts >= $2)sql",
            {queue, max_attempts});
    return std::nullopt;
  }
  return QueueJob{r.Int(0, 0), r.Text(0, 1), static_cast<int>(r.Int(0, 2)), worker};
}

bool RenewLease(PgDb& db, const QueueJob& job, int lease_seconds) {
  PgResult r = db.Exec(
      "UPDATE ingest_jobs SET lease_until = now() + make_interval(secs => $3) "
      "WHERE id = $1 AND worker = $2 AND state = 'leased' AND attempts = $4",
      {job.id, job.worker, lease_seconds, job.attempt});
  return r.affected() == 1;
}

void FinishJob(PgDb& db, const QueueJob& job, const std::optional<std::string>& error, int max_attempts) {
  if (!error) {
    db.Exec(
        "UPDATE ingest_jobs SET state = 'done', lease_until = NULL, error = NULL, finished_at = now() "
        "WHERE id = $1 AND worker = $2 AND attempts = $3 AND state = 'leased'",
        {job.id, job.worker, job.attempt});
    return;
  }
  db.Exec(
      "UPDATE ingest_jobs SET state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'waiting' END, "
      "lease_until = NULL, error = $5, finished_at = CASE WHEN attempts >= $4 THEN now() END "
      "WHERE id = $1 AND worker = $2 AND attempts = $3 AND state = 'leased'",
      {job.id, job.worker, job.attempt, max_attempts, *error});
}

void MarkCommitted(PgDb& db, const QueueJob& job) {
  db.Exec("UPDATE ingest_jobs SET committed_at = now() WHERE id = $1 AND worker = $2 AND attempts = $3 AND state = 'leased'",
          {job.id, job.worker, job.attempt});
}

bool EarlierJobUncommitted(PgDb& db, const std::string& queue, std::int64_t id) {
  return db
      .Exec("SELECT EXISTS (SELECT 1 FROM ingest_jobs WHERE queue = $1 AND id < $2 AND state = 'leased' "
            "AND lease_until >= now() AND committed_at IS NULL)",
            {queue, id})
      .Bool(0, 0);
}

QueueCounts CountJobs(PgDb& db, const std::string& queue) {
  PgResult r = db.Exec(R"sql(
      SELECT count(*) FILTER (WHERE state = 'waiting' OR (state = 'leased' AND lease_until < now())),
             count(*) FILTER (WHERE state = 'leased' AND lease_until >= now()),
             count(*) FILTER (WHERE state = 'done'),
             count(*) FILTER (WHERE state = 'failed')
      FROM ingest_jobs WHERE queue = $1)sql",
                       {queue});
  return {r.Int(0, 0), r.Int(0, 1), r.Int(0, 2), r.Int(0, 3)};
}

}  // namespace parallax::store_internal
