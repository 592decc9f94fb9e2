#include "stages/repeated_lines.h"

#include <doctest/doctest.h>

#include <string>

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

TEST_CASE("repeated_lines tells apart long lines that differ only after their first bytes") {
  // Lines are hashed by their first bytes and length; equal hashes are compared whole.
  std::string start(300, 'x');
  for (size_t i = 0; i < start.size(); i += 6) start[i] = ' ';
  Harness h({"name = \"normalize\"", "name = \"repeated_lines\""});
  Document doc = h.Run(start + " one end.\n\n" + start + " two end.\n\n" + start + " one end.\n");
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[0].kept());
  CHECK(doc.blocks[1].kept());  // same first 300 bytes and length, another line
  CHECK(doc.blocks[2].verdict.rule == "repeated");
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
