#include "stages/repeated_lines.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

TEST_CASE("repeated_lines keeps the first occurrence of long enough lines") {
  Harness h({"name = \"normalize\"", "name = \"repeated_lines\""});
  Document doc = h.Run(
      "How to squash your commits\n\nWhy squash at all\n\nText.\n\n"
      "how to squash  your commits\n\nYes\n\nYes\n\n1 tsp salt\n1 tsp salt\n");
  CHECK(doc.blocks[0].kept());
  CHECK(doc.blocks[3].verdict.rule == "repeated");  // case and spacing do not matter
  CHECK(doc.blocks[4].kept());  // "Yes": too short to judge
  CHECK(doc.blocks[5].kept());
  CHECK(doc.blocks[7].verdict.rule == "repeated");
}

TEST_CASE("repeated_lines counts only kept lines as first occurrences") {
  Harness h({"name = \"normalize\""});
  Document doc = h.Run("Why squash at all\n\nWhy squash at all\n");
  doc.blocks[0].verdict = {"phrase_rules", "xx.toc"};  // a table-of-contents entry
  RepeatedLinesStage(3, 12).Apply(doc);
  CHECK(doc.blocks[1].kept());  // the heading itself stays
}

}  // namespace
}  // namespace boilerstrip::testing
