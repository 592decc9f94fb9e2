#include "pipeline/literal_finder.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

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
  finder.Find("", &found);
  CHECK(found.empty());
  finder.Find("cookie", &found);
  CHECK(found == std::vector<int>{0});
  finder.Find("(ap", &found);  // a three-byte literal at the very end
  CHECK(found == std::vector<int>{3});
}

TEST_CASE("LiteralFinder: literals of every length, repeated, sharing prefixes, at the ends") {
  LiteralFinder finder({"a", "ab", "abc", "abcd", "abcdefgh", "abcdefghi", "abc", "все права",
                        "всё", "x"});
  std::vector<int> found;
  finder.Find("abcdefghi", &found);
  CHECK(found == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  finder.Find("zabcdefg", &found);  // "abcdefgh" would run past the end
  CHECK(found == std::vector<int>{0, 1, 2, 3, 6});
  finder.Find("© все права защищены", &found);
  CHECK(found == std::vector<int>{7});
  finder.Find("всё x", &found);
  CHECK(found == std::vector<int>{8, 9});
}

// The bitmaps only reject; what is found must be exactly what a plain search finds.
TEST_CASE("LiteralFinder agrees with std::string_view::find on random texts") {
  std::mt19937 rng(7);
  const std::string alphabet = "ab c.д";  // "д" is two bytes: keys cut through characters
  auto random_text = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  std::vector<std::string> literals;
  for (int i = 0; i < 300; ++i) literals.push_back(random_text(1 + rng() % 12));
  LiteralFinder finder(literals);
  std::vector<int> found;
  for (int t = 0; t < 500; ++t) {
    std::string text = random_text(rng() % 40);
    std::vector<int> expected;
    for (size_t i = 0; i < literals.size(); ++i)
      if (text.find(literals[i]) != std::string::npos) expected.push_back(static_cast<int>(i));
    finder.Find(text, &found);
    CHECK(found == expected);
  }
}

}  // namespace
}  // namespace boilerstrip
