#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <ostream>

namespace parallax::cli {
namespace {

// 19043 -> "19,043".
std::string Grouped(std::uint64_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Articles(std::uint64_t v) { return Grouped(v) + (v == 1 ? " article" : " articles"); }

std::string Duration(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else {
    std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  }
  return buf;
}

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) != 0; }

ProgressBar::ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}

ProgressBar::~ProgressBar() { Clear(); }

void ProgressBar::Clear() {
  if (!enabled_ || !line_open_) return;
  out_ << "\r\033[K" << std::flush;
  line_open_ = false;
}

void ProgressBar::Update(const Progress& p) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (finished_stage_ == p.stage) return;  // a stage may report its end twice
  finished_stage_.clear();
  if (stage_ != p.stage) {
    stage_ = p.stage;
    stage_start_ = now;
    last_draw_ = {};
  }
  const bool finished = p.total > 0 && p.done >= p.total;
  if (finished) {
    // A permanent line per stage, so the whole run's timing stays visible.
    const double s = std::chrono::duration<double>(now - stage_start_).count();
    Clear();
    out_ << "parallax: " << stage_ << " " << Articles(p.total) << " in " << Duration(s);
    if (s > 0.05) out_ << " (" << Grouped(static_cast<std::uint64_t>(p.total / s)) << " articles/s)";
    out_ << "\n" << std::flush;
    finished_stage_ = stage_;
    stage_.clear();
    return;
  }
  // At most ~10 redraws a second, however often the engine reports.
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(p, now);
}

void ProgressBar::Draw(const Progress& p, Clock::time_point now) {
  const double s = std::chrono::duration<double>(now - stage_start_).count();
  std::string line = "parallax: " + stage_ + " ";
  if (p.total > 0) {
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(kWidth * p.done / p.total);
    line += '[';
    line.append(filled, '#').append(kWidth - filled, '.').append("] ");
    line += Grouped(p.done) + "/" + Articles(p.total);
    if (p.done > 0 && s > 0.2) {
      const double rate = p.done / s;
      line += ", " + Grouped(static_cast<std::uint64_t>(rate)) + " articles/s, ETA " +
              Duration((p.total - p.done) / rate);
    }
  } else {
    line += "... " + Duration(s);
  }
  out_ << "\r\033[K" << line << std::flush;
  line_open_ = true;
}

void ProgressBar::ReportSkipped(const IngestStats& stats) {
  if (!enabled_) return;
  Clear();
  if (stats.records_skipped > 0) {
    out_ << "parallax: skipped " << Grouped(stats.records_skipped)
         << " WARC records (not responses or resources: warcinfo, request, metadata, revisit ...)\n";
  }
  if (stats.pages_not_ok > 0) {
    out_ << "parallax: skipped " << Grouped(stats.pages_not_ok) << " WARC responses (HTTP status other than 200)\n";
  }
  if (stats.pages_not_text > 0) {
    out_ << "parallax: skipped " << Grouped(stats.pages_not_text) << " WARC responses (not HTML or text)\n";
  }
  out_ << std::flush;
}

}  // namespace parallax::cli
