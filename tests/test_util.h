// Helpers for unit tests: run a pipeline of named stages over a page given as text and
// ask what happened to a line.
#ifndef BOILERSTRIP_TESTS_TEST_UTIL_H_
#define BOILERSTRIP_TESTS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/pipeline.h"
#include "pipeline/site_counts.h"
#include "pipeline/rules.h"
#include "pipeline/stopwords.h"

namespace boilerstrip::testing {

// A pipeline of |stages| (TOML [[stage]] bodies such as "name = \"captions\""), over the
// rule pack |rules_toml| (none if empty) and the built-in stopwords.
class Harness {
 public:
  explicit Harness(const std::vector<std::string>& stages, const std::string& rules_toml = "");
  // The stages refer to the rules and stopwords inside: a Harness cannot move, and the
  // verdicts of its documents point into it, so it must outlive them.
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;
  // Reads |text| as a plain-text page and runs the pipeline over it.
  Document Run(const std::string& text) const;
  // The cleaned text of |text|.
  std::string Clean(const std::string& text) const;

 private:
  RuleBook rules_;
  std::unique_ptr<RuleMatcher> index_;
  Stopwords stopwords_;
  SiteCounts site_counts_;
  std::unique_ptr<Pipeline> pipeline_;
};

// A rule pack for tests: |rules| ([[rule]] tables) under a [pack] header for "xx".
std::string TestPack(std::string_view rules);

// "stage/rule" for the first block whose text is |line|, "kept" if it was kept, or
// "missing" if there is no such block.
std::string Verdict(const Document& doc, std::string_view line);

}  // namespace boilerstrip::testing

#endif  // BOILERSTRIP_TESTS_TEST_UTIL_H_
