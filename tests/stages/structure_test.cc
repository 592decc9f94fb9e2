#include "stages/structure.h"

#include <doctest/doctest.h>

#include "formats/html.h"
#include "pipeline/pipeline.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"
#include "pipeline/structure_rules.h"
#include "tests/test_util.h"

namespace boilerstrip::testing {
namespace {

const char kPack[] = R"([pack]
name = "test"
qualifiers = ["has", "no"]
max_token_words = 4

[[rule]]
id = "nav"
match = "tag"
words = ["nav"]
examples = ["nav"]

[[rule]]
id = "share"
words = ["share", "social*", "side-bar"]
examples = ["share-buttons", "socialLinks", "my-side-bar"]
counterexamples = ["shared", "has-share", "side", "is--share"]

[[rule]]
id = "hidden"
whole = true
words = ["sr-only"]
examples = ["sr-only"]
counterexamples = ["sr-only-focusable"]
)";

StructureRules Rules() {
  StructureRules r;
  r.LoadPack("test.toml", kPack);
  return r;
}

std::string Match(const StructureRules& rules, std::string_view tag, std::string_view tokens) {
  const StructureRule* r = rules.Match(tag, tokens);
  return r ? r->reason : "none";
}

TEST_CASE("structure rules: class words, qualifiers, prefixes, whole values") {
  StructureRules rules = Rules();
  CHECK(SplitClassWords("socialShare_box--Big") == std::vector<std::string>{"social", "share", "box", "big"});
  CHECK(Match(rules, "nav", "") == "nav");
  CHECK(Match(rules, "div", "post share-row") == "class:share");
  CHECK(Match(rules, "div", "socialIcons") == "class:share");
  CHECK(Match(rules, "div", "left-side-bar") == "class:share");
  CHECK(Match(rules, "div", "shared-content") == "none");
  CHECK(Match(rules, "div", "has-share") == "none");                 // a qualifier
  CHECK(Match(rules, "div", "post--share") == "none");               // a BEM modifier
  CHECK(Match(rules, "div", "a-very-long-share-slug") == "none");    // over max_token_words
  CHECK(Match(rules, "div", "#share") == "class:share");
  CHECK(Match(rules, "h2", "#share-3") == "none");                   // a numbered id
  CHECK(Match(rules, "span", "sr-only") == "class:hidden");
  CHECK(Match(rules, "span", "sr-only-focusable") == "none");
  CHECK(CheckStructureExamples(rules).empty());
}

TEST_CASE("structure rules: bad packs name file and line") {
  StructureRules r;
  CHECK_THROWS_WITH_AS(r.LoadPack("x.toml", "[pack]\nname = \"x\"\n[[rule]]\nid = \"a\"\nwords = [\"Bad Word\"]\nexamples = [\"a\"]\n"),
                       doctest::Contains("x.toml:3: rule a: bad word"), ConfigError);
  CHECK_THROWS_WITH_AS(r.LoadPack("y.toml", "[pack]\nname = \"y\"\n[[rule]]\nid = \"a\"\nwords = [\"a\"]\n"),
                       doctest::Contains("y.toml:3: rule a: needs at least one example"), ConfigError);
  CHECK_THROWS_WITH_AS(r.LoadPack("z.toml", "[pack]\nname = \"z\"\n[[rule]]\nid = \"a\"\nwords = [\"a\"]\nexamples = [\"a\"]\ncolour = 1\n"),
                       doctest::Contains("z.toml:7: unknown field 'colour'"), ConfigError);
}

// The default engine: built-in pipeline and packs.
class Page {
 public:
  explicit Page(const std::string& html) : engine_(Engine::Build(EngineConfig{})) {
    doc_ = ReadHtml(html, "test.html");
    engine_->pipeline().Run(doc_);
  }
  std::string operator()(std::string_view line) const { return Verdict(doc_, line); }
  const Document& doc() const { return doc_; }

 private:
  std::unique_ptr<Engine> engine_;
  Document doc_;
};

const std::string kArticle =
    "<p>The council voted on Tuesday to extend the night bus service to the river districts, "
    "after two years of petitions from residents and shift workers.</p>"
    "<p>The new routes start in March and will run every twenty minutes between midnight and "
    "five in the morning, the transport office said in a statement.</p>"
    "<p>Residents who work late shifts welcomed the decision, although some said the buses "
    "should also run on public holidays when the trams stop early.</p>";

TEST_CASE("structure: containers, class words, link lists and what lies below the article") {
  Page page(
      "<html><head><title>Night buses | City Times</title></head><body class=\"has-sidebar\">"
      "<header><a href=\"/\">City Times</a></header>"
      "<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
      "<main><article><h1>Night buses extended</h1><div class=\"entry-content\">" + kArticle +
      "<div class=\"share-buttons\"><span>Share this article</span></div></div></article>"
      "<div class=\"related-posts\"><h3>More news</h3><ul><li><a href=\"/a\">Trams stop early on holidays</a></li>"
      "</ul></div>"
      "<div id=\"comments\"><p>I have waited for this for years, and I am glad that the council "
      "finally listened to the people who work at night.</p></div></main>"
      "<aside><p>Weather today: sunny</p></aside>"
      "<footer><p>Copyright 2024 City Times</p></footer></body></html>");
  CHECK(page("News") == "structure/nav");
  CHECK(page("Night buses extended") == "kept");
  CHECK(page("Night buses | City Times") == "missing");  // the <h1> is the title
  CHECK(page("Share this article") == "structure/class:share");
  CHECK(page("More news") == "structure/class:related");
  CHECK(page("Weather today: sunny") == "structure/aside");
  CHECK(page("Copyright 2024 City Times") == "structure/footer");
  CHECK(page("City Times") == "structure/links");
  CHECK(page("I have waited for this for years, and I am glad that the council finally listened to the "
             "people who work at night.") == "structure/class:comment");
  CHECK(RenderText(page.doc()).starts_with("Night buses extended\n\nThe council voted"));
}

TEST_CASE("structure: a page-wide wrapper is not judged by its name") {
  // ASP.NET wraps the page in a form; some themes give the wrapper a sidebar class.
  Page page("<body><form id=\"aspnetForm\"><div class=\"sidebar-layout\">" + kArticle + "</div></form></body>");
  CHECK(page("The council voted on Tuesday to extend the night bus service to the river districts, after "
             "two years of petitions from residents and shift workers.") == "kept");
}

TEST_CASE("structure: below the main container nothing stays, above it the title and lead do") {
  Page page("<body><div class=\"top\"><h2>Night buses extended</h2><p>Short teaser line</p></div>"
            "<div class=\"body\">" + kArticle + "</div>"
            "<div class=\"after\"><p>A reader wrote to us that the buses are a good idea, and that "
            "the council should have done it long ago.</p></div></body>");
  CHECK(page("Night buses extended") == "kept");
  CHECK(page("Short teaser line") == "structure/outside_main");
  CHECK(page("A reader wrote to us that the buses are a good idea, and that the council should have done "
             "it long ago.") == "structure/outside_main");
}

TEST_CASE("structure: plain text is left alone") {
  Harness h({"name = \"normalize\"", "name = \"structure\""});
  Document doc = h.Run("Share this article\nMenu\n");
  CHECK(Verdict(doc, "Share this article") == "kept");
  CHECK(doc.hints.empty());
}

}  // namespace
}  // namespace boilerstrip::testing
