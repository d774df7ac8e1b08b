// A fleet of `parallax worker` processes on one PostgreSQL store, through
// the CLI: 1 worker and 4 workers drain the same queue of a shuffled small
// corpus (examples/articles, the merge scenario, a copy under another
// name) and store the same articles and duplicates exactly, with stories at
// B-cubed >= 0.99 (and, as batches commit in queue order, the same
// stories exactly); a worker killed with SIGKILL mid-run leaves nothing
// stored twice, and the next worker finishes its job when the lease expires.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "eval/clustering_metrics.h"
#include "ingest/reader.h"
#include "pg_test_util.h"
#include "store/store.h"
#include "store_test_util.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using namespace store_testing;

pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The corpus's files, shuffled with a fixed seed.
std::vector<std::string> Corpus(const TempDir& dir) {
  WriteMergeInputs(dir);
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(ExamplesDir())) files.push_back(e.path().string());
  for (const char* f : {"d1/bridge.txt", "d1/ferry.txt", "d2/both.txt"}) files.push_back(dir / f);
  // A copy of the bridge article under another name and outlet: a duplicate.
  std::string copy = ReadFile(dir / "d1/bridge.txt");
  copy.replace(copy.find("Castermoor Post"), 15, "Moor Wire");
  WriteFile(dir / "bridge-copy.txt", copy);
  files.push_back(dir / "bridge-copy.txt");
  std::sort(files.begin(), files.end());
  std::shuffle(files.begin(), files.end(), std::mt19937(22));
  return files;
}

// Registers the corpus in a queue and runs `workers` workers at once; the exit codes.
// How many articles the corpus holds (one file may hold several).
std::size_t ArticlesIn(const std::vector<std::string>& files) {
  std::set<std::string> ids;
  for (const Article& a : ReadInputs(files, IngestOptions{}).articles) ids.insert(a.id);
  return ids.size();
}

std::vector<int> RunFleet(const std::string& uri, const std::vector<std::string>& files, int workers,
                          const TempDir& dir) {
  std::vector<std::string> reg = {Binary(), "ingest", "--db", uri, "--queue", "q"};
  reg.insert(reg.end(), files.begin(), files.end());
  std::vector<int> codes = {Wait(Spawn(reg, dir / "register.log"))};
  std::vector<pid_t> pids;
  for (int w = 0; w < workers; ++w) {
    pids.push_back(Spawn({Binary(), "worker", "--db", uri, "--queue", "q", "--threads", "1"},
                         dir / ("worker" + std::to_string(w) + ".log")));
  }
  for (pid_t p : pids) codes.push_back(Wait(p));
  return codes;
}

struct Stored {
  std::set<std::string> ids;
  std::set<std::set<std::string>> duplicate_groups;  // a canonical article with its copies
  std::map<std::string, int> story_of;                // canonical article -> story label
};

Stored Read(const std::string& uri) {
  Stored s;
  auto store = MustOpen(uri);
  if (!store) return s;
  auto r = store->Export();
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return s;
  std::map<std::size_t, std::set<std::string>> groups;
  for (std::size_t i = 0; i < r->articles.size(); ++i) {
    EXPECT_TRUE(s.ids.insert(r->articles[i].id).second) << "stored twice: " << r->articles[i].id;
    if (r->duplicate_of[i]) {
      groups[*r->duplicate_of[i]].insert(r->articles[i].id);
      groups[*r->duplicate_of[i]].insert(r->articles[*r->duplicate_of[i]].id);
    }
  }
  for (auto& [k, g] : groups) s.duplicate_groups.insert(g);
  for (std::size_t k = 0; k < r->stories.size(); ++k) {
    for (const std::string& a : r->stories[k].articles) s.story_of[a] = static_cast<int>(k);
  }
  return s;
}

double BCubed(const Stored& a, const Stored& b) {
  std::vector<int> x, y;
  for (const auto& [id, story] : a.story_of) {
    auto it = b.story_of.find(id);
    x.push_back(story);
    y.push_back(it == b.story_of.end() ? -1 - static_cast<int>(x.size()) : it->second);
  }
  return ScoreClustering(x, y).bcubed_f1;
}

TEST(PgWorkers, FourWorkersStoreWhatOneWorkerStores) {
  TempDir dir;
  const std::vector<std::string> files = Corpus(dir);
  const std::string one = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(one);
  const std::string four = PG_TEST_DATABASE();
  for (int code : RunFleet(one, files, 1, dir)) EXPECT_EQ(code, 0) << ReadFile(dir / "worker0.log");
  for (int code : RunFleet(four, files, 4, dir)) EXPECT_EQ(code, 0) << ReadFile(dir / "worker0.log");
  const Stored a = Read(one), b = Read(four);
  EXPECT_EQ(a.ids.size(), ArticlesIn(files));
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.duplicate_groups.size(), 1u);
  EXPECT_EQ(a.duplicate_groups, b.duplicate_groups);
  EXPECT_GE(BCubed(a, b), 0.99);
  EXPECT_EQ(a.story_of.size(), b.story_of.size());
  // Batches commit in queue order (worker --order-wait), as one worker
  // commits them: the very same stories.
  auto partition = [](const Stored& s) {
    std::map<int, std::set<std::string>> by;
    for (const auto& [id, story] : s.story_of) by[story].insert(id);
    std::set<std::set<std::string>> out;
    for (auto& [k, members] : by) out.insert(members);
    return out;
  };
  EXPECT_EQ(partition(a), partition(b));
  // Registering again adds no job; a worker on a drained queue does nothing.
  std::vector<std::string> reg = {Binary(), "ingest", "--db", four, "--queue", "q"};
  reg.insert(reg.end(), files.begin(), files.end());
  EXPECT_EQ(Wait(Spawn(reg, dir / "again.log")), 0);
  EXPECT_NE(ReadFile(dir / "again.log").find("0 new jobs"), std::string::npos) << ReadFile(dir / "again.log");
  // --queue needs PostgreSQL.
  EXPECT_EQ(Wait(Spawn({Binary(), "ingest", "--db", dir / "x.db", "--queue", "q", files[0]}, dir / "sqlite.log")), 2);
}

TEST(PgWorkers, AWorkerKilledMidJobLeavesEveryArticleStoredOnce) {
  TempDir dir;
  const std::vector<std::string> files = Corpus(dir);
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  std::vector<std::string> reg = {Binary(), "ingest", "--db", uri, "--queue", "q"};
  reg.insert(reg.end(), files.begin(), files.end());
  ASSERT_EQ(Wait(Spawn(reg, dir / "register.log")), 0);
  // Killed at a few moments of its run (before, during or after a batch).
  for (int delay_ms : {150, 400, 900}) {
    const pid_t victim =
        Spawn({Binary(), "worker", "--db", uri, "--queue", "q", "--threads", "1", "--lease", "5"}, dir / "victim.log");
    ::usleep(delay_ms * 1000);
    ::kill(victim, SIGKILL);
    Wait(victim);
  }
  // The survivor waits out the dead workers' leases and drains the queue.
  EXPECT_EQ(Wait(Spawn({Binary(), "worker", "--db", uri, "--queue", "q", "--threads", "1", "--lease", "5"},
                       dir / "survivor.log")),
            0)
      << ReadFile(dir / "survivor.log");
  const Stored s = Read(uri);
  EXPECT_EQ(s.ids.size(), ArticlesIn(files));
  EXPECT_EQ(s.duplicate_groups.size(), 1u);
}

}  // namespace
}  // namespace parallax
