#pragma once
// A throw-away PostgreSQL server for the tests (scripts/pg_scratch.sh). Under
// CTest one server serves every test (the pg_server fixture in
// tests/CMakeLists.txt passes its URI in PARALLAX_TEST_PG_URI); a test binary
// run by hand starts its own on first use, in a folder under /tmp, and stops
// it when it exits. Tests that need it skip with a clear message when no
// server can be started (the server binaries are missing).
//
//   const std::string uri = PG_TEST_DATABASE();  // a fresh, empty database, or GTEST_SKIP

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "store/pg_db.h"

namespace parallax::pg_testing {

class ScratchPg {
 public:
  static ScratchPg& Get() {
    static ScratchPg server;
    return server;
  }
  const std::string& uri() const { return uri_; }
  const std::string& problem() const { return problem_; }

  // A new empty database on the server; its URI.
  std::string NewDatabase(const std::string& hint) {
    std::string name("t");
    name.append(std::to_string(::getpid())).append("_").append(std::to_string(++databases_)).append("_");
    for (char c : hint) name += (std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
    name = name.substr(0, 60);
    store_internal::PgDb admin;
    Status s = admin.Connect(uri_);
    if (!s.ok()) return {};
    admin.Exec("DROP DATABASE IF EXISTS " + name);
    admin.Exec("CREATE DATABASE " + name);
    std::string u = uri_;
    const std::string from = "/postgres?";
    u.replace(u.find(from), from.size(), "/" + name + "?");
    return u;
  }

 private:
  ScratchPg() {
    if (const char* given = std::getenv("PARALLAX_TEST_PG_URI"); given && *given) {
      store_internal::PgDb probe;
      Status s = probe.Connect(given);
      if (s.ok()) {
        uri_ = given;
        shared_ = true;
      } else {
        problem_ = s.message();
      }
      return;
    }
    dir_ = "/tmp/parallax-pgtest-" + std::to_string(::getpid());
    const std::string script = std::string(PARALLAX_SOURCE_DIR) + "/scripts/pg_scratch.sh";
    const std::string cmd = "bash '" + script + "' start '" + dir_ + "' 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    std::string out;
    if (p) {
      char buf[512];
      while (std::fgets(buf, sizeof buf, p)) out += buf;
      const int rc = ::pclose(p);
      while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
      if (rc == 0 && out.rfind("postgresql://", 0) == 0) {
        uri_ = out;
        return;
      }
    }
    problem_ = out.empty() ? "could not run scripts/pg_scratch.sh" : out;
  }
  ~ScratchPg() {
    if (uri_.empty() || shared_) return;
    const std::string cmd = "bash '" + std::string(PARALLAX_SOURCE_DIR) + "/scripts/pg_scratch.sh' stop '" + dir_ + "' >/dev/null 2>&1";
    [[maybe_unused]] int rc = std::system(cmd.c_str());
  }
  std::string dir_, uri_, problem_;
  int databases_ = 0;
  bool shared_ = false;
};

}  // namespace parallax::pg_testing

// A fresh database for this test, or skip it when no server can be started.
#define PG_TEST_DATABASE()                                                                                  \
  ([]() {                                                                                                   \
    auto& server = ::parallax::pg_testing::ScratchPg::Get();                                                \
    return server.uri().empty() ? std::string()                                                             \
                                : server.NewDatabase(::testing::UnitTest::GetInstance()->current_test_info()->name()); \
  }())

#define PG_SKIP_IF_UNAVAILABLE(uri)                                                                          \
  if ((uri).empty()) GTEST_SKIP() << "no throw-away PostgreSQL server: "                                   \
                                  << ::parallax::pg_testing::ScratchPg::Get().problem()                     \
                                  << " (install the postgresql package; scripts/setup.sh does)"
