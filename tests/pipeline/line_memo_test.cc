#include "pipeline/line_memo.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace boilerstrip {
namespace {

// Counts the values alive, so forgetting is seen to destroy what it held.
struct Counted {
  static inline int alive = 0;
  Counted() { ++alive; }
  ~Counted() { --alive; }
  Counted(const Counted&) = delete;
  std::string text;
};

TEST_CASE("the line memo finds what was added, at the same address, as the table grows") {
  LineMemo<std::string> memo(size_t{1} << 30);
  std::vector<std::string*> added;
  // Keys sharing long prefixes and differing in length, the empty key among them.
  for (int i = 0; i < 20000; ++i) {
    std::string key = std::string(i % 7 * 10, 'k') + std::to_string(i);
    if (i == 0) key.clear();
    REQUIRE(memo.Find(key) == nullptr);
    std::string& value = memo.Add(key);
    CHECK(value.empty());
    value = "value " + std::to_string(i);
    added.push_back(&value);
  }
  for (int i = 0; i < 20000; ++i) {
    std::string key = std::string(i % 7 * 10, 'k') + std::to_string(i);
    if (i == 0) key.clear();
    std::string* found = memo.Find(key);
    REQUIRE(found == added[i]);
    CHECK(*found == "value " + std::to_string(i));
  }
  CHECK(memo.Find("kkkkkkkkkk") == nullptr);
  CHECK(memo.Find("value 1") == nullptr);
  CHECK_FALSE(memo.full());
}

TEST_CASE("the line memo forgets everything once over its budget, and only then") {
  Counted::alive = 0;
  {
    LineMemo<Counted> memo(4096);
    int added = 0;
    for (;;) {
      memo.Add("line " + std::to_string(added++)).text = "remembered";
      if (memo.full()) break;
      memo.ForgetIfFull();  // not yet: nothing is forgotten under the budget
      REQUIRE(memo.Find("line 0") != nullptr);
    }
    CHECK(added > 10);
    CHECK(Counted::alive == added);
    memo.ForgetIfFull();
    CHECK(Counted::alive == 0);
    CHECK_FALSE(memo.full());
    CHECK(memo.Find("line 0") == nullptr);
    // The memory is used again: new values start empty, and old keys are not found.
    for (int i = 0; i < added; ++i) {
      Counted& value = memo.Add("other " + std::to_string(i));
      CHECK(value.text.empty());
    }
    CHECK(memo.Find("line 1") == nullptr);
    CHECK(memo.Find("other 1") != nullptr);
    // Account() counts what a value holds beyond itself.
    memo.Account(4096);
    CHECK(memo.full());
  }
  CHECK(Counted::alive == 0);  // the memo's destructor destroys what it still holds
}

// Prefetching is a hint: for hashes of keys present, absent or of empty slots (0, which
// the normalize stage passes for lines it does not keep), it reads nothing but its slot
// and changes nothing (clang's UBSan once caught it offsetting a null entry).
TEST_CASE("the line memo's prefetches change nothing, for any hash") {
  LineMemo<std::string> memo(size_t{1} << 20);
  memo.PrefetchSlot(0);
  memo.PrefetchEntry(0);
  for (int i = 0; i < 100; ++i) {
    std::string key = "key " + std::to_string(i);
    memo.Add(key, LineMemo<std::string>::Hash(key)) = std::to_string(i);
  }
  for (uint64_t hash : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, LineMemo<std::string>::Hash("key 7"),
                        LineMemo<std::string>::Hash("absent")}) {
    memo.PrefetchSlot(hash);
    memo.PrefetchEntry(hash);
  }
  for (int i = 0; i < 100; ++i) {
    std::string key = "key " + std::to_string(i);
    std::string* found = memo.Find(key, LineMemo<std::string>::Hash(key));
    REQUIRE(found != nullptr);
    CHECK(*found == std::to_string(i));
  }
  CHECK(memo.Find("absent", LineMemo<std::string>::Hash("absent")) == nullptr);
}

TEST_CASE("the line memo takes a key larger than its blocks") {
  LineMemo<int> memo(size_t{64} << 20);
  std::string huge(3 << 20, 'x');
  memo.Add("before") = 1;
  memo.Add(huge) = 2;
  memo.Add("after") = 3;
  REQUIRE(memo.Find(huge) != nullptr);
  CHECK(*memo.Find(huge) == 2);
  CHECK(*memo.Find("before") == 1);
  CHECK(*memo.Find("after") == 3);
  huge.back() = 'y';
  CHECK(memo.Find(huge) == nullptr);
}

}  // namespace
}  // namespace boilerstrip
