// NFKC_Casefold of single BMP code points, asked of ICU once per page of 256 code points
// and kept for the life of the process, so that Fold (unicode.h) can map most lines code
// point by code point without calling ICU's normalizer. Thread-safe.
#ifndef BOILERSTRIP_PIPELINE_FOLD_CACHE_H_
#define BOILERSTRIP_PIPELINE_FOLD_CACHE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include <unicode/umachine.h>
#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace boilerstrip::internal {

// ICU's NFKC_Casefold normalizer (a process-wide singleton).
const icu::Normalizer2& NfkcCasefold();

struct FoldedCodePoint {
  const char* data = nullptr;  // the mapping, UTF-8 (empty for default ignorables)
  uint8_t size = 0;
  // Whether the code point folds on its own: it has a normalization boundary before it
  // (nothing before it changes how it, or what precedes it, normalizes), and its mapping
  // is either one white space character or holds none. A line of such code points folds
  // to the concatenation of their mappings.
  bool alone = false;
  bool space = false;  // maps to one white space character
  // Folds alone to itself: a run of such code points is its own folding, copied whole.
  bool same = false;

  std::string_view text() const { return {data, size}; }
};

// The code points U+xx00..U+xxFF of one page, xx being its index.
struct FoldPage {
  std::array<FoldedCodePoint, 256> points;
  // Their |same| bits, 32 bytes a page: what a run of Han or kana asks of every
  // character, answered from the cache's first level rather than from 4 KB of entries.
  std::array<uint64_t, 4> same{};

  const FoldedCodePoint& operator[](size_t k) const { return points[k]; }
};
// The pages built so far; pages are built on first use and kept.
extern std::atomic<const FoldPage*> fold_pages[256];
const FoldPage& BuildFoldPage(int index);

// The NFKC_Casefold mapping of |c|, a BMP code point (c < 0x10000).
inline const FoldedCodePoint& FoldBmpCodePoint(UChar32 c) {
  int index = c >> 8;
  const FoldPage* page = fold_pages[index].load(std::memory_order_acquire);
  return (page ? *page : BuildFoldPage(index))[c & 0xFF];
}

// FoldBmpCodePoint(c).same.
inline bool FoldsToItself(UChar32 c) {
  int index = c >> 8;
  const FoldPage* page = fold_pages[index].load(std::memory_order_acquire);
  return (page ? *page : BuildFoldPage(index)).same[(c & 0xFF) >> 6] >> (c & 63) & 1;
}

}  // namespace boilerstrip::internal

#endif  // BOILERSTRIP_PIPELINE_FOLD_CACHE_H_
