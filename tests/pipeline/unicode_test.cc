#include "pipeline/unicode.h"

#include <doctest/doctest.h>

#include <vector>

#include <unicode/uchar.h>

namespace boilerstrip {
namespace {

TEST_CASE("Fold") {
  CHECK(Fold("  ＲＥＡＤ\u00a0Also：  x ") == "read also: x");
  CHECK(Fold("Straße") == "strasse");
  CHECK(Fold("ПОХОЖИЕ  Статьи") == "похожие статьи");
  CHECK(Fold("e\u0301") == "\u00e9");
}

std::string Repaired(std::string text, uint64_t expected_count) {
  CHECK(RepairUtf8(&text) == expected_count);
  return text;
}

TEST_CASE("RepairUtf8 replaces and counts ill-formed sequences") {
  CHECK(Repaired("ok", 0) == "ok");
  CHECK(Repaired("Caf\xe9!", 1) == "Caf\xEF\xBF\xBD!");
  CHECK(Repaired("\xC0\xAF", 2) == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  CHECK(Repaired("\xED\xA0\x80", 3) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(Repaired("ab\xE2\x82", 1) == "ab\xEF\xBF\xBD");  // truncated
}

TEST_CASE("ToNfc") {
  std::string s = "e\u0301";
  ToNfc(&s);
  CHECK(s == "\u00e9");
}

TEST_CASE("IsSpaceLike agrees with ICU's White_Space everywhere") {
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    bool icu = u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF || c == 0x2060 || c == 0x180E;
    if (IsSpaceLike(c) != icu) {
      CAPTURE(c);
      CHECK(IsSpaceLike(c) == icu);
      break;
    }
  }
}

TEST_CASE("IsBlank") {
  CHECK(IsBlank(""));
  CHECK(IsBlank(" \t\u00a0\u3000\u200b\u2009"));
  CHECK_FALSE(IsBlank(" x "));
  CHECK_FALSE(IsBlank("\xff"));
}

TEST_CASE("ForEachWord splits spaced and unspaced scripts") {
  std::vector<std::string> words;
  ForEachWord("don't stop, 2 times—now", [&](std::string_view w) { words.emplace_back(w); });
  CHECK(words == std::vector<std::string>{"don't", "stop", "2", "times", "now"});
  words.clear();
  ForEachWord("这就是赵州桥", [&](std::string_view w) { words.emplace_back(w); });
  CHECK(words.size() >= 3);
}

}  // namespace
}  // namespace boilerstrip
