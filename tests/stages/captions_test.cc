#include "stages/captions.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

const std::string kRules = TestPack(R"([[rule]]
id = "video"
stage = "captions"
match = "prefix"
phrases = ["Video:"]
examples = ["Video: x"]
)");

TEST_CASE("captions: video lines and alt-text pairs") {
  Harness h({"name = \"normalize\"", "name = \"language\"", "name = \"captions\""}, kRules);
  Document doc = h.Run(
      "The paragraph stops in the middle of\n\n"
      "brown butter cookies on a rack\nbrown butter cookies on a rack\n\n"
      "a sentence.\n"
      "Video: Watch the final kilometre\n"
      "We watched the video twice.\n"
      "— Yes.\n— Yes.\n"
      "Row\nRow\n");
  CHECK(Verdict(doc, "brown butter cookies on a rack") == "captions/alt_text_pair");
  CHECK(Verdict(doc, "Video: Watch the final kilometre") == "captions/xx.video");
  CHECK(Verdict(doc, "We watched the video twice.") == "kept");
  CHECK(Verdict(doc, "— Yes.") == "kept");  // a repeated sentence is not alt text
  CHECK(doc.blocks.back().kept() == false);  // "Row" twice is
  CHECK(doc.blocks[2].kept() == false);
}

TEST_CASE("captions: a pair needs two adjacent lines") {
  Harness h({"name = \"normalize\"", "name = \"captions\""});
  Document doc = h.Run("sunset over the lake\n\nsunset over the lake\n");
  CHECK(doc.blocks[0].kept());
  CHECK(doc.blocks[1].kept());
}

TEST_CASE("captions: two different paragraphs past the fold limit are not a pair") {
  // Chinese paragraphs have no spaces: each is one "word", under pair_max_words, but of
  // more Han characters than any rule looks at, so neither is folded (WithinFoldLimit).
  std::string a, b;
  for (int i = 0; i < 70; ++i) a += "这是第一段文字。", b += "那是另一段内容。";
  a += "图片", b += "照片";  // no full stop at the end: a sentence said twice is a quote
  Harness h({"name = \"normalize\"", "name = \"captions\""});
  Document doc = h.Run(a + "\n" + b + "\n" + a + "\n" + a + "\n");
  REQUIRE(doc.blocks.size() == 4);
  CHECK(doc.blocks[0].folded().empty());
  CHECK(doc.blocks[0].kept());
  CHECK(doc.blocks[1].kept());
  // The same paragraph twice in a row still is.
  CHECK_FALSE(doc.blocks[2].kept());
  CHECK_FALSE(doc.blocks[3].kept());
}

}  // namespace
}  // namespace boilerstrip::testing
