#include "pipeline/literal_finder.h"

#include <doctest/doctest.h>

namespace boilerstrip {
namespace {

TEST_CASE("LiteralFinder finds every literal that occurs, once, in order of index") {
  LiteralFinder finder({"cookie", "we use", "foto:", "(ap", "©20", "cookies"});
  std::vector<int> found;
  finder.Find("we use cookies. foto: ap (ap) ©2024 cookies", &found);
  CHECK(found == std::vector<int>{0, 1, 2, 3, 4, 5});
  finder.Find("nothing to see", &found);
  CHECK(found.empty());
  finder.Find("ab", &found);
  CHECK(found.empty());
  finder.Find("cookie", &found);
  CHECK(found == std::vector<int>{0});
  finder.Find("(ap", &found);  // a three-byte literal at the very end
  CHECK(found == std::vector<int>{3});
}

}  // namespace
}  // namespace boilerstrip
