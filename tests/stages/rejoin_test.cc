#include "stages/rejoin.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

const std::string kRules = TestPack(R"([[rule]]
id = "ad"
match = "line"
phrases = ["Advertisement", "Реклама", "广告", "โฆษณา"]
examples = ["Advertisement"]
)");

Harness Rejoin() {
  return Harness({"name = \"normalize\"", "name = \"language\"", "name = \"phrase_rules\"",
                  "name = \"rejoin\""},
                 kRules);
}

TEST_CASE("rejoin joins a paragraph cut by a removed insert") {
  struct Case {
    const char* page;
    const char* clean;
  };
  const Case cases[] = {
      // Lower-case continuation.
      {"The move to USB-C matters more than it sounds, and the faster port finally makes copying long\n\n"
       "Advertisement\n\nvideo clips to an external drive practical.\n",
       "The move to USB-C matters more than it sounds, and the faster port finally makes copying long "
       "video clips to an external drive practical.\n"},
      // Upper-case continuation after a paragraph that already holds a sentence.
      {"Jos puhumme vaikeuksista, kannattaa keskittyä kolmeen asiaan tänään. Ensimmäinen on tietysti\n\n"
       "Advertisement\n\nTyöntekijöiden asiakaslähtöisyys.\n",
       "Jos puhumme vaikeuksista, kannattaa keskittyä kolmeen asiaan tänään. Ensimmäinen on tietysti "
       "Työntekijöiden asiakaslähtöisyys.\n"},
      // A finished sentence is not continued.
      {"The move to USB-C matters more than it sounds, and the faster port makes copying practical.\n\n"
       "Advertisement\n\nvideo clips are next.\n",
       "The move to USB-C matters more than it sounds, and the faster port makes copying practical.\n\n"
       "video clips are next.\n"},
      // No insert between: two paragraphs stay two.
      {"The move to USB-C matters more than it sounds, and the faster port finally makes copying long\n\n"
       "video clips to an external drive practical.\n",
       "The move to USB-C matters more than it sounds, and the faster port finally makes copying long\n\n"
       "video clips to an external drive practical.\n"},
      // A title (no sentence inside) is not continued by an upper-case paragraph.
      {"Cara Mengaktifkan Mode Gelap di YouTube untuk Android dan Laptop di rumah dengan mudah\n\n"
       "Advertisement\n\nMode gelap membuat layar tidak terlalu menyilaukan.\n",
       "Cara Mengaktifkan Mode Gelap di YouTube untuk Android dan Laptop di rumah dengan mudah\n\n"
       "Mode gelap membuat layar tidak terlalu menyilaukan.\n"},
      // A numbered step is a new item.
      {"Start an interactive rebase for the last three commits, then follow the steps below\n\n"
       "Advertisement\n\n1. Save and close the file.\n",
       "Start an interactive rebase for the last three commits, then follow the steps below\n\n"
       "1. Save and close the file.\n"},
      // Chinese joins without a space.
      {"在河北省赵县城南的洨河上，横跨着一座古老的石拱桥，这就是赵州桥，当地人也叫它安济桥。它建于隋朝，由工匠李春主持设计和\n\n"
       "广告\n\n建造，距今已有约一千四百年。\n",
       "在河北省赵县城南的洨河上，横跨着一座古老的石拱桥，这就是赵州桥，当地人也叫它安济桥。它建于隋朝，由工匠李春主持设计和"
       "建造，距今已有约一千四百年。\n"},
      // Thai marks no sentence ends: nothing to go by, so nothing is joined.
      {"หลังมื้อกลางวัน เดินต่อไปยังวัดพระสิงห์ ซึ่งเป็นที่ประดิษฐานพระพุทธสิหิงค์ จากนั้นเดินเล่นไปตามถนนราชดำเนิน\n\n"
       "โฆษณา\n\nควรแต่งกายสุภาพเมื่อเข้าวัด\n",
       "หลังมื้อกลางวัน เดินต่อไปยังวัดพระสิงห์ ซึ่งเป็นที่ประดิษฐานพระพุทธสิหิงค์ จากนั้นเดินเล่นไปตามถนนราชดำเนิน\n\n"
       "ควรแต่งกายสุภาพเมื่อเข้าวัด\n"},
  };
  Harness h = Rejoin();
  for (const Case& c : cases) {
    CAPTURE(c.page);
    CHECK(h.Clean(c.page) == c.clean);
  }
}

}  // namespace
}  // namespace boilerstrip::testing
