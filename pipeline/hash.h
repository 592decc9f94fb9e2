// Hashing for the tables looked up for every word and line.
#ifndef BOILERSTRIP_PIPELINE_HASH_H_
#define BOILERSTRIP_PIPELINE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace boilerstrip {

// The 64-bit hash of |size| bytes: XXH3, inlined, several times faster than std::hash's
// out-of-line Murmur on the short strings looked up for every word.
inline uint64_t HashBytes(const void* data, size_t size) { return XXH3_64bits(data, size); }
inline uint64_t HashText(std::string_view s) { return HashBytes(s.data(), s.size()); }

// For unordered containers of strings that are looked up by string_view.
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return HashText(s); }
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_HASH_H_
