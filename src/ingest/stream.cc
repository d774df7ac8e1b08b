#include "ingest/stream.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace parallax {
namespace {
constexpr std::size_t kChunk = 64 << 10;
}  // namespace

std::size_t IstreamSource::Read(char* buf, std::size_t n) {
  if (!in_->good()) return 0;
  in_->read(buf, static_cast<std::streamsize>(n));
  std::size_t got = static_cast<std::size_t>(in_->gcount());
  if (in_->bad()) Fail("read error");
  return got;
}

std::size_t MemorySource::Read(char* buf, std::size_t n) {
  std::size_t k = std::min(n, data_.size());
  if (k > 0) std::memcpy(buf, data_.data(), k);
  data_.remove_prefix(k);
  return k;
}

// ---- gzip -------------------------------------------------------------------

struct GzipSource::State {
  z_stream zs{};
  std::vector<unsigned char> in = std::vector<unsigned char>(kChunk);
  bool ready = false;      // inflateInit2 succeeded
  bool in_member = false;  // inside a member that has not ended yet
  bool done = false;
  std::uint64_t members = 0;   // members finished
  std::uint64_t consumed = 0;  // compressed bytes handed to zlib
};

GzipSource::GzipSource(ByteSource* in) : in_(in), state_(std::make_unique<State>()) {
  state_->ready = inflateInit2(&state_->zs, 16 + MAX_WBITS) == Z_OK;
  if (!state_->ready) Fail("cannot start gzip decompression");
}

GzipSource::~GzipSource() {
  if (state_->ready) inflateEnd(&state_->zs);
}

std::size_t GzipSource::Read(char* buf, std::size_t n) {
  State& s = *state_;
  if (!s.ready) return 0;
  std::size_t produced = 0;
  while (produced == 0 && !s.done) {
    if (s.zs.avail_in == 0) {
      std::size_t got = in_->Read(reinterpret_cast<char*>(s.in.data()), s.in.size());
      if (got == 0) {
        if (!in_->status().ok()) {
          Fail(in_->status().message());
        } else if (s.in_member) {
          Fail("truncated gzip data: the input ends inside gzip member " + std::to_string(s.members + 1) +
               " (compressed byte " + std::to_string(s.consumed) + ")");
        }
        s.done = true;
        break;
      }
      s.zs.next_in = s.in.data();
      s.zs.avail_in = static_cast<uInt>(got);
      s.consumed += got;
    }
    s.in_member = true;
    s.zs.next_out = reinterpret_cast<Bytef*>(buf);
    s.zs.avail_out = static_cast<uInt>(n);
    int rc = inflate(&s.zs, Z_NO_FLUSH);
    produced = n - s.zs.avail_out;
    if (rc == Z_STREAM_END) {
      ++s.members;
      s.in_member = false;
      inflateReset(&s.zs);
    } else if (rc == Z_BUF_ERROR) {
      continue;  // needs more input
    } else if (rc != Z_OK) {
      std::uint64_t at = s.consumed - s.zs.avail_in;
      std::string why = s.zs.msg ? s.zs.msg : "error " + std::to_string(rc);
      if (s.members > 0 && produced == 0 && why.find("header") != std::string::npos) {
        Fail("data after gzip member " + std::to_string(s.members) + " is not gzip (compressed byte " +
             std::to_string(at) + ")");
      } else {
        Fail("corrupt gzip data in member " + std::to_string(s.members + 1) + " near compressed byte " +
             std::to_string(at) + ": " + why);
      }
      s.done = true;
    }
  }
  return produced;
}

// ---- zstd -------------------------------------------------------------------

struct ZstdSource::State {
  ZSTD_DStream* ds = nullptr;
  std::vector<char> in = std::vector<char>(kChunk);
  ZSTD_inBuffer ib{nullptr, 0, 0};
  std::size_t last = 0;      // last hint from ZSTD_decompressStream: 0 = frame complete
  bool out_full = false;     // the last call filled the output: more may be buffered
  bool started = false;
  bool done = false;
  std::uint64_t consumed = 0;
};

ZstdSource::ZstdSource(ByteSource* in) : in_(in), state_(std::make_unique<State>()) {
  state_->ds = ZSTD_createDStream();
  if (!state_->ds) Fail("cannot start zstd decompression");
}

ZstdSource::~ZstdSource() {
  if (state_->ds) ZSTD_freeDStream(state_->ds);
}

std::size_t ZstdSource::Read(char* buf, std::size_t n) {
  State& s = *state_;
  if (!s.ds) return 0;
  std::size_t produced = 0;
  while (produced == 0 && !s.done) {
    if (s.ib.pos == s.ib.size && !s.out_full) {
      std::size_t got = in_->Read(s.in.data(), s.in.size());
      if (got == 0) {
        if (!in_->status().ok()) {
          Fail(in_->status().message());
        } else if (s.started && s.last != 0) {
          Fail("truncated zstd data: the input ends inside a frame (compressed byte " + std::to_string(s.consumed) +
               ")");
        }
        s.done = true;
        break;
      }
      s.ib = ZSTD_inBuffer{s.in.data(), got, 0};
      s.consumed += got;
      s.started = true;
    }
    ZSTD_outBuffer ob{buf, n, 0};
    std::size_t rc = ZSTD_decompressStream(s.ds, &ob, &s.ib);
    if (ZSTD_isError(rc)) {
      Fail(std::string("corrupt zstd data near compressed byte ") +
           std::to_string(s.consumed - (s.ib.size - s.ib.pos)) + ": " + ZSTD_getErrorName(rc));
      s.done = true;
      break;
    }
    s.last = rc;
    s.out_full = ob.pos == ob.size;
    produced = ob.pos;
  }
  return produced;
}

// ---- buffered reader ----------------------------------------------------------

bool BufferedReader::Fill() {
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  std::size_t got = in_->Read(buf_.data() + old, kChunk);
  buf_.resize(old + got);
  if (got == 0 && !in_->status().ok()) Fail(in_->status().message());
  return got > 0;
}

std::string_view BufferedReader::Peek(std::size_t n) {
  while (buf_.size() - pos_ < n && Fill()) {
  }
  return std::string_view(buf_).substr(pos_, std::min(n, buf_.size() - pos_));
}

std::size_t BufferedReader::Read(char* buf, std::size_t n) {
  if (pos_ == buf_.size() && !Fill()) return 0;
  std::size_t k = std::min(n, buf_.size() - pos_);
  std::memcpy(buf, buf_.data() + pos_, k);
  pos_ += k;
  offset_ += k;
  return k;
}

bool BufferedReader::ReadLine(std::string* line, std::size_t max_bytes, bool* too_long, bool* complete) {
  line->clear();
  *too_long = false;
  if (complete) *complete = false;
  bool any = false;
  while (true) {
    if (pos_ == buf_.size() && !Fill()) return any;
    any = true;
    std::string_view avail = std::string_view(buf_).substr(pos_);
    std::size_t nl = avail.find('\n');
    std::string_view part = avail.substr(0, nl == std::string_view::npos ? avail.size() : nl);
    std::size_t room = max_bytes > line->size() ? max_bytes - line->size() : 0;
    if (part.size() > room) *too_long = true;
    line->append(part.substr(0, std::min(room, part.size())));
    std::size_t used = part.size() + (nl == std::string_view::npos ? 0 : 1);
    pos_ += used;
    offset_ += used;
    if (nl != std::string_view::npos) {
      if (complete) *complete = true;
      return true;
    }
  }
}

std::size_t BufferedReader::ReadInto(std::size_t n, std::string* out) {
  std::size_t done = 0;
  while (done < n) {
    if (pos_ == buf_.size() && !Fill()) break;
    std::size_t k = std::min(n - done, buf_.size() - pos_);
    out->append(buf_, pos_, k);
    pos_ += k;
    offset_ += k;
    done += k;
  }
  return done;
}

std::uint64_t BufferedReader::Skip(std::uint64_t n) {
  std::uint64_t done = 0;
  while (done < n) {
    if (pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
      if (!Fill()) break;
    }
    std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, buf_.size() - pos_));
    pos_ += k;
    offset_ += k;
    done += k;
  }
  return done;
}

// ---- whole-buffer inflate -------------------------------------------------------

Result<std::string> InflateBounded(std::string_view data, DeflateFormat format, std::uint64_t max_bytes) {
  auto run = [&](int window_bits) -> Result<std::string> {
    z_stream zs{};
    if (inflateInit2(&zs, window_bits) != Z_OK) return InvalidInput("cannot start decompression");
    std::string out;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    char chunk[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(chunk);
      zs.avail_out = sizeof(chunk);
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(chunk, sizeof(chunk) - zs.avail_out);
      if (out.size() > max_bytes) {
        inflateEnd(&zs);
        return Status(StatusCode::kTooLarge,
                      "decompressed body over the limit of " + std::to_string(max_bytes) + " bytes");
      }
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
    }
    std::string why = zs.msg ? zs.msg : "";
    inflateEnd(&zs);
    if (rc == Z_STREAM_END) return out;
    if (rc == Z_BUF_ERROR || rc == Z_OK) return InvalidInput("truncated compressed body");
    return InvalidInput("corrupt compressed body" + (why.empty() ? std::string() : ": " + why));
  };
  if (data.size() > 0xffffffffu) return Status(StatusCode::kTooLarge, "compressed body too large");
  if (format == DeflateFormat::kGzip) return run(16 + MAX_WBITS);
  // HTTP "deflate" is meant to be zlib but is often raw deflate.
  Result<std::string> z = run(MAX_WBITS);
  if (z.ok()) return z;
  return run(-MAX_WBITS);
}

}  // namespace parallax
