// A regex and a text (split at the first newline): AnchoredStartPairs on the pattern, and
// RE2 matching it at the text's start. Property: the table never turns away a text the
// pattern matches there (regex_start.h promises a superset).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <re2/re2.h>

#include "fuzz/fuzz_util.h"
#include "pipeline/regex_start.h"
#include "pipeline/rule_regex.h"

using namespace boilerstrip;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view pattern = input.substr(0, newline), text = input.substr(newline + 1);
  RE2 re(pattern, RuleRegexOptions(kRuleRegexMemory));
  if (!re.ok()) return 0;
  const StartPairs start = AnchoredStartPairs(pattern);
  if (re.Match(text, 0, text.size(), RE2::ANCHOR_START, nullptr, 0)) FUZZ_CHECK(start.MayStart(text));
  // Every shorter text too: the table's answer for one and two bytes is its own.
  for (size_t n = 0; n < text.size() && n < 4; ++n)
    if (re.Match(text, 0, n, RE2::ANCHOR_START, nullptr, 0)) FUZZ_CHECK(start.MayStart(text.substr(0, n)));
  return 0;
}
