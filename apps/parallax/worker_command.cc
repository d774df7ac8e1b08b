// parallax ingest --queue NAME / parallax worker: a fleet of ingest workers
// on one PostgreSQL store (docs/store.md, "PostgreSQL"). `ingest --db URI
// --queue NAME PATH...` registers each input file as a job; `worker --db URI
// --queue NAME` leases jobs (SELECT ... FOR UPDATE SKIP LOCKED, src/store/
// pg_queue.h) and ingests them until the queue is drained, renewing its
// leases while a batch runs. A worker that dies leaves its lease to expire; another worker takes the job again, and
// the store's idempotent ingest keeps every article stored once.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "commands.h"
#include "ingest/reader.h"
#include "store/pg_queue.h"
#include "store/pg_store.h"
#include "store/store.h"

namespace parallax::cli {

namespace {

namespace fs = std::filesystem;
using store_internal::PgDb;
using store_internal::PgError;

// Each input file, absolute; a directory gives its files (recursively, in
// path order, as ingest reads it).
std::vector<std::string> InputFiles(const std::vector<std::string>& paths, std::vector<std::string>* missing) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(fs::absolute(it->path()).lexically_normal().string());
      }
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(p, ec)) {
      out.push_back(fs::absolute(p).lexically_normal().string());
    } else {
      missing->push_back(p);
    }
  }
  return out;
}

Status Connect(PgDb& db, const std::string& uri) {
  if (!store_internal::IsPostgresUri(uri)) {
    return InvalidArgument("--queue needs a PostgreSQL store (--db postgresql://...), not " + uri);
  }
  return db.Connect(uri);
}

}  // namespace

int RunQueueRegister(const std::string& db_uri, const std::string& queue, const std::vector<std::string>& paths) {
  PgDb db;
  if (Status s = Connect(db, db_uri); !s.ok()) {
    std::cerr << "parallax: " << s.message() << "\n";
    return kExitFatal;
  }
  // The store first, so that workers find its schema (and a foreign database is refused now).
  auto store = OpenStore(db_uri);
  if (!store.ok()) {
    std::cerr << "parallax: " << store.status().message() << "\n";
    return kExitFatal;
  }
  std::vector<std::string> missing;
  const std::vector<std::string> files = InputFiles(paths, &missing);
  for (const std::string& m : missing) std::cerr << "parallax: " << m << ": no such file or directory\n";
  try {
    store_internal::EnsureQueueSchema(db);
    const std::int64_t added = store_internal::RegisterJobs(db, queue, files);
    std::cerr << "parallax: ingest --queue " << queue << ": " << added << " new jobs, "
              << (static_cast<std::int64_t>(files.size()) - added) << " already registered\n";
  } catch (const PgError& e) {
    std::cerr << "parallax: " << store_internal::StatusFromPg(e, db_uri).message() << "\n";
    return kExitFatal;
  }
  return missing.empty() ? kExitOk : kExitInputErrors;
}

namespace {

// Renews the leases of `jobs` every third of the lease on its own
// connection while a batch runs, so that a long batch is not handed to
// another worker; stops when destroyed.
class LeaseKeeper {
 public:
  LeaseKeeper(const std::string& uri, const std::vector<store_internal::QueueJob>& jobs, int lease_seconds)
      : thread_([this, uri, jobs, lease_seconds] {
          PgDb db;
          if (!db.Connect(uri).ok()) return;
          std::unique_lock<std::mutex> l(mu_);
          while (!cv_.wait_for(l, std::chrono::seconds(std::max(1, lease_seconds / 3)), [this] { return stop_; })) {
            try {
              for (const auto& j : jobs) store_internal::RenewLease(db, j, lease_seconds);
            } catch (const PgError&) {
              return;  // the lease then expires as if we had died
            }
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

struct WorkerOptions {
  std::string db, queue;
  unsigned threads = 0;
  int lease_seconds = 900;
  int jobs_per_batch = 1;
  int order_wait_seconds = 60;
};

int RunWorker(const WorkerOptions& o) {
  PgDb db;
  if (Status s = Connect(db, o.db); !s.ok()) {
    std::cerr << "parallax: " << s.message() << "\n";
    return kExitFatal;
  }
  StoreOpenOptions so;
  so.busy_timeout_ms = o.lease_seconds * 1000;  // another worker's batch is a normal wait
  auto store = OpenStore(o.db, so);
  if (!store.ok()) {
    std::cerr << "parallax: " << store.status().message() << "\n";
    return kExitFatal;
  }
  WarnIfNoSameEventModel();
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  const std::string me = std::string(host) + ":" + std::to_string(::getpid());
  std::size_t jobs_done = 0, jobs_failed = 0, articles = 0, errors = 0;
  try {
    store_internal::EnsureQueueSchema(db);
    for (;;) {
      std::vector<store_internal::QueueJob> jobs;
      while (static_cast<int>(jobs.size()) < o.jobs_per_batch) {
        auto job = store_internal::LeaseJob(db, o.queue, me, o.lease_seconds);
        if (!job) break;
        jobs.push_back(std::move(*job));
      }
      if (jobs.empty()) {
        const store_internal::QueueCounts c = store_internal::CountJobs(db, o.queue);
        if (c.waiting == 0 && c.leased == 0) break;  // drained
        std::this_thread::sleep_for(std::chrono::seconds(1));  // others hold leases: one may expire
        continue;
      }
      std::vector<std::string> inputs;
      for (const auto& j : jobs) inputs.push_back(j.input);
      IngestOptions in_opt;
      in_opt.threads = o.threads;
      StoreIngestOptions opt;
      opt.engine.threads = o.threads;
      // Commit in queue order (pg_queue.h): wait, at most --order-wait
      // seconds, until every earlier job held by a live worker has
      // committed; then say that ours has.
      const std::int64_t first = jobs.front().id;
      opt.before_lock = [&db, &o, first] {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(o.order_wait_seconds);
        try {
          while (std::chrono::steady_clock::now() < until && store_internal::EarlierJobUncommitted(db, o.queue, first)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        } catch (const PgError&) {
          // Order is best effort: a lost connection shows at the next lease.
        }
      };
      opt.after_commit = [&db, &jobs] {
        try {
          for (const auto& j : jobs) store_internal::MarkCommitted(db, j);
        } catch (const PgError&) {
        }
      };
      std::size_t read = 0;
      Result<StoreIngestSummary> sum = Status{StatusCode::kInternal, "not run"};
      {
        LeaseKeeper keep(o.db, jobs, o.lease_seconds);  // while reading and ingesting
        IngestResult in = ReadInputs(inputs, in_opt);
        read = in.articles.size();
        sum = (*store)->Ingest(std::move(in.articles), std::move(in.errors), opt);
      }
      if (!sum.ok()) {
        std::cerr << "parallax: worker: " << sum.status().message() << "\n";
        for (const auto& j : jobs) store_internal::FinishJob(db, j, sum.status().message());
        jobs_failed += jobs.size();
        continue;
      }
      PrintErrors(sum->errors);
      errors += sum->errors.size();
      articles += read;
      for (const auto& j : jobs) store_internal::FinishJob(db, j, std::nullopt);
      jobs_done += jobs.size();
      std::cerr << "parallax: worker: " << jobs.size() << (jobs.size() == 1 ? " job" : " jobs") << ", " << read
                << " articles: " << sum->new_articles << " new, " << sum->duplicates << " duplicates, "
                << sum->unchanged << " unchanged (batch " << sum->batch << ")\n";
    }
  } catch (const PgError& e) {
    std::cerr << "parallax: " << store_internal::StatusFromPg(e, o.db).message() << "\n";
    return kExitFatal;
  }
  std::cerr << "parallax: worker " << me << ": queue " << o.queue << " drained: " << jobs_done << " jobs done, "
            << jobs_failed << " failed, " << articles << " articles read, " << errors << " errors\n";
  return jobs_failed == 0 && errors == 0 ? kExitOk : kExitInputErrors;
}

}  // namespace

void RegisterWorker(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<WorkerOptions>();
  auto* w = app.add_subcommand(
      "worker", "Ingest the jobs of a queue (registered with ingest --queue) into a PostgreSQL store until it is drained");
  w->add_option("--db", o->db, "The PostgreSQL store (postgresql://user@host/dbname)")->required();
  w->add_option("--queue", o->queue, "The queue's name")->required();
  w->add_option("--threads", o->threads, "Threads; 0: one per hardware thread")->check(CLI::Range(0, 1024));
  w->add_option("--lease", o->lease_seconds, "Seconds a job stays leased before another worker may take it again")
      ->check(CLI::Range(5, 86400));
  w->add_option("--jobs-per-batch", o->jobs_per_batch, "Jobs ingested together as one batch (one transaction)")
      ->check(CLI::Range(1, 100000));
  w->add_option("--order-wait", o->order_wait_seconds,
                "Seconds a batch waits for the earlier jobs of live workers to commit first (0: commit at once); "
                "batches then commit in queue order and give one worker's stories")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  w->callback([o, exit_code] { *exit_code = RunWorker(*o); });
}

}  // namespace parallax::cli
