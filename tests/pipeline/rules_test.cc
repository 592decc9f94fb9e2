#include "pipeline/rules.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "pipeline/status.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

constexpr char kPack[] = R"(
[pack]
lang = "xx"

[[rule]]
id = "related"
match = "line"
phrases = ["Similar articles", "Похожие статьи"]
action = "drop_section"
examples = ["Similar articles"]

[[rule]]
id = "read_also"
match = "prefix"
phrases = ["Read also:", "Lire aussi :"]
examples = ["Read also: x"]

[[rule]]
id = "rights"
stage = "footers"
match = "contains"
phrases = ["all rights reserved", "版权所有"]
max_words = 12
examples = ["© 2024 X. All rights reserved."]

[[rule]]
id = "video"
stage = "captions"
match = "regex"
pattern = '^video: \pL'
examples = ["Video: Watch"]

[[rule]]
id = "tags"
match = "regex"
pattern = '^tags: |^(?:labels|schlagworte): '
examples = ["Tags: x"]

[[rule]]
id = "cookies"
match = "regex"
pattern = 'we use cookies|(?:this|our) site uses cookies'
examples = ["Hello. We use cookies."]
)";

std::string FirstMatch(const RuleMatcher& m, std::string_view line) {
  std::string folded = Fold(line);
  const Rule* r = m.Match(folded, LineShape::Of(folded));
  return r ? r->id : "none";
}

TEST_CASE("a regex rule matches lines up to its word limit, the limit included") {
  // The matcher does not run a regex on a line over its rule's limit: the line of
  // exactly max_words words must still be matched.
  RuleBook book;
  book.LoadPack("xx.toml", R"(
[pack]
lang = "xx"

[[rule]]
id = "credit"
match = "regex"
pattern = 'photo: [a-z]+'
max_words = 5
examples = ["Photo: Reuters"]
)");
  RuleMatcher all(book, "");
  CHECK(FirstMatch(all, "Photo: Reuters") == "xx.credit");
  CHECK(FirstMatch(all, "a b c photo: reuters") == "xx.credit");  // 5 words
  CHECK(FirstMatch(all, "a b c d photo: reuters") == "none");     // 6
  CHECK(FirstMatch(all, "a b c d e f g h i j k photo: reuters") == "none");
}

TEST_CASE("rule kinds match folded lines") {
  RuleBook book;
  book.LoadPack("xx.toml", kPack);
  RuleMatcher all(book, "");
  CHECK(FirstMatch(all, "Similar articles") == "xx.related");
  CHECK(FirstMatch(all, "  SIMILAR  ARTICLES: ") == "xx.related");
  CHECK(FirstMatch(all, "— Похожие статьи —") == "xx.related");
  CHECK(FirstMatch(all, "Similar articles were published last year.") == "none");
  CHECK(FirstMatch(all, "Read also: The best cables") == "xx.read_also");
  CHECK(FirstMatch(all, "ＲＥＡＤ ALSO： cables") == "xx.read_also");
  CHECK(FirstMatch(all, "Lire aussi : Vauban") == "xx.read_also");
  CHECK(FirstMatch(all, "Read also the manual before you start.") == "none");
  CHECK(FirstMatch(all, "© 2024 Cake Corner. All rights reserved.") == "xx.rights");
  CHECK(FirstMatch(all, "本网站版权所有") == "xx.rights");
  CHECK(FirstMatch(all, "We all know that all rights reserved notices at the bottom of pages "
                        "are copied from one site to the next without thought.") == "none");
  CHECK(FirstMatch(all, "Video: Watch the final") == "xx.video");
  CHECK(FirstMatch(all, "Video games are fun") == "none");
  // Alternatives each anchored run as one anchored pattern; unanchored ones search.
  CHECK(FirstMatch(all, "Tags: marathon, athletics") == "xx.tags");
  CHECK(FirstMatch(all, "Schlagworte: Laufen") == "xx.tags");
  CHECK(FirstMatch(all, "The post has tags: marathon") == "none");
  CHECK(FirstMatch(all, "Hello there. Our site uses cookies. Accept") == "xx.cookies");
  CHECK(FirstMatch(all, "We baked cookies for the school fair.") == "none");
}

TEST_CASE("anchored regexes match whether their first bytes narrow the lines or not") {
  // A pattern that starts with a word of anything admits nearly every line's first two
  // bytes: it runs with the unanchored regexes. The others share the anchored set and
  // its table of first bytes; a line starting otherwise skips the set.
  RuleBook book;
  book.LoadPack("xx.toml", R"(
[pack]
lang = "xx"

[[rule]]
id = "image_file"
match = "regex"
pattern = '^[^ ]+\.(?:jpe?g|png)$'
max_words = 1
examples = ["IMG_0042.JPG"]

[[rule]]
id = "dateline"
match = "regex"
pattern = '^(?:posted|published) on \d|^\d+ comments?$'
examples = ["Posted on 3 May"]

[[rule]]
id = "counter"
match = "regex"
pattern = '^(?:\d|one) ?(?:view|share)s?$'
examples = ["One view"]
)");
  RuleMatcher all(book, "");
  CHECK(FirstMatch(all, "IMG_0042.JPG") == "xx.image_file");
  CHECK(FirstMatch(all, "фото.png") == "xx.image_file");
  CHECK(FirstMatch(all, "a photo.png") == "none");
  CHECK(FirstMatch(all, "Published on 3 May 2024") == "xx.dateline");
  CHECK(FirstMatch(all, "12 comments") == "xx.dateline");
  CHECK(FirstMatch(all, "1 comment") == "xx.dateline");
  CHECK(FirstMatch(all, "1 view") == "xx.counter");
  CHECK(FirstMatch(all, "7share") == "xx.counter");
  CHECK(FirstMatch(all, "It was posted on 3 May") == "none");
  CHECK(FirstMatch(all, "Reposted on 3 May") == "none");
}

TEST_CASE("Han and kana count toward the longest line a rule looks at") {
  RuleBook book;
  book.LoadPack("xx.toml", kPack);
  RuleMatcher all(book, "");
  REQUIRE(all.max_words() == kMaxRuleWords);
  // A Chinese paragraph is one space-separated word, however long: four characters count
  // as a word, so that past 240 of them no rule looks at it, as at an English line of
  // more than 60 words.
  std::string han;
  for (int i = 0; i < 40; ++i) han += "今天天气很好";
  std::string copyright = "本网站版权所有";
  CHECK(FirstMatch(all, copyright + han.substr(0, 3 * (4 * kMaxRuleWords - 7))) == "xx.rights");
  CHECK(FirstMatch(all, copyright + han.substr(0, 3 * (4 * kMaxRuleWords - 6))) == "none");
  // Kana count as Han does; other scripts are counted by their spaces alone.
  std::string kana;
  for (int i = 0; i < 60; ++i) kana += "ひらがな";
  CHECK(FirstMatch(all, "本网站版权所有" + kana) == "none");
  CHECK(LineShape::Of("版权所有 abc").dense == 4);
}

TEST_CASE("the first-byte precheck never turns away a line the regex matches") {
  const char* patterns[] = {
      R"((?:\(ap|\(afp|\(reuters|\(epa|\(getty images|\(ap photo|\(afp photo|\(dpa|\(xinhua|\(tass|\(ria novosti|\(anadolu|\(efe|\(ansa|\(pap|\(ctk|\(istock|\(shutterstock|\(unsplash|\(pixabay|\(imago)(?:[ /][^()]{1,60})?\)[ .]*$)",
      "abc", "a|b", "x?y", "(?i)abc", ".*x", "\\bab", "\\Bb", "(?:^|x)y", "\\d+ km$", "[а-я]+ю", "é+", "",
  };
  const char* lines[] = {
      "president biden speaks in washington on monday. (ap photo/evan vucci)",
      "flooded streets in valencia (efe/ana escobar)", "the agency (afp) reported", "(ap)", "ap)",
      "abc", "xabc", "b", "ab", "y", "xy", "zy", "12 km", "km", "большую", "café", "", "x", "cab",
  };
  for (const char* pattern : patterns) {
    RE2 re(pattern);
    REQUIRE(re.ok());
    internal::ByteRange range = internal::FirstByteRange(re, pattern);
    for (const char* line : lines)
      if (RE2::PartialMatch(line, re)) CHECK_MESSAGE(internal::HasByteIn(line, range), pattern);
  }
  // The agency credits start with '(' and nothing else is promised.
  RE2 agency(patterns[0]);
  internal::ByteRange range = internal::FirstByteRange(agency, patterns[0]);
  CHECK(range.lo == '(');
  CHECK(range.hi == '(');
  CHECK_FALSE(internal::HasByteIn("no parenthesis here", range));
  // \b could let a match start after a word character: no promise then.
  range = internal::FirstByteRange(RE2("\\bab"), "\\bab");
  CHECK((range.lo == 0 && range.hi == 0xFF));
}

TEST_CASE("regexes ending in $ at their top level are the ones searched backwards") {
  for (const char* pattern : {"x\\)[ .]*$", "(?:a|b)$", "a\\\\$", "(?:[.!?] |。 ?)[^.!?|]{1,25}$"})
    CHECK_MESSAGE(internal::SearchedBackwards(pattern), pattern);
  for (const char* pattern : {"a$|b$", "a\\$", "a", "(?:a$)x", "[$]", "a$b"})
    CHECK_MESSAGE(!internal::SearchedBackwards(pattern), pattern);
}

TEST_CASE("no rule looks at a line of more than 60 words") {
  RuleBook book;
  book.LoadPack("xx.toml", kPack);
  RuleMatcher all(book, "");
  std::string line = "We use cookies";
  for (int i = 0; i < 60; ++i) line += " and more words";
  CHECK(FirstMatch(all, line) == "none");
  std::string error;
  try {
    RuleBook bad;
    bad.LoadPack("yy.toml", "[pack]\nlang = \"yy\"\n[[rule]]\nid = \"a\"\nphrases = [\"x\"]\nmax_words = 61\nexamples = [\"x\"]\n");
  } catch (const ConfigError& e) {
    error = e.what();
  }
  CHECK(error == "yy.toml:6: rule yy.a: max_words is at most 60 (longer lines are article text)");
}

TEST_CASE("rule matchers select their stage") {
  RuleBook book;
  book.LoadPack("xx.toml", kPack);
  CHECK(FirstMatch(RuleMatcher(book, "phrase_rules"), "Video: Watch") == "none");
  CHECK(FirstMatch(RuleMatcher(book, "captions"), "Video: Watch") == "xx.video");
  CHECK(FirstMatch(RuleMatcher(book, "footers"), "All rights reserved") == "xx.rights");
}

TEST_CASE("rule pack errors name file and line") {
  struct Case {
    const char* toml;
    const char* error;
  };
  const Case cases[] = {
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nmatch = \"regex\"\npattern = '(x'\nexamples = [\"x\"]\n",
       "xx.toml:6: rule xx.a: bad regex: missing ): (x"},
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nphrases = [\"x\"]\nexamples = [\"x\"]\nmax_wrods = 2\n",
       "xx.toml:7: unknown field 'max_wrods' in [[rule]]"},
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nphrases = [\"x\"]\n",
       "xx.toml:3: rule xx.a: needs at least one example"},
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nstage = \"nowhere\"\nphrases = [\"x\"]\nexamples = [\"x\"]\n",
       "xx.toml:3: rule xx.a: unknown stage 'nowhere'"},
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nphrases = [\"x\"]\nexamples = [\"x\"]\n[[rule]]\nid = \"a\"\nphrases = [\"y\"]\nexamples = [\"y\"]\n",
       "xx.toml:7: duplicate rule id xx.a"},
      {"[pack]\nlang = \"xx\"\n[[rule]]\nid = \"a\"\nphrases = [\"x\"\n", "xx.toml:5:"},
      {"[[rule]]\nid = \"a\"\n", "xx.toml:1: missing [pack] table"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.toml);
    RuleBook book;
    std::string error;
    try {
      book.LoadPack("xx.toml", c.toml);
    } catch (const ConfigError& e) {
      error = e.what();
    }
    CHECK(error.find(c.error) == 0);
  }
}

TEST_CASE("rules check runs examples and counterexamples against every rule") {
  RuleBook book;
  book.LoadPack("xx.toml", R"(
[pack]
lang = "xx"
[[rule]]
id = "ad"
match = "line"
phrases = ["Advertisement"]
examples = ["ADVERTISEMENT", "Advertising"]
counterexamples = ["Advertisement"]
)");
  std::vector<std::string> failures = CheckRuleExamples(book);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].find("example does not match: \"Advertising\"") != std::string::npos);
  CHECK(failures[1].find("counterexample matches rule xx.ad") != std::string::npos);
}

TEST_CASE("the built-in packs pass their own examples") {
  RuleBook book;
  book.LoadEmbedded();
  CHECK(book.rules().size() > 100);
  CHECK(CheckRuleExamples(book).empty());
}

// The unanchored regexes a set of found atoms admits is remembered: a line must match
// the same rules when its set is met for the first time and when it is met again.
TEST_CASE("rule matches do not depend on the lines matched before") {
  RuleBook book;
  book.LoadEmbedded();
  std::vector<std::string> lines;
  for (const Rule& r : book.rules()) {
    for (const std::string& e : r.examples) lines.push_back(Fold(e));
    for (const std::string& e : r.counterexamples) lines.push_back(Fold(e));
  }
  RuleMatcher matcher(book, "");
  std::vector<std::vector<const Rule*>> first;
  for (const std::string& line : lines) first.push_back(matcher.MatchAll(line, LineShape::Of(line)));
  for (size_t i = lines.size(); i-- > 0;) {
    CAPTURE(lines[i]);
    CHECK(matcher.MatchAll(lines[i], LineShape::Of(lines[i])) == first[i]);
  }
}

}  // namespace
}  // namespace boilerstrip
