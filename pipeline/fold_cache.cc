#include "pipeline/fold_cache.h"

#include <cstdlib>
#include <memory>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "pipeline/unicode.h"

namespace boilerstrip::internal {
namespace {

// A page and the bytes its mappings point into.
struct StoredPage {
  FoldPage page;
  std::string bytes;
};

bool HasSpaceLike(std::string_view s) {
  for (size_t i = 0; i < s.size();)
    if (IsSpaceLike(NextCodePoint(s, &i))) return true;
  return false;
}

std::unique_ptr<StoredPage> BuildPage(int index) {
  auto stored = std::make_unique<StoredPage>();
  const icu::Normalizer2& n = NfkcCasefold();
  std::vector<std::string> mapped(stored->page.points.size());
  for (size_t k = 0; k < mapped.size(); ++k) {
    UChar32 c = static_cast<UChar32>(index * mapped.size() + k);
    if (U_IS_SURROGATE(c)) continue;  // never decoded from well-formed UTF-8: not alone
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = n.normalize(icu::UnicodeString(c), status);
    folded.toUTF8String(mapped[k]);
    if (U_FAILURE(status) || mapped[k].size() > UINT8_MAX) continue;
    FoldedCodePoint& f = stored->page.points[k];
    f.size = static_cast<uint8_t>(mapped[k].size());
    size_t end = 0;
    f.space = f.size > 0 && IsSpaceLike(NextCodePoint(mapped[k], &end)) && end == f.size;
    f.alone = n.hasBoundaryBefore(c) && (f.space || !HasSpaceLike(mapped[k]));
    std::string own;
    icu::UnicodeString(c).toUTF8String(own);
    f.same = f.alone && !f.space && mapped[k] == own;
    if (f.same) stored->page.same[k / 64] |= uint64_t{1} << (k % 64);
    stored->bytes += mapped[k];
  }
  // Pointers into |bytes| are taken once it has stopped growing.
  for (size_t k = 0, offset = 0; k < mapped.size(); offset += stored->page.points[k].size, ++k)
    stored->page.points[k].data = stored->bytes.data() + offset;
  return stored;
}

}  // namespace

std::atomic<const FoldPage*> fold_pages[256];

const FoldPage& BuildFoldPage(int index) {
  // Two threads may build one page at once; the second to finish drops its copy. Pages
  // live as long as the process.
  std::unique_ptr<StoredPage> built = BuildPage(index);
  const FoldPage* page = nullptr;
  if (fold_pages[index].compare_exchange_strong(page, &built->page, std::memory_order_acq_rel))
    return built.release()->page;
  return *page;
}

const icu::Normalizer2& NfkcCasefold() {
  // ICU's data is built in: failing to get the instance is a broken installation.
  static const icu::Normalizer2* const n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) abort();
    return n;
  }();
  return *n;
}

}  // namespace boilerstrip::internal
