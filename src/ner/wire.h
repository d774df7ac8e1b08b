#pragma once
// Little-endian binary encoding for the model file (internal to ner/).
// Get* consume from the front of `in` and return false when it is too short.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace parallax::wire {

template <typename T>
void PutRaw(std::string* out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // the model format is little-endian, like every machine we build on
  out->append(b, sizeof(T));
}
template <typename T>
bool GetRaw(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

inline void PutU8(std::string* out, std::uint8_t v) { PutRaw(out, v); }
inline void PutU16(std::string* out, std::uint16_t v) { PutRaw(out, v); }
inline void PutU32(std::string* out, std::uint32_t v) { PutRaw(out, v); }
inline void PutU64(std::string* out, std::uint64_t v) { PutRaw(out, v); }
inline void PutF32(std::string* out, float v) { PutRaw(out, v); }
inline bool GetU8(std::string_view* in, std::uint8_t* v) { return GetRaw(in, v); }
inline bool GetU16(std::string_view* in, std::uint16_t* v) { return GetRaw(in, v); }
inline bool GetU32(std::string_view* in, std::uint32_t* v) { return GetRaw(in, v); }
inline bool GetU64(std::string_view* in, std::uint64_t* v) { return GetRaw(in, v); }
inline bool GetF32(std::string_view* in, float* v) { return GetRaw(in, v); }

inline void PutString(std::string* out, std::string_view s) {
  PutU32(out, static_cast<std::uint32_t>(s.size()));
  out->append(s);
}
inline bool GetString(std::string_view* in, std::string* s) {
  std::uint32_t n = 0;
  if (!GetU32(in, &n) || in->size() < n) return false;
  s->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

}  // namespace parallax::wire
