#include "stages/normalize.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <tuple>

#include <unicode/utf8.h>

#include "pipeline/text_format.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

auto Fields(const LineStats& s) {
  return std::make_tuple(s.words, s.weight, s.dense, s.terminal, s.clause_punct, s.caseless_script,
                         s.unpunctuated_script, s.starts_lower, s.starts_upper,
                         s.all_capitalized);
}

// MeasureLine and the code point walk agree on |line|, and a line said to pass NFC's
// quick check is one that ToNfc leaves as it is.
bool Agree(std::string_view line) {
  LineStats fast, slow;
  bool stable = MeasureLine(line, &fast);
  if (stable != internal::MeasureLineSlow(line, &slow) || Fields(fast) != Fields(slow)) return false;
  std::string nfc(line);
  ToNfc(&nfc);
  return !stable || nfc == line;
}

// Agree() with MeasureLine's blocks of 32 bytes (where the CPU has them) and of 16.
bool AgreeInBlocksOfBoth(std::string_view line) {
  bool wide = Agree(line);
  internal::UseWideBlocks(false);
  bool narrow = Agree(line);
  internal::UseWideBlocks(true);
  return wide && narrow;
}

std::string Utf8(UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, c);
  return std::string(buf, static_cast<size_t>(len));
}

TEST_CASE("MeasureLine's class table agrees with the code point walk on every character") {
  for (UChar32 c = 0x80; c < 0x110000; c += c < 0x10000 ? 1 : 97) {
    if (U_IS_SURROGATE(c)) continue;
    std::string ch = Utf8(c);
    for (const std::string& line : {ch + "a " + ch, "a" + ch + "b, " + ch + "x", " " + ch + ch})
      if (!Agree(line)) FAIL_CHECK("U+" << std::hex << c << " in " << line);
  }
}

TEST_CASE("MeasureLine's ASCII fast path agrees with the code point walk") {
  const char* lines[] = {
      "", " ", "a", "A", "1", ",", "a,", ",a", "Home Tests News", "Home tests News",
      "2 Results: 3, 4; 5", "\t x \r\v\f y ", "\"Quoted.\"", "(he said.)", "1st place",
      "--- Éric was here", "élan vital", "Привет, мир.", "这就是赵州桥。", "东京 Tokyo, 2024",
      "ภาษาไทย ok", "Ǆemal Title", "_under score_", "x\u00a0y\u3000z", "A\u2019s B",
      "ok\xef\xbc\x8c yes", "end\xe3\x80\x82", "Ok!)", "9 Lives", "ﬁ ligature", "ÉCOLE PRIMAIRE",
      "tab\tseparated\tvalues,", "a ,", "trailing comma,", "ǅ", "\xe2\x80\x8b zero width",
  };
  for (const char* line : lines) CHECK_MESSAGE(Agree(line), line);
  // Every pair of ASCII characters.
  for (int a = 0; a < 128; ++a)
    for (int b = 0; b < 128; ++b) {
      std::string line{static_cast<char>(a), static_cast<char>(b), 'x'};
      REQUIRE(Agree(line));
    }
}

TEST_CASE("MeasureLine's blocks of 16 and 32 bytes agree with the code point walk") {
  // Long lines of every ASCII character, with letters of two and three bytes (lower and
  // upper case, of leads the blocks take and of those they do not), other non-ASCII
  // characters, ill-formed bytes and clause marks at every offset, so blocks start in and
  // out of words, split characters and end at the line's end.
  const std::string pieces[] = {" ", "  ", "\t", "\n", "\v", "\f", "\r", ",", ";", ":", "Word",
                                "word", "W", "7", "é", "É", "ñ", "Ñ", "ß", "ы", "Д", "ё", "Ё", "ω",
                                "Ω", "\xc3\x97", "ǅ", "\xd7\x90", "\xd9\x8b", "Ж", "。", "中",
                                "\xc2\xa0", "x,", "A:", "e\xcc\x81", "\xcc\x81", "\xd0", "\x80", "\xc3",
                                "\xf0\x9f\x98\x80", "\xe1\x84\x80\xe1\x85\xa1",
                                // three bytes: Han, kana, a full-width capital, a dash, the
                                // Yijing symbols beside Han, an ideographic space and comma,
                                // overlong, surrogate and cut sequences
                                "日本語", "カタカナ", "ひ", "Ａ", "ｂ", "—", "€", "\u4dc0", "\u3000", "、",
                                "\xe0\x80\x80", "\xed\xa0\x80", "\xe4\xb8", "\xe4"};
  // A character cut short just before a block's last byte: its lead must not be read
  // with the next character's lead as its continuation (here a capital А, where the walk
  // sees U+FFFD).
  CHECK(AgreeInBlocksOfBoth("A BCDEFGHIJKLM \xd0\xd0\x96 Z"));
  CHECK(AgreeInBlocksOfBoth("A BCDEFGHIJKLM \xe4\xb8\xd0\x96 Z"));
  CHECK(AgreeInBlocksOfBoth("A BCDEFGHIJKLM NOPQRSTUVWXYZABCDE \xd0\xd0\x96 Z"));
  std::mt19937 random(20261123);
  for (int round = 0; round < 40000; ++round) {
    std::string line;
    size_t length = random() % 110;
    // Half the lines mostly two-byte letters, as Cyrillic or accented Latin text is.
    int one_in = round % 2 ? 3 : 1;
    while (line.size() < length) {
      if (random() % one_in == 0) line += pieces[random() % std::size(pieces)];
      else line += static_cast<char>(random() % 128);
    }
    REQUIRE_MESSAGE(AgreeInBlocksOfBoth(line), line);
  }
}

TEST_CASE("MeasureLine's blocks take Chinese, Japanese and Korean text as the code point walk does") {
  // Three-byte characters at every offset of a block: Han of leads the blocks take whole
  // and of those they look up, kana, Hangul, full-width capitals, an ideographic space
  // and comma, dashes and quotes between Latin words; and clause marks of three bytes
  // that end the line exactly where a block does (not inside the line) or just before.
  const std::string runs[] = {"中文的句子", "日本語のテキスト", "한국어 문장입니다", "ＡＢＣ ｄｅｆ",
                              "漢字\u3000かな", "一、二、三", "“quoted” — dash…", "䷀ 㐀 丂 鿿"};
  for (const std::string& run : runs)
    for (size_t before = 1; before < 40; ++before)
      for (const char* end : {"", "、", "，", "。", " x", "、x", "\u3000"}) {
        std::string line = "a" + std::string(before, 'b') + " ";
        while (line.size() < 100) line += run;
        line += end;
        REQUIRE_MESSAGE(AgreeInBlocksOfBoth(line), line);
        line.resize(line.size() - std::string_view(end).size());
        for (size_t cut = 28; cut < 40; ++cut) {
          std::string shorter = line.substr(0, cut) + end;
          REQUIRE_MESSAGE(AgreeInBlocksOfBoth(shorter), shorter);
        }
      }
  LineStats stats;
  MeasureLine("x 中文的句子中文的句子中文的句子中文的句子中文的句子，中文的句子中文的句子中文的句子", &stats);
  CHECK(stats.words == 2);
  CHECK(stats.dense == 40);
  CHECK(stats.weight == 1 + 2 * 40 + 1);
  CHECK(stats.clause_punct);
}

TEST_CASE("MeasureLine's blocks agree with the code point walk on lines of thousands of blocks") {
  // The blocks' counts are summed sixteen bits apart and added up every 1024 blocks: a
  // line of 300 KB (19,000 blocks, 200,000 characters) overflows those sums unless they are.
  std::string prose;
  while (prose.size() < 300000) prose += "Word and word, Élan, щит Жук; 12 ";
  CHECK(AgreeInBlocksOfBoth(prose));
  CHECK(AgreeInBlocksOfBoth(prose + ","));
  CHECK(AgreeInBlocksOfBoth("x" + prose + "日本語 end."));
  LineStats stats;
  MeasureLine(prose, &stats);
  CHECK(stats.words == static_cast<int>(prose.size() / 40 * 7));  // 40 bytes, 7 words a piece
}

TEST_CASE("normalize gives a remembered line the memo's folded form, the same on every page") {
  // A template line comes back on every page of its site: the pages' blocks read its
  // folded form from the memo, one copy for all of them; a long line (not remembered)
  // keeps its own.
  const std::string long_line = "Paragraph " + std::string(300, 'x') + " End.";
  std::string many_words;
  for (int i = 0; i < 70; ++i) many_words += "word ";
  Document first = ReadText("Home | Über Uns | CONTACT\n" + long_line + "\n" + many_words + "\n", "1");
  Document second = ReadText("Home | Über Uns | CONTACT\nanother line\n", "2");
  NormalizeStage normalize;
  normalize.Apply(first);
  normalize.Apply(second);
  CHECK(first.blocks[0].folded() == "home | über uns | contact");
  CHECK(second.blocks[0].folded() == "home | über uns | contact");
  REQUIRE(first.blocks[0].remembered_folded != nullptr);
  CHECK(second.blocks[0].remembered_folded == first.blocks[0].remembered_folded);
  CHECK(first.blocks[0].own_folded.empty());
  CHECK(first.blocks[1].remembered_folded == nullptr);
  CHECK(first.blocks[1].folded() == "paragraph " + std::string(300, 'x') + " end.");
  CHECK(first.blocks[1].folded() == first.blocks[1].own_folded);
  CHECK(first.blocks[2].folded().empty());  // beyond the fold limit: no folded form
  CHECK(first.blocks[2].key() == first.blocks[2].text);
  CHECK(second.blocks[1].folded() == "another line");
}

TEST_CASE("normalize repairs the lines of a page ReadText found invalid, and trusts a valid one") {
  // ReadText checks the page once; normalize checks line by line only where it failed.
  Document valid = ReadText("caf\xc3\xa9 ok\nplain line\n", "v");
  CHECK(valid.valid_utf8);
  Document broken = ReadText("caf\xc3 ok\nplain line\nend \xff\xfe\n", "b");
  CHECK_FALSE(broken.valid_utf8);
  NormalizeStage normalize;
  normalize.Apply(valid);
  normalize.Apply(broken);
  CHECK(valid.invalid_utf8 == 0);
  CHECK(valid.blocks[0].text == "caf\xc3\xa9 ok");
  CHECK(broken.invalid_utf8 == 3);
  CHECK(broken.blocks[0].text == "caf\xef\xbf\xbd ok");
  CHECK(broken.blocks[1].text == "plain line");
  CHECK(broken.blocks[2].text == "end \xef\xbf\xbd\xef\xbf\xbd");
  for (const Block& b : broken.blocks) CHECK(IsValidUtf8(b.text));
}

}  // namespace
}  // namespace boilerstrip
