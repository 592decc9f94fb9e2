#include "pipeline/unicode.h"

#include <doctest/doctest.h>

#include <iterator>
#include <random>
#include <span>
#include <vector>

#include <simdjson.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

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
  CHECK(ToNfc(&s));
  CHECK(s == "\u00e9");
  // Already NFC, with and without characters the quick check cannot vouch for.
  for (std::string nfc : {"plain", "caf\u00e9", "\u00e9\u0301", "\U0001D400"}) {
    std::string t = nfc;
    CHECK_FALSE(ToNfc(&t));
    CHECK(t == nfc);
  }
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

TEST_CASE("HasByteFrom agrees with a byte by byte scan") {
  // Every byte value at every position of lines of up to 19 bytes, against every bound.
  for (int least = 0x80; least < 0x100; least += 0x13)
    for (size_t size = 1; size < 20; ++size)
      for (size_t pos = 0; pos < size; ++pos)
        for (int b = 0; b < 256; ++b) {
          std::string line(size, 'a');
          line[pos] = static_cast<char>(b);
          if (pos + 1 < size) line[pos + 1] = static_cast<char>(least - 1);
          REQUIRE(internal::HasByteFrom(line, static_cast<unsigned char>(least)) == (b >= least));
        }
  CHECK_FALSE(internal::HasByteFrom("", 0xCC));
  CHECK_FALSE(internal::HasByteFrom("Ça coûte très cher, à peu près", 0xCC));
  CHECK(internal::HasByteFrom("Ça coûte très cher, à peu près—", 0xCC));
  CHECK(internal::HasByteFrom("Привет", 0xCC));
  CHECK_FALSE(internal::HasByteFrom("Привет — ยินดี", 0xE3));
  CHECK(internal::HasByteFrom("Привет、", 0xE3));
}

TEST_CASE("RepairUtf8 skips ASCII without missing a bad byte") {
  for (size_t size = 1; size < 20; ++size)
    for (size_t pos = 0; pos < size; ++pos) {
      std::string line(size, 'a');
      line[pos] = '\xff';
      std::string expected = line;
      expected.replace(pos, 1, "\uFFFD");
      CHECK(RepairUtf8(&line) == 1);
      CHECK(line == expected);
    }
  std::string valid = "plain ASCII text, long enough to skip — and then ünïcode";
  std::string copy = valid;
  CHECK(RepairUtf8(&copy) == 0);
  CHECK(copy == valid);
}

TEST_CASE("WordRunEnd's ASCII fast path agrees with decoding every code point") {
  const char* texts[] = {
      "don't stop", "abc", "abc'", "abc'd", "a\u2019b c", "x1y2 z", "abc这就是", "这就是abc",
      "abcé", "éabc", "ab\xff cd", "ab-cd", "ab_cd", "ภาษาไทย123", "123ภาษา", "ab'", "a''b",
      "Ǆemal", "ab\u00a0cd", "ab\u0301c", "\u0301ab", "abc1234567890abcdef ghi",
  };
  for (const char* text : texts) {
    std::string_view t(text);
    for (size_t start = 0; start < t.size(); ++start) {
      size_t at = start;
      if (!IsLetterOrDigit(NextCodePoint(t, &at))) continue;  // as ForEachWord calls it
      if (start > 0 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) continue;
      bool fast_unspaced = false, slow_unspaced = false;
      CHECK_MESSAGE(internal::WordRunEnd(t, start, &fast_unspaced) ==
                        internal::WordRunEndSlow(t, start, &slow_unspaced), text);
      CHECK(fast_unspaced == slow_unspaced);
    }
  }
}

TEST_CASE("AsciiAlnumEnd stops at the first byte that is not an ASCII letter or digit") {
  // Every byte value at every offset of a run long enough for blocks of sixteen, from
  // starts inside and outside the blocks.
  const std::string run = "abcXYZ0189mnopqrstuvwMNOPQRSTU4567zAaZ9";
  for (int byte = 0; byte < 256; ++byte) {
    bool alnum = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9');
    for (size_t at = 0; at < run.size(); ++at) {
      std::string text = run;
      text[at] = static_cast<char>(byte);
      for (size_t start : {size_t{0}, size_t{1}, size_t{7}, size_t{16}, size_t{20}}) {
        if (start > at) continue;
        REQUIRE(internal::AsciiAlnumEnd(text, start) == (alnum ? text.size() : at));
      }
    }
  }
  CHECK(internal::AsciiAlnumEnd("", 0) == 0);
  CHECK(internal::AsciiAlnumEnd("ab", 2) == 2);
}

TEST_CASE("ForEachWord's ASCII words agree with decoding every code point") {
  // The reference: a word starts at every letter or digit and ends where WordRunEndSlow
  // says (spaced scripts only here, so no dictionary breaking).
  auto reference = [](std::string_view t) {
    std::vector<std::string> words;
    for (size_t i = 0; i < t.size();) {
      size_t start = i;
      if (!IsLetterOrDigit(NextCodePoint(t, &i))) continue;
      bool unspaced = false;
      i = internal::WordRunEndSlow(t, start, &unspaced);
      words.emplace_back(t.substr(start, i - start));
    }
    return words;
  };
  const std::string pieces[] = {" ", ",", ".", "'", "\u2019", "-", "abc", "Z9", "x", "é", "Ж",
                                "\u00a0", "\u0301", "\xff", "don't", "a'", "'b", "1,5", "\t"};
  std::mt19937 random(20261123);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = random() % 12; n > 0; --n) text += pieces[random() % std::size(pieces)];
    std::vector<std::string> words;
    ForEachWord(text, [&](std::string_view w) { words.emplace_back(w); });
    REQUIRE_MESSAGE(words == reference(text), text);
  }
}

TEST_CASE("BreakUnspacedRun remembers exactly what ICU says") {
  // Each run twice: the second answer comes from the cache.
  const char* runs[] = {"这就是赵州桥", "東京都の天気予報です", "ภาษาไทยง่ายนิดเดียว", "カタカナとひらがな",
                        "这就是赵州桥", "東京都の天気予報です", "ภาษาไทยง่ายนิดเดียว", "这",
                        "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာဘာသာ", "这就是赵", "这就是赵州桥梁"};
  for (const char* run : runs) {
    std::vector<uint32_t> ends;
    internal::BreakUnspacedRunUncached(run, &ends);
    std::vector<std::string> expected, words;
    for (uint32_t prev = 0; uint32_t end : ends) {
      expected.emplace_back(std::string_view(run).substr(prev, end - prev));
      prev = end;
    }
    internal::BreakUnspacedRun(run, [&](std::string_view w) {
      words.emplace_back(w);
      return true;
    });
    CHECK_MESSAGE(words == expected, run);
  }
}

TEST_CASE("BreakUnspacedRun breaks a long run window by window, losing no byte") {
  std::string run;
  for (int i = 0; i < 40; ++i) run += "东京都的天气预报说明天会下雨我们就不去公园了";
  REQUIRE(run.size() > 4 * internal::kBreakWindowBytes);
  std::string joined;
  std::vector<std::string> words;
  internal::BreakUnspacedRun(run, [&](std::string_view w) {
    words.emplace_back(w);
    joined += w;
    return true;
  });
  CHECK(joined == run);
  // Window edges move a break at most: the words are those of the whole run but for a few.
  std::vector<uint32_t> ends;
  internal::BreakUnspacedRunUncached(run, &ends);
  CHECK(words.size() >= ends.size() - 8);
  CHECK(words.size() <= ends.size() + 8);

  int taken = 0;
  internal::BreakUnspacedRun(run, [&](std::string_view) { return ++taken < 5; });
  CHECK(taken == 5);
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

std::string Utf8(UChar32 c) {
  std::string s;
  icu::UnicodeString(c).toUTF8String(s);
  return s;
}

// Fold maps most text code point by code point through a cache, and hands ICU what it
// cannot: both must give what ICU's normalizer gives for the whole line.
TEST_CASE("Fold agrees with ICU's NFKC_Casefold") {
  const char* samples[] = {
      "Ÿ Éclair À LA CARTE façade", "İstanbul ISPARTA ılık", "Straße STRASSE ẞ", "ΣΊΣΥΦΟΣ σοφός",
      "Похожие СТАТЬИ ёЁ", "Ĳssel ﬁsh ﬂow", "ＦＵＬＬ：ｗｉｄｔｈ　１２３", "Ⅻ ① ² ㎏",
      "مقالات ذات صلة", "קראו גם:", "यह भी पढ़ें:", "บทความที่เกี่ยวข้อง", "相关阅读 關聯閱讀",
      "관련 기사", "Ǆemal ǅ ǆ", "e\u0301 a\u0308", "Ⓒ 2024", "ﬀ ﬃ", "Ǳ ǲ",
      "ΟΔΟΣ ΟΔΟΣ.", "ᄀ\u1161\u11A8 한\u11AB", "a\u200Bb \u00ADsoft\u00AD", "ﷺ x", "㏂ ⑵ ℡",
      "\u00a0\u3000 lead and trail \u2003 ", "👍 𝐀𝐁 x", "bad \xff byte", "ه\u064Eذ\u0651ا",
      "\u0130I\u0307 i\u0307", "Ω Å K", "ᾼ ᾳ ῼ", "ｶﾞｷﾞ ｶﾟ", "\u0085next\u2028line",
  };
  for (std::string s : samples) {
    CAPTURE(s);
    CHECK(Fold(s) == ReferenceFold(s));
  }
}

TEST_CASE("Fold agrees with ICU for every BMP code point, alone and between letters") {
  int mismatches = 0;
  for (UChar32 c = 0; c < 0x10000 && mismatches < 5; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    std::string alone = Utf8(c), between = "A";
    between.append(alone).append("b ").append(alone).append("\u0301");
    for (const std::string& s : {alone, between}) {
      if (Fold(s) == ReferenceFold(s)) continue;
      ++mismatches;
      CAPTURE(c);
      CHECK(Fold(s) == ReferenceFold(s));
    }
  }
}

TEST_CASE("Fold agrees with ICU on random mixtures of scripts and marks") {
  // Pairs that interact under normalization: letters and combining marks, Hangul jamo
  // and syllables, Greek with iota subscripts, kana and voicing marks, spaces.
  const UChar32 pool[] = {'a', 'E', 'i', 'I', ' ', 0x00A0, 0x00DF, 0x0130, 0x0131, 0x0301,
                          0x0308, 0x0327, 0x0345, 0x03A3, 0x03C2, 0x0399, 0x1F80, 0x0418,
                          0x0306, 0x0439, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xD55C, 0x304B,
                          0x3099, 0x30AB, 0xFF76, 0xFF9E, 0xFB01, 0x2163, 0x200B, 0x00AD,
                          0x0627, 0x0653, 0x0928, 0x093C, 0x0E01, 0x0E33, 0x3000, 0x1E9E};
  std::mt19937 rng(1);
  for (int t = 0; t < 20000; ++t) {
    std::string s;
    for (int n = 1 + rng() % 6; n > 0; --n) s += Utf8(pool[rng() % std::size(pool)]);
    if (Fold(s) == ReferenceFold(s)) continue;
    CAPTURE(s);
    CHECK(Fold(s) == ReferenceFold(s));
    break;
  }
}

// Fold agrees with ICU on 20,000 lines of up to |max_bytes| bytes, each of |pieces|
// drawn at random; stops at the first line that it does not.
void CheckFoldOnRandomLines(std::span<const std::string> pieces, unsigned seed, size_t max_bytes) {
  std::mt19937 rng(seed);
  for (int t = 0; t < 20000; ++t) {
    std::string s;
    size_t length = rng() % max_bytes;
    while (s.size() < length) s += pieces[rng() % pieces.size()];
    if (Fold(s) == ReferenceFold(s)) continue;
    CAPTURE(s);
    CHECK(Fold(s) == ReferenceFold(s));
    break;
  }
}

TEST_CASE("Fold's sixteen-byte ASCII blocks agree with ICU on long lines") {
  // Words, capitals, single and double spaces, other white space and non-ASCII letters,
  // so that blocks start and end in words, in spaces and at the line's ends.
  const std::string pieces[] = {"Word", "word", "WORD", " ", "  ", "\t", "\n", " \r ", "x", "A1",
                                "é", "Ж", "\u00a0", "ﬁ", ",", "e\u0301", "-"};
  CheckFoldOnRandomLines(pieces, 5, 90);
}

TEST_CASE("Fold's sixteen-byte blocks of two-byte letters agree with ICU on long lines") {
  // Words of lower-case letters that fold to themselves, between capitals, letters that
  // fold to others (ß, ς), marks that combine with the letter before them, white space
  // of two bytes (NBSP, NEL), three-byte letters and ASCII, so that blocks start inside
  // characters, end on a lead byte, and are refused for every reason.
  const std::string pieces[] = {"статьи", "Статьи", "ΣΟΦΟΣ", "σοφός", "façade", "größe", "ß",
                                "σοφος", "ع", "مقالات", "קראו", "ё", "е\u0308", "a\u0301",
                                "\u00a0", "\u0085", " ", "  ", "\t", "x", "ǅ", "ı", "İ", "相关",
                                ",", "A"};
  CheckFoldOnRandomLines(pieces, 7, 120);
}

}  // namespace
}  // namespace boilerstrip

namespace boilerstrip {
namespace {

TEST_CASE("FoldWord folds every code point as u_foldCase does") {
  std::string word, folded, expected;
  for (UChar32 c = 1; c < 0x3400; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    word.clear();
    expected.clear();
    for (UChar32 d : {UChar32{'A'}, c, UChar32{'z'}}) {
      char buf[U8_MAX_LENGTH];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, d);
      word.append(buf, len);
      len = 0;
      U8_APPEND_UNSAFE(buf, len, u_foldCase(d, U_FOLD_CASE_DEFAULT));
      expected.append(buf, len);
    }
    FoldWord(word, &folded);
    if (folded != expected) FAIL_CHECK("U+" << std::hex << c);
  }
}

}  // namespace
}  // namespace boilerstrip

namespace boilerstrip {
namespace {

TEST_CASE("The table of character properties agrees with ICU on every code point") {
  for (UChar32 c = 0x80; c < 0x110000; ++c) {
    bool same = IsLetterOrDigit(c) == internal::IsLetterOrDigitSlow(c) &&
                IsUnspacedScript(c) == internal::IsScriptUnspaced(c) &&
                IsUnpunctuatedScript(c) == internal::IsScriptUnpunctuated(c) &&
                IsHanOrKana(c) == internal::IsScriptHanOrKana(c);
    if (!same) FAIL_CHECK("U+" << std::hex << c);
  }
}

}  // namespace
}  // namespace boilerstrip

namespace boilerstrip {
namespace {

TEST_CASE("NextCodePoint decodes every sequence of up to three bytes as ICU's U8_NEXT") {
  auto reference = [](std::string_view s, size_t* i) {
    UChar32 c;
    int32_t pos = static_cast<int32_t>(*i);
    U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
    *i = static_cast<size_t>(pos);
    return c < 0 ? 0xFFFD : c;
  };
  char bytes[3];
  size_t compared = 0;
  for (int b0 = 0x80; b0 < 0x100; ++b0)
    for (int b1 = 0; b1 < 0x100; ++b1)
      for (int b2 = 0; b2 < 0x100; ++b2) {
        bytes[0] = static_cast<char>(b0), bytes[1] = static_cast<char>(b1), bytes[2] = static_cast<char>(b2);
        for (size_t len = 1; len <= 3; ++len) {
          std::string_view s(bytes, len);
          size_t fast = 0, slow = 0;
          UChar32 a = NextCodePoint(s, &fast), b = reference(s, &slow);
          ++compared;
          if (a != b || fast != slow) {
            FAIL_CHECK(std::hex << b0 << " " << b1 << " " << b2 << " len " << len);
            return;
          }
        }
      }
  CHECK(compared == size_t{128} * 256 * 256 * 3);
}

}  // namespace
}  // namespace boilerstrip

namespace boilerstrip {
namespace {

TEST_CASE("ToNfc gives ICU's NFC for every character, alone and before a combining mark") {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  REQUIRE(U_SUCCESS(status));
  auto utf8 = [](UChar32 c) {
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    return std::string(buf, static_cast<size_t>(len));
  };
  for (UChar32 c = 0x80; c < 0x110000; c += c < 0x10000 ? 1 : 61) {
    if (U_IS_SURROGATE(c)) continue;
    for (std::string text : {"\xd0\xb8" + utf8(c), utf8(c) + "\xcc\x81", utf8(c) + "\xd0\xb8"}) {
      std::string expected;
      icu::StringByteSink<std::string> sink(&expected);
      status = U_ZERO_ERROR;
      nfc->normalizeUTF8(0, text, sink, nullptr, status);
      ToNfc(&text);
      if (text != expected) FAIL_CHECK("U+" << std::hex << c);
    }
  }
}

TEST_CASE("RepairUtf8 keeps valid text and replaces each ill-formed sequence") {
  std::string valid = "plain, \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xe4\xb8\xad\xe6\x96\x87, \xf0\x9f\x98\x80";
  std::string copy = valid;
  CHECK(RepairUtf8(&copy) == 0);
  CHECK(copy == valid);
  std::string bad = "a\xc0\xaf" "b\xed\xa0\x80" "c\xe4\xb8" "d\xff";
  CHECK(RepairUtf8(&bad) > 0);
  CHECK(simdjson::validate_utf8(bad.data(), bad.size()));
}

}  // namespace
}  // namespace boilerstrip
