#include "stages/language.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

TEST_CASE("language: stopword vote and CLD2 find the page language") {
  struct Case {
    const char* page;
    const char* lang;
  };
  const Case cases[] = {
      {"Tampere on helppo kaupunki viikonloppumatkalle, sillä lähes kaikki kiinnostava löytyy "
       "kävelymatkan päästä rautatieasemalta.\n", "fi"},
      {"Шарлотку у нас в семье пекут каждую осень, когда на даче поспевает антоновка. Тесто в ней "
       "самое простое.\n", "ru"},
      {"Die PlayStation 5 Slim ist rund ein Drittel kleiner als das ursprüngliche Modell und "
       "deutlich leichter.\n", "de"},
  };
  for (const char* detector : {"stopwords", "cld2"}) {
    Harness h({"name = \"normalize\"", std::string("name = \"language\"\ndetector = \"") + detector + "\""});
    for (const Case& c : cases) {
      CAPTURE(detector);
      CAPTURE(c.page);
      Document doc = h.Run(c.page);
      CHECK(doc.lang == c.lang);
      CHECK(doc.stopwords_known);
      CHECK(doc.blocks[0].stats.stopwords >= 3);
    }
  }
}

TEST_CASE("language: a language without a list borrows its neighbours'") {
  Harness h({"name = \"normalize\"", "name = \"language\"\ndetector = \"cld2\""});
  Document doc = h.Run(
      "Азімы часнык садзяць за тры–чатыры тыдні да таго, як зямля пачне прамярзаць. У большасці "
      "рэгіёнаў Беларусі гэта канец верасня або першая палова кастрычніка.\n");
  CHECK(doc.lang == "be");
  CHECK(doc.stopwords_known);
}

}  // namespace
}  // namespace boilerstrip::testing
