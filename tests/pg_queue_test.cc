// The PostgreSQL work queue (src/store/pg_queue.h) against a throw-away server.
#include "store/pg_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "pg_test_util.h"

namespace parallax::store_internal {
namespace {

std::vector<std::string> Inputs(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("/data/part-" + std::to_string(i) + ".jsonl");
  return v;
}

TEST(PgQueue, RegisteringTheSameInputsAgainAddsNothing) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  EnsureQueueSchema(db);
  EnsureQueueSchema(db);  // idempotent
  EXPECT_EQ(RegisterJobs(db, "q", Inputs(5)), 5);
  EXPECT_EQ(RegisterJobs(db, "q", Inputs(7)), 2);
  EXPECT_EQ(RegisterJobs(db, "other", Inputs(1)), 1);  // queues are separate
  EXPECT_EQ(CountJobs(db, "q").waiting, 7);
}

TEST(PgQueue, ConcurrentWorkersNeverGetTheSameJob) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  {
    PgDb db;
    ASSERT_TRUE(db.Connect(uri).ok());
    EnsureQueueSchema(db);
    ASSERT_EQ(RegisterJobs(db, "q", Inputs(200)), 200);
  }
  std::mutex mu;
  std::map<std::int64_t, int> leases;  // job id -> times leased
  std::vector<std::thread> workers;
  for (int w = 0; w < 6; ++w) {
    workers.emplace_back([&, w] {
      PgDb db;
      if (!db.Connect(uri).ok()) return;
      while (auto job = LeaseJob(db, "q", "worker-" + std::to_string(w), 60)) {
        {
          std::lock_guard<std::mutex> lock(mu);
          ++leases[job->id];
        }
        FinishJob(db, *job, std::nullopt);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(leases.size(), 200u);
  for (const auto& [id, n] : leases) EXPECT_EQ(n, 1) << "job " << id;
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  QueueCounts c = CountJobs(db, "q");
  EXPECT_EQ(c.done, 200);
  EXPECT_EQ(c.waiting + c.leased + c.failed, 0);
}

TEST(PgQueue, AJobWhoseWorkerDiedIsHandedOutAgainAndTheDeadWorkersResultIsIgnored) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  EnsureQueueSchema(db);
  RegisterJobs(db, "q", Inputs(1));
  auto first = LeaseJob(db, "q", "dead", 60);
  ASSERT_TRUE(first);
  EXPECT_FALSE(LeaseJob(db, "q", "live", 60)) << "a live lease was handed out twice";
  // The lease runs out (the worker was killed): expire it by hand.
  db.Exec("UPDATE ingest_jobs SET lease_until = now() - interval '1 second'");
  auto second = LeaseJob(db, "q", "live", 60);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->attempt, 2);
  EXPECT_FALSE(RenewLease(db, *first, 60));
  FinishJob(db, *first, std::string("late result"));  // ignored: not its lease any more
  EXPECT_EQ(CountJobs(db, "q").leased, 1);
  EXPECT_TRUE(RenewLease(db, *second, 60));
  FinishJob(db, *second, std::nullopt);
  EXPECT_EQ(CountJobs(db, "q").done, 1);
}

// The turn of a batch (worker --order-wait): a job waits while an earlier
// job of the queue is held by a live lease and has not committed; a
// commit, a finished job or an expired lease (a dead worker) ends the wait.
TEST(PgQueue, ABatchWaitsForEarlierLiveJobsToCommitFirst) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  EnsureQueueSchema(db);
  RegisterJobs(db, "q", Inputs(3));
  auto j1 = LeaseJob(db, "q", "w1", 60), j2 = LeaseJob(db, "q", "w2", 60), j3 = LeaseJob(db, "q", "w3", 60);
  ASSERT_TRUE(j1 && j2 && j3);
  EXPECT_FALSE(EarlierJobUncommitted(db, "q", j1->id)) << "the first job never waits";
  EXPECT_TRUE(EarlierJobUncommitted(db, "q", j2->id));
  EXPECT_TRUE(EarlierJobUncommitted(db, "q", j3->id));
  MarkCommitted(db, *j1);  // its reports may still run: later jobs go on
  EXPECT_FALSE(EarlierJobUncommitted(db, "q", j2->id));
  EXPECT_TRUE(EarlierJobUncommitted(db, "q", j3->id));
  // Job 2's worker dies: once its lease runs out, job 3 goes on; whoever
  // takes job 2 again starts uncommitted.
  db.Exec("UPDATE ingest_jobs SET lease_until = now() - interval '1 second' WHERE id = $1", {j2->id});
  EXPECT_FALSE(EarlierJobUncommitted(db, "q", j3->id));
  auto again = LeaseJob(db, "q", "w4", 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, j2->id);
  EXPECT_TRUE(EarlierJobUncommitted(db, "q", j3->id));
  FinishJob(db, *again, std::nullopt);
  EXPECT_FALSE(EarlierJobUncommitted(db, "q", j3->id));
}

TEST(PgQueue, AJobThatKeepsFailingIsLeftFailedWithItsError) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  EnsureQueueSchema(db);
  RegisterJobs(db, "q", {"/data/broken.warc.gz"});
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto job = LeaseJob(db, "q", "w", 60, 3);
    ASSERT_TRUE(job) << "attempt " << attempt;
    EXPECT_EQ(job->attempt, attempt);
    FinishJob(db, *job, std::string("truncated gzip stream"), 3);
  }
  EXPECT_FALSE(LeaseJob(db, "q", "w", 60, 3));
  QueueCounts c = CountJobs(db, "q");
  EXPECT_EQ(c.failed, 1);
  EXPECT_EQ(db.Exec("SELECT error FROM ingest_jobs").Text(0, 0), "truncated gzip stream");
}

}  // namespace
}  // namespace parallax::store_internal
