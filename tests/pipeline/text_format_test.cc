#include "pipeline/text_format.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

TEST_CASE("ReadText splits lines and counts blank lines") {
  Document doc = ReadText("\xEF\xBB\xBF" "a\r\n\r\n \xC2\xA0\xE3\x80\x80\nb\rc\n\n", "t");
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[0].text == "a");
  CHECK(doc.blocks[0].line == 1);
  CHECK(doc.blocks[1].text == "b");
  CHECK(doc.blocks[1].line == 4);
  CHECK(doc.blocks[1].blank_before == 2);
  CHECK(doc.blocks[2].text == "c");
  CHECK(doc.blocks[2].blank_before == 0);
  CHECK(doc.trailing_blank == 1);
}

TEST_CASE("ReadText rejects binary input") {
  CHECK_THROWS_WITH_AS(ReadText(std::string_view("ab\0c", 4), "t"),
                       "binary file (NUL byte at offset 2), skipped", InputError);
}

TEST_CASE("ReadText converts UTF-16 with a byte order mark") {
  using namespace std::string_view_literals;
  // "é\r\n€" (U+20AC) and a lone high surrogate, little and big endian.
  struct Case { std::string_view bytes; std::vector<std::string> lines; uint64_t invalid; };
  // Hex escapes are split ("\xFF\xFE" "a") where a letter follows: \xFEa would be one.
  const Case cases[] = {
      {"\xFF\xFE\xE9\x00\r\x00\n\x00\xAC\x20"sv, {"\xC3\xA9", "\xE2\x82\xAC"}, 0},
      {"\xFE\xFF\x00\xE9\x00\r\x00\n\x20\xAC"sv, {"\xC3\xA9", "\xE2\x82\xAC"}, 0},
      {"\xFF\xFE" "a\x00\x00\xD8" "b\x00"sv, {"a\xEF\xBF\xBD" "b"}, 1},  // unpaired surrogate
      {"\xFF\xFE" "a\x00" "b"sv, {"a\xEF\xBF\xBD"}, 1},                  // odd last byte
      {"\xFF\xFE"sv, {}, 0},
  };
  for (const Case& c : cases) {
    Document doc = ReadText(c.bytes, "t");
    std::vector<std::string> lines;
    for (const Block& b : doc.blocks) lines.push_back(b.text);
    CHECK(lines == c.lines);
    CHECK(doc.invalid_utf8 == c.invalid);
  }
  // A U+0000 character is still a NUL byte: a binary file.
  CHECK_THROWS_AS(ReadText("\xFF\xFE" "a\x00\x00\x00"sv, "t"), InputError);
}

TEST_CASE("RenderText keeps paragraph breaks and joins continuations") {
  Document doc = ReadText("one\ntwo\n\n\nthree\nx\n\nfour\nfive\n", "t");
  doc.blocks[3].verdict = {"s", "r"};  // "x"
  doc.blocks[5].join_previous = true;  // "five" continues "four"
  CHECK(RenderText(doc) == "one\ntwo\n\nthree\n\nfour five\n");
  for (Block& b : doc.blocks) b.verdict = {"s", "r"};
  CHECK(RenderText(doc) == "");
}

TEST_CASE("AppendExplanation lists removed and rejoined lines") {
  Document doc = ReadText("keep it\nSimilar articles\ngoing\n", "t");
  doc.blocks[1].verdict = {"phrase_rules", "en.related"};
  doc.blocks[2].join_previous = true;
  std::string out;
  AppendExplanation(doc, "page.txt", &out);
  CHECK(out ==
        "page.txt:2  phrase_rules/en.related  Similar articles\n"
        "page.txt:3  rejoin/joined  going\n");
}

}  // namespace
}  // namespace boilerstrip
