#include "core/file.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace parallax {
namespace {

namespace fs = std::filesystem;

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes) const override {
    std::error_code ec;
    if (!fs::exists(path, ec)) return Status(StatusCode::kNotFound, path + ": no such file");
    if (fs::is_directory(path, ec)) return Status(StatusCode::kInvalidInput, path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status(StatusCode::kPermissionDenied,
                    path + ": cannot be read (" + std::strerror(errno) + ")");
    }
    auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      return Status(StatusCode::kTooLarge, path + ": " + std::to_string(size) +
                                               " bytes, over the limit of " +
                                               std::to_string(max_bytes) + " bytes");
    }
    std::string data;
    if (!ec) data.reserve(size);
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      data.append(buf, static_cast<size_t>(in.gcount()));
      if (data.size() > max_bytes) {
        return Status(StatusCode::kTooLarge, path + ": over the limit of " +
                                                 std::to_string(max_bytes) + " bytes");
      }
    }
    if (in.bad()) return Status(StatusCode::kPermissionDenied, path + ": read error");
    return data;
  }

  std::vector<std::string> ListFiles(const std::string& dir, std::vector<Status>* errors) const override {
    std::vector<std::string> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
    if (ec) {
      if (errors) errors->emplace_back(StatusCode::kPermissionDenied, dir + ": cannot list directory (" + ec.message() + ")");
      return out;
    }
    while (it != end) {
      const auto& entry = *it;
      std::error_code fec;
      if (entry.is_directory(fec)) {
        // Probe readability so an unreadable subdirectory is reported.
        fs::directory_iterator probe(entry.path(), fec);
        if (fec) {
          if (errors) errors->emplace_back(StatusCode::kPermissionDenied, entry.path().string() + ": cannot list directory (" + fec.message() + ")");
          it.disable_recursion_pending();
        }
      } else if (entry.is_regular_file(fec)) {
        out.push_back(entry.path().string());
      } else if (errors) {
        // Broken links, sockets, FIFOs: reported, never dropped silently.
        const bool broken_link = entry.is_symlink(fec) && !fs::exists(entry.path(), fec);
        errors->emplace_back(StatusCode::kPermissionDenied,
                             entry.path().string() + (broken_link ? ": broken symbolic link, cannot be read"
                                                                  : ": not a regular file, skipped"));
      }
      it.increment(ec);
      if (ec) {
        if (errors) errors->emplace_back(StatusCode::kPermissionDenied, dir + ": error while listing (" + ec.message() + ")");
        break;
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  bool IsDirectory(const std::string& path) const override {
    std::error_code ec;
    return fs::is_directory(path, ec);
  }
  bool Exists(const std::string& path) const override {
    std::error_code ec;
    return fs::exists(path, ec);
  }
};

}  // namespace

const FileSystem& DefaultFileSystem() {
  static const PosixFileSystem kFs;
  return kFs;
}

std::string LocateModelFile(const char* env_var, const std::string& name, const std::string& source_models_dir) {
  if (const char* env = std::getenv(env_var); env && *env) return env;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path() / ".." / "share" / "parallax" / name;
    if (fs::exists(installed, ec)) return installed.string();
  }
  return source_models_dir + "/" + name;
}

}  // namespace parallax
