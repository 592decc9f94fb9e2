// Structure rule packs: the class/id vocabulary and the container tags that mark HTML
// boilerplate, as TOML data (rules/structure/*.toml), for the structure stage.
//
//   [pack]
//   name = "boilerplate"
//   qualifiers = ["has", "no", "with"]   # "has-sidebar" names a layout, not a sidebar
//   max_token_words = 4                  # longer values are slugs ("nav_nur_die_folie_1")
//
//   [[rule]]
//   id = "share"                       # removal reason: structure/class:share
//   match = "class"                    # class: words of class and id values; tag: element names
//   words = ["share", "social", "comment*", "side-bar"]
//   whole = false                      # true: a word must be the whole value ("sr-only")
//   examples = ["entry-share-buttons", "socialShare"]   # class/id values (tags for "tag")
//   counterexamples = ["shared-content"]
//
// A class or id value is split into words at every character that is not a letter or
// digit and between a lower-case and an upper-case letter ("socialShare_box" -> social,
// share, box), lower-cased. A rule word matches one of those words exactly; "comment*"
// matches any word starting with "comment"; "side-bar" matches the words "side" "bar" in
// a row. Words after a qualifier do not count ("is-no-sidebar", "has-ads"), nor
// do values of more than max_token_words words, BEM modifiers ("section--ads") and ids
// ending in a digit ("#comment-12", generated per item). Tag rules name element names.
//
// A StructureRules is immutable after loading and safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_STRUCTURE_RULES_H_
#define BOILERSTRIP_PIPELINE_STRUCTURE_RULES_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace boilerstrip {

struct StructureRule {
  std::string id;      // "share"
  std::string reason;  // "class:share", or "nav" for a tag rule
  bool tag = false;    // matches element names, not class/id words
  bool whole = false;  // a word must span the whole class or id value
  std::vector<std::string> words;
  std::vector<std::string> examples, counterexamples;
  std::string source;  // "file:line"
};

class StructureRules {
 public:
  // Parses one pack; |name| is used in messages. Throws ConfigError naming file:line.
  void LoadPack(std::string_view name, std::string_view toml_text);
  // Loads every *.toml in |dir|/structure, if that directory exists.
  void LoadDirectory(const std::string& dir);
  // Loads the packs compiled into the binary (rules/structure/*.toml).
  void LoadEmbedded();

  // The first rule naming element |tag| with class and id values |tokens|
  // (space-separated, ids prefixed with '#'), or nullptr.
  const StructureRule* Match(std::string_view tag, std::string_view tokens) const;

  const std::vector<StructureRule>& rules() const { return rules_; }
  size_t packs() const { return packs_; }

 private:
  // A rule word: its parts ("side-bar" -> side, bar), the last one maybe a prefix.
  struct Word {
    std::vector<std::string> parts;
    bool prefix = false;
    int rule = 0;
  };
  void Index(int rule);
  // The first rule with a word matching |parts| at |at|, or -1.
  int MatchAt(const std::vector<std::string>& parts, size_t at) const;
  // The first rule matching one class or id value, or -1.
  int MatchToken(std::string_view token) const;

  std::vector<StructureRule> rules_;
  // Looked up by string_view, without making a string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using WordMap = std::unordered_map<std::string, std::vector<Word>, Hash, std::equal_to<>>;
  WordMap exact_;   // by first part
  WordMap prefix_;  // one-part prefixes, by prefix
  std::vector<size_t> prefix_lengths_;
  std::vector<std::pair<std::string, int>> tags_;  // a few: a scan beats a hash
  std::vector<std::string> qualifiers_;
  size_t max_token_words_ = 4;
  size_t packs_ = 0;
};

// Splits a class or id value into lower-case words (see above).
std::vector<std::string> SplitClassWords(std::string_view value);

// Runs every rule's examples and counterexamples; one message per failure.
std::vector<std::string> CheckStructureExamples(const StructureRules& rules);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_STRUCTURE_RULES_H_
