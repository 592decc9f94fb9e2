#include "pipeline/flat_map.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "pipeline/hash.h"

namespace boilerstrip {
namespace {

TEST_CASE("the flat map finds every key inserted, by string_view, as it grows") {
  FlatMap<std::string, int, TransparentHash> map;
  CHECK(map.find(std::string_view("absent")) == nullptr);
  for (int i = 0; i < 5000; ++i) map[std::to_string(i) + "-key"] = i;
  map[std::string_view("")] = -1;
  CHECK(map.size() == 5001);
  for (int i = 0; i < 5000; ++i) {
    const int* found = map.find(std::string_view(std::to_string(i) + "-key"));
    REQUIRE(found != nullptr);
    CHECK(*found == i);
  }
  CHECK(*map.find(std::string_view("")) == -1);
  CHECK(map.find(std::string_view("5000-key")) == nullptr);
  // operator[] on a present key gives its value, inserting nothing.
  map[std::string_view("7-key")] += 100;
  CHECK(*map.find(std::string_view("7-key")) == 107);
  CHECK(map.size() == 5001);
  // Entries iterate in insertion order.
  int expected = 0;
  for (const auto& [key, value] : map) {
    if (expected == 5000) break;
    CHECK(key == std::to_string(expected) + "-key");
    ++expected;
  }
  map.Clear();
  CHECK(map.empty());
  CHECK(map.find(std::string_view("1-key")) == nullptr);
  map[std::string_view("again")] = 1;
  CHECK(*map.find(std::string_view("again")) == 1);
}

// A hash that puts every key in the same place: lookups must still tell keys apart.
struct Constant {
  size_t operator()(int) const { return 42; }
};

TEST_CASE("the flat map keeps keys apart whose hashes are equal") {
  FlatMap<int, int, Constant> map;
  for (int i = 0; i < 100; ++i) map[i] = i * i;
  for (int i = 0; i < 100; ++i) {
    REQUIRE(map.find(i) != nullptr);
    CHECK(*map.find(i) == i * i);
  }
  CHECK(map.find(100) == nullptr);
}

}  // namespace
}  // namespace boilerstrip
