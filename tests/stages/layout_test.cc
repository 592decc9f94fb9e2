#include "stages/layout.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

namespace boilerstrip {
namespace {

// CountSeparators as first written: every space, then a comparison with each separator;
// a separator's last space may start the next.
int SlowCountSeparators(std::string_view folded) {
  const std::string_view separators[] = {" | ", " · ", " • ", " > ", " » ", " › ", " ‹ ", " ◦ ", " → "};
  int n = 0;
  for (size_t pos = folded.find(' '); pos != std::string_view::npos && pos + 1 < folded.size();
       pos = folded.find(' ', pos + 1)) {
    for (std::string_view sep : separators) {
      if (folded.substr(pos, sep.size()) != sep) continue;
      ++n;
      pos += sep.size() - 2;
      break;
    }
  }
  return n;
}

TEST_CASE("CountSeparators counts spaced separators wherever they fall") {
  CHECK(CountSeparators("home | news | sport") == 2);
  CHECK(CountSeparators("a | | b") == 2);
  CHECK(CountSeparators("a |b > c") == 1);
  CHECK(CountSeparators("x → y · z • w") == 3);
  CHECK(CountSeparators("a - b — c / d") == 0);
  // Lines long enough for the sixteen-byte blocks, separators at every offset.
  // Every strong separator, and near misses: the mark without its spaces, an opening
  // quote or dash after a space.
  const std::string pieces[] = {" | ", " · ", " → ", " • ", " > ", " » ", " › ", " ‹ ", " ◦ ",
                                " ", "  ", "|", ">", "word", "é", "—", " —", " >", "x", " “",
                                " «", "·", " ·", "• ", " →x", " ·x"};
  std::mt19937 random(11);
  for (int round = 0; round < 20000; ++round) {
    std::string line;
    size_t length = random() % 80;
    while (line.size() < length) line += pieces[random() % std::size(pieces)];
    REQUIRE_MESSAGE(CountSeparators(line) == SlowCountSeparators(line), line);
  }
}

}  // namespace
}  // namespace boilerstrip
