#include "pipeline/unicode.h"

#include <doctest/doctest.h>

#include <vector>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
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

namespace boilerstrip {
namespace {

// NFKC_Casefold by ICU's normalizer alone, white space collapsed as Fold does.
std::string ReferenceFold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  n->normalizeUTF8(0, text, sink, nullptr, status);
  std::string collapsed;
  for (size_t i = 0; i < out.size();) {
    size_t start = i;
    UChar32 c = NextCodePoint(out, &i);
    if (IsSpaceLike(c)) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
    } else {
      collapsed.append(out, start, i - start);
    }
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

TEST_CASE("Fold's fast path agrees with ICU's NFKC_Casefold") {
  const char* samples[] = {
      "Ÿ Éclair À LA CARTE façade", "İstanbul ISPARTA ılık", "Straße STRASSE ẞ", "ΣΊΣΥΦΟΣ σοφός",
      "Похожие СТАТЬИ ёЁ", "Ĳssel ﬁsh ﬂow", "ＦＵＬＬ：ｗｉｄｔｈ　１２３", "Ⅻ ① ² ㎏",
      "مقالات ذات صلة", "קראו גם:", "यह भी पढ़ें:", "บทความที่เกี่ยวข้อง", "相关阅读 關聯閱讀",
      "관련 기사", "Ǆemal ǅ ǆ", "e\u0301 a\u0308", "Ⓒ 2024", "ﬀ ﬃ", "Ǳ ǲ",
  };
  for (const char* s : samples) {
    CAPTURE(s);
    CHECK(Fold(s) == ReferenceFold(s));
  }
}

}  // namespace
}  // namespace boilerstrip
