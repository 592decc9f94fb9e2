// RE2 options shared by the rule loader and the rule matcher.
#ifndef BOILERSTRIP_PIPELINE_RULE_REGEX_H_
#define BOILERSTRIP_PIPELINE_RULE_REGEX_H_

#include <cstdint>

#include <re2/re2.h>

namespace boilerstrip {

// Memory budgets bound the DFA caches, which otherwise grow with the text seen. A set
// has no slower fallback inside RE2, so it gets room; a single regex falls back to its
// NFA when its DFA runs out, so it gets little (there are hundreds of them).
inline constexpr int64_t kRuleSetMemory = int64_t{64} << 20;
inline constexpr int64_t kRuleRegexMemory = int64_t{1} << 20;

inline RE2::Options RuleRegexOptions(int64_t max_mem = kRuleSetMemory) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_RULE_REGEX_H_
