#include "pipeline/text_format.h"

#include <doctest/doctest.h>

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
