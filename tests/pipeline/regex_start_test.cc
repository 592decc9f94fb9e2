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

// A pattern, texts a match may start (or be), and texts no match can start.
struct Case {
  std::string_view pattern;
  std::vector<std::string_view> may, may_not;
};

TEST_CASE("the first two bytes of an anchored pattern's matches") {
  const Case cases[] = {
      {"(?:published|updated|last updated)(?: on)?:? \\d",
       {"published on 3 may", "up", "la"},
       {"posted on 3 may", "u", ""}},
      // A match of one byte: the line's first byte is enough.
      {"©|\\(c\\)|[0-9]$", {"7", "7 comments", "© 2024", "(c) 2024"}, {"(d) 2024", "a"}},
      // Optional and repeated parts: what follows them may come first.
      {"(?:the )?(?:[0-9]+ )*comments?",
       {"the 12 comments", "12 comments", "1 comment", "comments"},
       {"no comments", "tx"}},
      // Zero-width assertions take no byte.
      {"^\\bab$", {"ab"}, {"ba"}},
      // Characters of two and three bytes, in classes and alone.
      {"[а-я]{2}", {"где"}, {"ab", "éa"}},
      {"記者|\\x{8A18}\\x{4E8B}", {"記者", "記事"}, {"写真"}},
      // A negated class holds characters of every length.
      {"[^ ]+\\.jpg$", {"a.jpg", "éa.jpg", "写真.jpg", "😀.jpg"}, {" a.jpg"}},
      // \pL and the like: any character, as far as the table knows.
      {"\\pL\\p{Greek}x", {"ab", "αβx", "写"}, {}},
      {"[\\d\\-.]\\.|\\s\\$", {"1.", "-.", "..", " $"}, {"a.", "1a"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    const StartPairs start = AnchoredStartPairs(c.pattern);
    REQUIRE(start.known);
    for (std::string_view text : c.may) CHECK_MESSAGE(start.MayStart(text), text);
    for (std::string_view text : c.may_not) CHECK_MESSAGE(!start.MayStart(text), text);
  }
  CHECK(AnchoredStartPairs("(?:published|updated|last updated) on").PairCount() == 3);
  CHECK(AnchoredStartPairs("[^ ]+\\.jpg$").PairCount() > 4096);
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
