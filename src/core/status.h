#pragma once
// Status and Result<T>: the one error type of Parallax.
//
// No exception crosses a module boundary. Code that calls a throwing library
// catches at the call and returns a Status. Bad input is never an assertion:
// it is a Status that names the input and the problem, so one bad item can be
// reported while the rest of the batch goes on.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace parallax {

enum class StatusCode {
  kOk = 0,
  kNotFound,         // a path that does not exist
  kPermissionDenied, // a path that exists but cannot be read
  kInvalidInput,     // input that is not what its format promises (binary, bad UTF-8, malformed JSON)
  kEmpty,            // input that holds no article text at all
  kTooLarge,         // input over a configured budget
  kInvalidArgument,  // a caller or user passed a bad option
  kInternal,         // a bug or an unexpected library failure
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }

// Result<T>: a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace parallax
