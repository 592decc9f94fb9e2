// Rule hits and stopword counts are remembered with a line's normalization (LineFacts):
// a line seen again is not matched again, yet every engine gets its own rules' answer.
#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

std::string Pack(std::string_view phrase) {
  return TestPack(R"([[rule]]
id = "menu"
stage = "phrase_rules"
match = "line"
phrases = [")" + std::string(phrase) + R"("]
examples = [")" + std::string(phrase) + R"("]
)");
}

const std::vector<std::string> kStages = {"name = \"normalize\"", "name = \"language\"",
                                          "name = \"phrase_rules\""};
const std::string kPage = "Latest stories\nOlder posts\nThe article says what it says, at length.\n";

TEST_CASE("line facts: a line seen again keeps its rule, per engine") {
  Harness first(kStages, Pack("Latest stories"));
  Harness second(kStages, Pack("Older posts"));
  for (int round = 0; round < 2; ++round) {
    CAPTURE(round);
    // The same lines, on the same thread, through two engines whose rules differ: each
    // must see its own rule's verdict, the first time and when the lines come back.
    Document a = first.Run(kPage);
    CHECK(Verdict(a, "Latest stories") == "phrase_rules/xx.menu");
    CHECK(Verdict(a, "Older posts") == "kept");
    REQUIRE(a.blocks[0].facts != nullptr);
    Document b = second.Run(kPage);
    CHECK(Verdict(b, "Latest stories") == "kept");
    CHECK(Verdict(b, "Older posts") == "phrase_rules/xx.menu");
  }
}

TEST_CASE("line facts: long lines are not remembered") {
  Harness h(kStages, Pack("Latest stories"));
  Document doc = h.Run("Latest stories\n" + std::string(300, 'x') + "\n");
  CHECK(doc.blocks[0].facts != nullptr);
  CHECK(doc.blocks[1].facts == nullptr);
  CHECK(Verdict(doc, "Latest stories") == "phrase_rules/xx.menu");
}

TEST_CASE("line facts: navigation's answers are per stage, as its options are") {
  // A breadcrumb of two-word items, before the article: one stage allows items of two
  // words, the other of one.
  const std::string page =
      "Home Page > Soup Recipes\n\n"
      "The soup takes an hour to make, and it keeps for a week in a cold place.\n";
  Harness wide({"name = \"normalize\"", "name = \"language\"", "name = \"navigation\"\nitem_max_words = 2"});
  Harness narrow({"name = \"normalize\"", "name = \"language\"", "name = \"navigation\"\nitem_max_words = 1"});
  for (int round = 0; round < 2; ++round) {
    CAPTURE(round);
    CHECK(Verdict(wide.Run(page), "Home Page > Soup Recipes") == "navigation/breadcrumb");
    CHECK(Verdict(narrow.Run(page), "Home Page > Soup Recipes") == "kept");
  }
}

}  // namespace
}  // namespace boilerstrip::testing
