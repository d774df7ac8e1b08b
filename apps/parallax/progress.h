#pragma once
// A progress display for `parallax analyze` on standard error: the stage,
// articles done of the total, articles per second and the time left,
// redrawn in place at most 10 times a second, and one line per finished
// stage with its time. Silent unless enabled (main enables it only when
// standard error is a terminal), so pipes, logs and tests see nothing.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "engine/engine.h"
#include "ingest/reader.h"

namespace parallax::cli {

class ProgressBar {
 public:
  // Draws on `out` when `enabled`; otherwise every call does nothing.
  ProgressBar(std::ostream& out, bool enabled);
  ~ProgressBar();

  bool enabled() const { return enabled_; }

  // The EngineOptions::progress callback.
  void Update(const Progress& p);

  // Clears the line being redrawn (before other messages and at the end).
  void Clear();

  // One line per non-zero IngestStats count ("skipped 3 WARC responses
  // (not HTML or text)").
  void ReportSkipped(const IngestStats& stats);

 private:
  using Clock = std::chrono::steady_clock;
  void Draw(const Progress& p, Clock::time_point now);

  std::ostream& out_;
  bool enabled_;
  std::string stage_;
  std::string finished_stage_;
  Clock::time_point stage_start_{};
  Clock::time_point last_draw_{};
  bool line_open_ = false;
};

// True when standard error is a terminal.
bool StderrIsTerminal();

}  // namespace parallax::cli
