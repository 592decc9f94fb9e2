#include "pipeline/report.h"

#include <doctest/doctest.h>

#include <random>

#include <fmt/format.h>

namespace boilerstrip {
namespace {

// The escaping rule, one character at a time.
std::string SlowQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out.push_back(static_cast<char>(c));
  }
  return out + "\"";
}

TEST_CASE("JsonQuote escapes quotes, backslashes and control characters, and nothing else") {
  CHECK(JsonQuote("") == "\"\"");
  CHECK(JsonQuote("caf\xC3\xA9 \"x\"\\\n\x01\x7f") == "\"caf\xC3\xA9 \\\"x\\\"\\\\\\n\\u0001\x7f\"");
  std::mt19937 rng(7);
  const std::string alphabet = std::string("ab \"\\\n\t\x01\x1f\x20\x7f\x80\xff/xyz", 17);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    REQUIRE(JsonQuote(s) == SlowQuote(s));
  }
  // Appended after what the output holds; long texts, of escapes only or nearly none.
  for (int i = 0; i < 300; ++i) {
    std::string s(rng() % 3000, ' ');
    size_t kinds = i % 3 == 0 ? 3 : i % 3 == 1 ? alphabet.size() : 1;
    for (char& c : s) c = i % 3 == 0 ? "\x01\"\n"[rng() % kinds] : alphabet[rng() % kinds];
    std::string out = "{\"text\": ";
    AppendJsonQuoted(s, &out);
    REQUIRE(out == "{\"text\": " + SlowQuote(s));
  }
}

}  // namespace
}  // namespace boilerstrip
