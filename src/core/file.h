#pragma once
// File-system access behind one small interface, so that tests can read
// from memory and inject faults.

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace parallax {

// Where a model file named `name` is: $`env_var` when set and not empty;
// else <directory of the running binary>/../share/parallax/`name` when that
// exists (an installed copy); else `source_models_dir`/`name` (the source
// tree's models/ folder, for a build that is not installed).
std::string LocateModelFile(const char* env_var, const std::string& name, const std::string& source_models_dir);

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Reads a whole file. Fails with kNotFound, kPermissionDenied or kTooLarge
  // (more than max_bytes). The message names the path.
  virtual Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes) const = 0;
  // Lists regular files under a directory, recursively, sorted by path so
  // that output order does not depend on the file system. Unreadable
  // subdirectories are reported in `errors`, not silently skipped.
  virtual std::vector<std::string> ListFiles(const std::string& dir, std::vector<Status>* errors) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
};

// The real file system. Thread-safe (stateless).
const FileSystem& DefaultFileSystem();

}  // namespace parallax
