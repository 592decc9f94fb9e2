#include "pipeline/stopwords.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/resources.h"
#include "pipeline/unicode.h"

namespace boilerstrip::testing {
namespace {

// Every word of every embedded list, as the lookup table holds it: found for its language
// whether asked folded or as written.
TEST_CASE("stopwords: every listed word is found for its language") {
  Stopwords lists;
  lists.LoadEmbedded();
  int checked = 0;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (!f.path.starts_with("stopwords/") || f.path.ends_with("fallback.txt")) continue;
    std::string lang(f.path.substr(10, f.path.size() - 14));
    LanguageMask own = lists.MaskOf(lang);
    REQUIRE(own != 0);
    std::string_view rest = f.data;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view word = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (!word.empty() && word.back() == '\r') word.remove_suffix(1);
      if (word.empty() || word.front() == '#' || word.find(' ') != std::string_view::npos) continue;
      CAPTURE(lang);
      CAPTURE(word);
      CHECK((lists.Owners(Fold(word)) & own) != 0);
      CHECK((lists.OwnersOfUnfolded(word) & own) != 0);
      // An ASCII word written in capitals, or with one, is the lower-case word's.
      if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string upper(word), capitalized(word);
        for (char& c : upper) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        capitalized[0] = upper[0];
        CHECK(lists.OwnersOfUnfolded(upper) == lists.Owners(Fold(upper)));
        CHECK(lists.OwnersOfUnfolded(capitalized) == lists.Owners(Fold(capitalized)));
      }
      ++checked;
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("stopwords: words no list has belong to no language, asked again and again") {
  Stopwords lists;
  lists.LoadEmbedded();
  for (int round = 0; round < 2; ++round) {  // the second round reads the per-thread memo
    for (const char* word : {"boilerstrip", "Antidisestablishmentarianism", "Donaudampfschifffahrt", "xq7"}) {
      CAPTURE(word);
      CHECK(lists.Owners(Fold(word)) == 0);
      CHECK(lists.OwnersOfUnfolded(word) == 0);
    }
    CHECK((lists.OwnersOfUnfolded("The") & lists.MaskOf("en")) != 0);
    CHECK((lists.OwnersOfUnfolded("DON'T") & lists.MaskOf("en")) != 0);
    std::string long_word = "The" + std::string(70, 'x');
    CHECK(lists.OwnersOfUnfolded(long_word) == lists.Owners(Fold(long_word)));
    CHECK((lists.OwnersOfUnfolded("und") & lists.MaskOf("de")) != 0);
    CHECK((lists.OwnersOfUnfolded("und") & lists.MaskOf("en")) == 0);
  }
}

TEST_CASE("stopwords: a batch of words gets what each word gets on its own") {
  // Words folded and not, stopwords of several languages and none, repeated within the
  // batch, in batches of every size up to the largest, with the memo cold and warm, and
  // with its slots taken by other words between rounds.
  Stopwords lists;
  lists.LoadEmbedded();
  const std::vector<std::string> words = {
      "the", "The", "THE", "und", "Und", "и", "И", "это", "của", "的", "και", "Και", "boilerstrip",
      "Donaudampfschifffahrt", "xq7", "de", "De", "la", "est", "Ist", "ﬁ", "ǅ", "İ", "the", "und",
      "è", "È", "ja", "ve", "Ve", "dan", "dan", "x" + std::string(70, 'y')};
  std::vector<LanguageMask> expected;  // simple case folding, as OwnersOfUnfolded's
  for (const std::string& w : words) {
    std::string folded;
    FoldWord(w, &folded);
    expected.push_back(lists.Owners(folded));
  }
  for (int round = 0; round < 3; ++round) {
    for (size_t size = 1; size <= Stopwords::kBatch; ++size) {
      for (size_t start = 0; start + size <= words.size(); start += size) {
        std::vector<std::string_view> batch(words.begin() + start, words.begin() + start + size);
        std::vector<LanguageMask> owners(size, ~LanguageMask{0});
        lists.OwnersOfUnfolded(batch, owners.data());
        for (size_t i = 0; i < size; ++i) {
          CAPTURE(batch[i]);
          CHECK(owners[i] == expected[start + i]);
          CHECK(lists.OwnersOfUnfolded(batch[i]) == expected[start + i]);
        }
      }
    }
    for (int i = 0; i < 20000; ++i) lists.OwnersOfUnfolded("filler" + std::to_string(i));
  }
  CHECK((expected[0] & lists.MaskOf("en")) != 0);
  CHECK(expected[12] == 0);
}

}  // namespace
}  // namespace boilerstrip::testing
