#pragma once
// A work queue in PostgreSQL for large ingest jobs spread over many workers
// (internal to src/store; `parallax ingest --queue` and `parallax worker`).
//
//   PgDb db;  db.Connect(uri);  EnsureQueueSchema(db);
//   RegisterJobs(db, "backfill", {"/data/a.warc.gz", "/data/b.jsonl"});
//   while (auto job = LeaseJob(db, "backfill", "host-1:4242", 300)) {
//     ... ingest job->input ...
//     FinishJob(db, *job, /*error=*/std::nullopt);
//   }
//
// Contract:
// - A job is one input (a path, or a path with a record range), registered
//   once per queue: registering it again changes nothing.
// - LeaseJob hands each job to one worker at a time (SELECT ... FOR UPDATE
//   SKIP LOCKED: concurrent workers never wait on each other and never get
//   the same job) for `lease_seconds`; a job whose worker died is handed out
//   again once its lease has expired. After `max_attempts` leases without
//   success a job is left failed, with its last error, for a person to look at.
// - Batches commit in queue order when workers wait for their turn
//   (EarlierJobUncommitted, MarkCommitted): the stories are then those of
//   one worker taking the jobs one by one, whatever the number of workers.
// - Workers may process a job twice (a lease expired while its worker was
//   still alive); the store's ingest is idempotent, so every article is still
//   stored once.
// - Errors throw PgError (callers turn them into a Status).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/pg_db.h"

namespace parallax::store_internal {

struct QueueJob {
  std::int64_t id = 0;
  std::string input;
  int attempt = 0;     // 1 for the first lease
  std::string worker;  // who holds the lease
};

struct QueueCounts {
  std::int64_t waiting = 0;  // never leased, or lease expired
  std::int64_t leased = 0;   // held by a live lease
  std::int64_t done = 0;
  std::int64_t failed = 0;   // gave up after max_attempts
};

void EnsureQueueSchema(PgDb& db);

// Adds the inputs not yet in `queue`; returns how many were new.
std::int64_t RegisterJobs(PgDb& db, const std::string& queue, const std::vector<std::string>& inputs);

// The oldest job available in `queue`, leased to `worker`; nullopt when none.
std::optional<QueueJob> LeaseJob(PgDb& db, const std::string& queue, const std::string& worker, int lease_seconds,
                                 int max_attempts = 3);

// Extends the lease of a job still held by its worker; false when the lease
// was lost (expired and taken by another worker).
bool RenewLease(PgDb& db, const QueueJob& job, int lease_seconds);

// Marks the job done (no error) or records the error: a job with attempts
// left goes back to waiting, the others are failed. Ignored when the worker
// no longer holds the lease.
void FinishJob(PgDb& db, const QueueJob& job, const std::optional<std::string>& error, int max_attempts = 3);

// Records that the job's batch committed its memberships (its reports may
// still be running); ignored when the worker no longer holds the lease.
void MarkCommitted(PgDb& db, const QueueJob& job);

// True while a job before `id` in `queue` is held by a live lease and its
// batch has not committed: a worker waits for that before its own commit,
// so that batches commit in queue order, as one worker would commit them
// (its stories then do not depend on how many workers ran; docs/store.md).
bool EarlierJobUncommitted(PgDb& db, const std::string& queue, std::int64_t id);

QueueCounts CountJobs(PgDb& db, const std::string& queue);

}  // namespace parallax::store_internal
