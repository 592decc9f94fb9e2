#include "stages/navigation.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

constexpr char kArticle[] =
    "Browning the butter takes an extra five minutes, and it is the one change that turned "
    "these into the cookies my family asks for every weekend.";

Harness Nav() { return Harness({"name = \"normalize\"", "name = \"language\"", "name = \"navigation\""}); }

TEST_CASE("navigation around the article") {
  Harness h = Nav();
  struct Case {
    const char* line;
    const char* verdict;
  };
  const Case before[] = {
      {"Home > Recipes > Cookies", "navigation/breadcrumb"},
      {"Главная » Рецепты » Выпечка", "navigation/breadcrumb"},
      {"Sport / Košarka", "navigation/breadcrumb"},
      {"当前位置：首页 > 历史 > 古代建筑", "navigation/breadcrumb"},
      {"Log in | Register | FAQ | Search", "navigation/menu"},
      {"首页 | 历史 | 文化 | 考古", "navigation/menu"},
      {"By Hannah Cole | October 14, 2023 | 27 Comments", "navigation/meta_line"},
      {"17.02.2024. 21:48 | 4.102 pregleda | 15 komentara", "navigation/meta_line"},
      {"Por Rafael Monteiro — 08/05/2024 às 07h30 — Atualizado às 10h12", "navigation/meta_line"},
      {"БізнесКіраванне праектамі", "navigation/glued_breadcrumb"},
      {"Tampere - Finland", "kept"},
      {"PlayStation 5 Slim im Test: kleiner, leiser, aber nicht billiger", "kept"},
  };
  for (const Case& c : before) {
    CAPTURE(c.line);
    Document doc = h.Run(std::string(c.line) + "\n\nA title for the page\n\n" + kArticle + "\n");
    CHECK(Verdict(doc, c.line) == c.verdict);
  }
}

TEST_CASE("navigation inside the article keeps paths and short rows") {
  Harness h = Nav();
  Document doc = h.Run(std::string(kArticle) + "\nOpen Settings > Display > Dark mode\n"
                       "Posts: 12 | Joined: Apr 2024\nAdults: 12 € | Children: 5 €\n" + kArticle + "\n");
  CHECK(Verdict(doc, "Open Settings > Display > Dark mode") == "kept");
  CHECK(Verdict(doc, "Posts: 12 | Joined: Apr 2024") == "navigation/meta_line");
  CHECK(Verdict(doc, "Adults: 12 € | Children: 5 €") == "kept");
}

TEST_CASE("glued words") {
  CHECK(HasGluedWords("БізнесКіраванне праектамі"));
  CHECK(HasGluedWords("HomeRecipes"));
  CHECK_FALSE(HasGluedWords("iPhone 15 Pro"));
  CHECK_FALSE(HasGluedWords("LinkedIn"));
  CHECK_FALSE(HasGluedWords("Plain words only"));
}

}  // namespace
}  // namespace boilerstrip::testing
