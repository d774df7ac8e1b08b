#pragma once
// Byte streams for the bulk formats (WARC, JSON Lines, compressed input):
// a file is read in fixed chunks and decompressed as it goes, so memory
// stays bounded whatever the file's size.
//
//   IstreamSource file(in);
//   GzipSource gz(&file);               // every member, one after another
//   BufferedReader r(&gz);
//   std::string line; bool too_long;
//   while (r.ReadLine(&line, 1 << 20, &too_long)) use(line);
//   if (!r.status().ok()) report(r.status());   // truncated, corrupt ...
//
// Not thread-safe; a source is used by one reader at a time. Sources never
// throw: a problem ends the stream and is kept in status().

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n (> 0) bytes into buf. Returns 0 only at the end of the
  // stream or after a problem; status() tells which.
  virtual std::size_t Read(char* buf, std::size_t n) = 0;
  // OK at a clean end; otherwise the problem that ended the stream.
  const Status& status() const { return status_; }

 protected:
  void Fail(std::string message) {
    if (status_.ok()) status_ = InvalidInput(std::move(message));
  }
  Status status_;
};

// Reads a std::istream (a file, stdin, a string stream). Does not own it.
class IstreamSource final : public ByteSource {
 public:
  explicit IstreamSource(std::istream* in) : in_(in) {}
  std::size_t Read(char* buf, std::size_t n) override;

 private:
  std::istream* in_;
};

// Reads bytes held in memory. Does not own them.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  std::size_t Read(char* buf, std::size_t n) override;

 private:
  std::string_view data_;
};

// Inflates gzip data: every member in turn (a .warc.gz holds one member per
// record, a concatenated .gz several). A stream cut inside a member, corrupt
// data, or bytes after a member that are not another gzip member end the
// stream with a message that gives the member number and compressed offset.
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(ByteSource* in);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  std::size_t Read(char* buf, std::size_t n) override;

 private:
  struct State;
  ByteSource* in_;
  std::unique_ptr<State> state_;
};

// Decompresses zstd data (any number of frames), with the same failure
// reporting as GzipSource.
class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(ByteSource* in);
  ~ZstdSource() override;
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;
  std::size_t Read(char* buf, std::size_t n) override;

 private:
  struct State;
  ByteSource* in_;
  std::unique_ptr<State> state_;
};

// Buffered reading with look-ahead, lines and counted reads. It is itself a
// ByteSource, so a decompressor can be stacked on a reader that was used to
// sniff the first bytes. status() takes on the problem of the source underneath
// once it shows.
class BufferedReader final : public ByteSource {
 public:
  explicit BufferedReader(ByteSource* in) : in_(in) {}
  std::size_t Read(char* buf, std::size_t n) override;
  // Up to n bytes ahead, without consuming them (fewer at the end).
  std::string_view Peek(std::size_t n);
  // Reads the next line without its "\n" (a "\r" before it is kept).
  // Returns false at the end of input. A line longer than max_bytes is read
  // to its end but only its first max_bytes are kept, and *too_long is set.
  // *complete (if given) is false when the input ended before a "\n".
  bool ReadLine(std::string* line, std::size_t max_bytes, bool* too_long, bool* complete = nullptr);
  // Appends up to n bytes to *out; returns how many (fewer at the end).
  std::size_t ReadInto(std::size_t n, std::string* out);
  // Skips up to n bytes; returns how many.
  std::uint64_t Skip(std::uint64_t n);
  // Bytes consumed so far.
  std::uint64_t offset() const { return offset_; }
  bool AtEnd() { return Peek(1).empty(); }

 private:
  bool Fill();  // reads one more chunk; false at end
  ByteSource* in_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;
};

// Inflates a whole gzip (or zlib/raw deflate when `format` says so) buffer
// held in memory, stopping with kTooLarge past max_bytes of output.
enum class DeflateFormat { kGzip, kZlibOrRaw };
Result<std::string> InflateBounded(std::string_view data, DeflateFormat format, std::uint64_t max_bytes);

}  // namespace parallax
