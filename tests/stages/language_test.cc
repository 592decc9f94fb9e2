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
      CHECK(CountStopwords(doc, doc.blocks[0]).stopwords >= 3);
    }
  }
}

TEST_CASE("language: Chinese and Japanese pages are told by their script, mixed ones by vote") {
  Harness h({"name = \"normalize\"", "name = \"language\""});
  CHECK(h.Run("如果约束是可推迟的，那么这个子句声明检查约束的缺省时间。我们可以用 ON COMMIT "
              "控制临时表在事务块结尾的行为，在事务结尾不发生任何特定的动作。\n").lang == "zh");
  CHECK(h.Run("指定された行番号から開始する。以下のコマンドをプロンプトから入力することができる。"
              "このドキュメントでは、正または負の数を引き数として受け付ける。\n").lang == "ja");
  // English prose quoting a few Chinese words: the vote decides.
  CHECK(h.Run("The sign over the door of the shop said 欢迎光临, which is how they say welcome "
              "there, and we went in because it was raining and we were hungry.\n").lang == "en");
}

TEST_CASE("language: the vote counts the first 128 words of a long line") {
  Harness h({"name = \"normalize\"", "name = \"language\""});
  // One paragraph: 120 words of German prose, then three times as many of English.
  std::string german, english;
  for (int i = 0; i < 8; ++i) german += "Die Kinder sind mit dem Hund in den Wald gegangen, und es war sehr kalt. ";
  for (int i = 0; i < 24; ++i) english += "The children went into the woods with the dog, and it was cold. ";
  CHECK(h.Run(german + english + "\n").lang == "de");
  CHECK(h.Run(english + german + "\n").lang == "en");
}

TEST_CASE("language: the vote stops early only for a clear lead") {
  Harness h({"name = \"normalize\"", "name = \"language\""});
  // The first 32 words: 14 German stopwords against 6 English ones, a lead but not a
  // clear one; then English. The vote goes on, and English wins.
  std::string start =
      "der the und zorbl nicht of ist zorbl das with mit zorbl sich that auf zorbl dem this "
      "werden was der zorbl und zorbl nicht zorbl ist zorbl zorbl zorbl zorbl zorbl ";
  std::string english;
  for (int i = 0; i < 24; ++i) english += "The children went into the woods with the dog, and it was cold. ";
  CHECK(h.Run(start + english + "\n").lang == "en");
  // Sixteen German stopwords in the first 32 words, and none of another language, are a
  // clear lead: the English after them, more votes in all, is not counted.
  std::string clear;
  for (int i = 0; i < 4; ++i) clear += "und zorbl nicht zorbl sich zorbl werden zorbl ";
  CHECK(h.Run(clear + english + "\n").lang == "de");
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
