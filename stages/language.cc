#include "stages/language.h"

// CLD2's header uses size_t and friends without including their headers.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <vector>

#include "pipeline/stopwords.h"
#include "pipeline/unicode.h"

namespace boilerstrip {

std::string DetectLanguage(std::string_view text) {
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()),
                                             /*is_plain_text=*/true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 keeps a few old or regional codes; stopword lists use ISO 639-1.
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "nb" || code == "nn") return "no";
  size_t dash = code.find('-');
  if (dash != std::string::npos) code.resize(dash);
  return code;
}

namespace {

// The page's longest lines, up to |budget| bytes: running text tells the language
// better than menus, and a bounded sample keeps detection cheap on long pages.
std::string Sample(const Document& doc, size_t budget) {
  std::vector<const Block*> lines;
  for (const Block& b : doc.blocks) lines.push_back(&b);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Block* a, const Block* b) { return a->text.size() > b->text.size(); });
  std::string sample;
  for (const Block* b : lines) {
    if (sample.size() >= budget) break;
    sample.append(b->text).push_back('\n');
  }
  return sample;
}

}  // namespace

void LanguageStage::Apply(Document& doc) const {
  if (doc.lang.empty()) {
    doc.lang = DetectLanguage(Sample(doc, static_cast<size_t>(sample_bytes_)));
  }
  const WordSet* words = stopwords_.For(doc.lang);
  doc.stopwords_known = words != nullptr;
  std::string folded;
  for (Block& b : doc.blocks) {
    b.stats.tokens = b.stats.stopwords = 0;
    ForEachWord(b.text, [&](std::string_view w) {
      ++b.stats.tokens;
      if (!words) return;
      FoldWord(w, &folded);
      if (words->find(folded) != words->end()) ++b.stats.stopwords;
    });
  }
}

}  // namespace boilerstrip
