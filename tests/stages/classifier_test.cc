#include "stages/classifier.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

const std::string kRules = TestPack(R"([[rule]]
id = "share"
match = "prefix"
phrases = ["Share:"]
examples = ["Share: Facebook"]
[[rule]]
id = "byline"
match = "prefix"
phrases = ["By"]
max_words = 6
examples = ["By Jo Smith"]
)");

Harness Classifier() {
  return Harness({"name = \"normalize\"", "name = \"language\"", "name = \"phrase_rules\"",
                  "name = \"navigation\"", "name = \"classifier\""},
                 kRules);
}

TEST_CASE("classifier keeps the article span, its title and attached lines") {
  Harness h = Classifier();  // the verdicts point into its stages: keep it alive
  Document doc = h.Run(
      "Skip to main content\n"
      "Riverside Gazette\n"
      "Phones Laptops Wearables Deals\n\n"
      "Community > Events\n\n"
      "Farmers market opens on Saturday\n\n"
      "By Jo Smith\n\n"
      "The market returns to the Old Mill parking lot with more than forty stalls, including "
      "eight new growers from the valley.\n\n"
      "Ingredients\n200 g sugar\n\n"
      "Live music starts at 10 am, and the children's tent will have seed planting all "
      "morning long for everyone.\n\n"
      "When: Saturdays, 8 am to 1 pm\n\n"
      "Share: Facebook X Email\n"
      "Trending\n"
      "Council approves new bike lanes\n"
      "Thanks, that helps a lot! I'll stop watering every evening.\n"
      "Top\n");
  CHECK(Verdict(doc, "Skip to main content") == "classifier/before_article");
  CHECK(Verdict(doc, "Riverside Gazette") == "classifier/before_article");
  CHECK(Verdict(doc, "Phones Laptops Wearables Deals") == "classifier/before_article");
  CHECK(Verdict(doc, "Community > Events") == "navigation/breadcrumb");
  CHECK(Verdict(doc, "Farmers market opens on Saturday") == "kept");
  CHECK(Verdict(doc, "By Jo Smith") == "phrase_rules/xx.byline");
  CHECK(Verdict(doc, "Ingredients") == "kept");
  CHECK(Verdict(doc, "200 g sugar") == "kept");
  CHECK(Verdict(doc, "When: Saturdays, 8 am to 1 pm") == "kept");
  CHECK(Verdict(doc, "Trending") == "classifier/after_article");
  CHECK(Verdict(doc, "Council approves new bike lanes") == "classifier/after_article");
  CHECK(Verdict(doc, "Thanks, that helps a lot! I'll stop watering every evening.") == "kept");
  CHECK(Verdict(doc, "Top") == "classifier/after_article");
}

TEST_CASE("classifier keeps a salutation and subtitle joined to the title") {
  Harness h = Classifier();  // the verdicts point into its stages: keep it alive
  Document doc = h.Run(
      "Maple Grove Elementary: Winter Concert and Early Dismissal\n\n"
      "Dear families,\n\n"
      "Our choirs have been rehearsing since October, and we are delighted to invite you to "
      "this year's Winter Concert in the school gym.\n\n"
      "Ms. Laura Brennan, Principal\n");
  for (const Block& b : doc.blocks) CHECK(b.kept());
}

TEST_CASE("classifier drops a labelled link list after the article in any language") {
  Harness h = Classifier();  // the verdicts point into its stages: keep it alive
  Document doc = h.Run(
      "Habari za michezo leo\n\n"
      "Timu ya taifa ilishinda mechi yake ya kwanza jana jioni katika uwanja wa taifa, na "
      "mashabiki walisherehekea hadi usiku wa manane mjini.\n\n"
      "Habari zaidi\nRais azindua barabara mpya ya Dodoma\nBei ya mafuta yashuka tena mwezi huu\n\n"
      "Viungo\n2 vikombe vya unga\n1 kijiko cha chumvi\n");
  CHECK(Verdict(doc, "Habari za michezo leo") == "kept");
  CHECK(Verdict(doc, "Habari zaidi") == "classifier/after_article");
  CHECK(Verdict(doc, "Rais azindua barabara mpya ya Dodoma") == "classifier/after_article");
  CHECK(Verdict(doc, "Bei ya mafuta yashuka tena mwezi huu") == "classifier/after_article");
  CHECK(Verdict(doc, "Viungo") == "classifier/after_article");  // detached by the list above
}

TEST_CASE("classifier keeps the end of a paragraph cut off by an insert") {
  Harness h = Classifier();  // the verdicts point into its stages: keep it alive
  Document doc = h.Run(
      "Pour obtenir la fameuse bosse, il faut un choc thermique : la pâte doit passer au moins "
      "deux heures au réfrigérateur, puis être enfournée dans un four bien\n\n"
      "Share: Facebook\n\n"
      "chaud, sans avoir eu le temps de revenir à température ambiante.\n\n"
      "Ingrédients pour 24 madeleines\n3 œufs\n130 g de sucre\n");
  for (const Block& b : doc.blocks)
    if (b.text != "Share: Facebook") CHECK(b.kept());
}

TEST_CASE("classifier: a brief without long lines is anchored by its sentences") {
  Harness h = Classifier();
  Document doc = h.Run(
      "Mwanzo Habari Michezo Biashara\n\nMaktaba imefungwa Jumatatu\n\n"
      "Maktaba ya mji itafungwa Jumatatu kwa matengenezo.\nVitabu vinaweza kurudishwa ofisini.\n\n"
      "Habari zaidi\nRais azindua barabara mpya ya Dodoma\nBei ya mafuta yashuka tena\n");
  CHECK(Verdict(doc, "Mwanzo Habari Michezo Biashara") == "classifier/before_article");
  CHECK(Verdict(doc, "Maktaba imefungwa Jumatatu") == "kept");
  CHECK(Verdict(doc, "Vitabu vinaweza kurudishwa ofisini.") == "kept");
  CHECK(Verdict(doc, "Rais azindua barabara mpya ya Dodoma") == "classifier/after_article");
}

TEST_CASE("classifier leaves pages without prose alone") {
  Harness h = Classifier();  // the verdicts point into its stages: keep it alive
  Document doc = h.Run("Shopping list\n\nmilk\neggs\nbread\n");
  for (const Block& b : doc.blocks) CHECK(b.kept());
}

}  // namespace
}  // namespace boilerstrip::testing
