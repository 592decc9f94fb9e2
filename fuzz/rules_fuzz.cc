// A rule pack as TOML text: RuleBook::LoadPack, then compiling its rules and running
// their examples. Properties: a bad pack is a ConfigError, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/rules.h"
#include "pipeline/status.h"
#include "pipeline/unicode.h"

using namespace boilerstrip;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    RuleBook book;
    book.LoadPack("fuzz.toml", text);
    RuleMatcher matcher(book, "");
    CheckRuleExamples(book);
    for (std::string_view line : {"Related posts", "© 2024 Example. All rights reserved.", ""}) {
      std::string folded = Fold(line);
      matcher.MatchAll(folded, LineShape::Of(folded));
    }
  } catch (const ConfigError&) {
  }
  return 0;
}
