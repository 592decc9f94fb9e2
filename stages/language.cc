#include "stages/language.h"

// CLD2's header uses size_t and friends without including their headers.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

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

void LanguageStage::Apply(Document& doc) const {
  if (doc.lang.empty()) {
    std::string sample;
    for (const Block& b : doc.blocks) {
      if (sample.size() >= static_cast<size_t>(sample_bytes_)) break;
      sample.append(b.text).push_back('\n');
    }
    doc.lang = DetectLanguage(sample);
  }
  const WordSet* words = stopwords_.For(doc.lang);
  doc.stopwords_known = words != nullptr;
  for (Block& b : doc.blocks) {
    b.stats.tokens = b.stats.stopwords = 0;
    ForEachWord(b.folded, [&](std::string_view w) {
      ++b.stats.tokens;
      if (words && words->find(w) != words->end()) ++b.stats.stopwords;
    });
  }
}

}  // namespace boilerstrip
