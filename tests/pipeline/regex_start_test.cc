#include "pipeline/regex_start.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "pipeline/rules.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

bool AnchoredMatch(const RE2& re, std::string_view text) {
  return re.Match(text, 0, text.size(), RE2::ANCHOR_START, nullptr, 0);
}

TEST_CASE("the first two bytes of an anchored pattern's matches") {
  StartPairs words = AnchoredStartPairs("(?:published|updated|last updated)(?: on)?:? \\d");
  REQUIRE(words.known);
  CHECK(words.MayStart("published on 3 may"));
  CHECK(words.MayStart("up"));
  CHECK(words.MayStart("la"));
  CHECK_FALSE(words.MayStart("posted on 3 may"));
  CHECK_FALSE(words.MayStart("u"));
  CHECK_FALSE(words.MayStart(""));
  CHECK(words.PairCount() == 3);

  // A match of one byte: the line's first byte is enough.
  StartPairs single = AnchoredStartPairs("©|\\(c\\)|[0-9]$");
  REQUIRE(single.known);
  CHECK(single.MayStart("7"));
  CHECK(single.MayStart("7 comments"));
  CHECK(single.MayStart("© 2024"));
  CHECK(single.MayStart("(c) 2024"));
  CHECK_FALSE(single.MayStart("(d) 2024"));
  CHECK_FALSE(single.MayStart("a"));

  // Optional and repeated parts: what follows them may come first.
  StartPairs optional = AnchoredStartPairs("(?:the )?(?:[0-9]+ )*comments?");
  REQUIRE(optional.known);
  CHECK(optional.MayStart("the 12 comments"));
  CHECK(optional.MayStart("12 comments"));
  CHECK(optional.MayStart("1 comment"));
  CHECK(optional.MayStart("comments"));
  CHECK_FALSE(optional.MayStart("no comments"));
  CHECK_FALSE(optional.MayStart("tx"));
  // Zero-width assertions take no byte.
  CHECK(AnchoredStartPairs("^\\bab$").MayStart("ab"));
  CHECK_FALSE(AnchoredStartPairs("^\\bab$").MayStart("ba"));
}

TEST_CASE("classes and characters of several bytes give their first two bytes") {
  StartPairs cyrillic = AnchoredStartPairs("[а-я]{2}");
  REQUIRE(cyrillic.known);
  CHECK(cyrillic.MayStart("где"));
  CHECK_FALSE(cyrillic.MayStart("ab"));
  CHECK_FALSE(cyrillic.MayStart("éa"));

  // A negated class holds characters of every length.
  StartPairs word = AnchoredStartPairs("[^ ]+\\.jpg$");
  REQUIRE(word.known);
  for (std::string_view s : {"a.jpg", "éa.jpg", "写真.jpg", "😀.jpg"})
    CHECK_MESSAGE(word.MayStart(s), s);
  CHECK_FALSE(word.MayStart(" a.jpg"));
  CHECK(word.PairCount() > 4096);

  StartPairs han = AnchoredStartPairs("記者|\\x{8A18}\\x{4E8B}");
  REQUIRE(han.known);
  CHECK(han.MayStart("記者"));
  CHECK(han.MayStart("記事"));
  CHECK_FALSE(han.MayStart("写真"));

  // \pL and the like: any character, as far as the table knows.
  StartPairs letter = AnchoredStartPairs("\\pL\\p{Greek}x");
  REQUIRE(letter.known);
  CHECK(letter.MayStart("ab"));
  CHECK(letter.MayStart("αβx"));
  CHECK(letter.MayStart("写"));

  StartPairs escapes = AnchoredStartPairs("[\\d\\-.]\\.|\\s\\$");
  REQUIRE(escapes.known);
  CHECK(escapes.MayStart("1."));
  CHECK(escapes.MayStart("-."));
  CHECK(escapes.MayStart(".."));
  CHECK(escapes.MayStart(" $"));
  CHECK_FALSE(escapes.MayStart("a."));
  CHECK_FALSE(escapes.MayStart("1a"));
}

TEST_CASE("patterns that may match nothing, or that are not read, let every line in") {
  for (std::string_view p : {"", "a?", "(?:x|)", "\\b", "a*(?:b|c)?", "(?i)abc", "\\Qa\\E", "a{,3}",
                             "[[:alpha:]]b", "\\Cb", "x{2"}) {
    StartPairs s = AnchoredStartPairs(p);
    CHECK_MESSAGE(!s.known, p);
    CHECK_MESSAGE(s.MayStart("anything"), p);
    CHECK_MESSAGE(s.MayStart(""), p);
  }
}

TEST_CASE("no text an anchored rule regex matches is turned away by its table") {
  // Every regex of the built-in packs, matched at the start of each of its examples and
  // at every character of them, and of random texts made of the pattern's own characters.
  RuleBook book;
  book.LoadEmbedded();
  std::mt19937 rng(7);
  int patterns = 0, matched = 0;
  for (const Rule& r : book.rules()) {
    if (r.kind != MatchKind::kRegex) continue;
    RE2 re(r.pattern);
    REQUIRE(re.ok());
    const StartPairs start = AnchoredStartPairs(r.pattern);
    ++patterns;
    std::vector<std::string> texts;
    for (const std::string& example : r.examples) {
      const std::string folded = Fold(example);
      for (size_t i = 0; i < folded.size(); NextCodePoint(folded, &i)) texts.push_back(folded.substr(i));
    }
    std::vector<std::string_view> alphabet;  // the pattern's characters
    for (size_t i = 0, start = 0; i < r.pattern.size(); start = i) {
      NextCodePoint(r.pattern, &i);
      alphabet.push_back(std::string_view(r.pattern).substr(start, i - start));
    }
    for (int n = 0; n < 200; ++n) {
      std::string text;
      for (int k = 0, len = static_cast<int>(rng() % 12); k < len; ++k)
        text += alphabet[rng() % alphabet.size()];
      texts.push_back(text);
    }
    for (const std::string& text : texts) {
      if (!AnchoredMatch(re, text)) continue;
      ++matched;
      CHECK_MESSAGE(start.MayStart(text), r.id << ": " << text);
    }
  }
  CHECK(patterns > 300);
  CHECK(matched > 500);
}

TEST_CASE("most anchored rule regexes have a narrow table") {
  // The filter is worth its lookup only if few patterns let most lines in.
  RuleBook book;
  book.LoadEmbedded();
  int narrow = 0, wide = 0;
  for (const Rule& r : book.rules()) {
    if (r.kind != MatchKind::kRegex || !r.pattern.starts_with('^')) continue;
    const StartPairs s = AnchoredStartPairs(r.pattern);
    (s.known && s.PairCount() <= 4096 ? narrow : wide)++;
  }
  CHECK(narrow > 150);
  CHECK(wide < 10);
}

}  // namespace
}  // namespace boilerstrip
