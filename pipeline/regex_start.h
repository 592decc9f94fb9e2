// What the first two bytes of a match of an anchored regex can be, read off the pattern.
//
// The anchored rule regexes run as one RE2 set on every short line; RE2's call costs
// more than most lines need, as nearly every line is out of the set at its first or
// second byte. A table of the first two bytes every pattern's matches can start with
// turns those lines away before the call:
//
//   StartPairs start = AnchoredStartPairs("(?:published|updated) on");
//   if (start.known && !start.MayStart(line)) { /* no match of the pattern is a prefix */ }
//
// The answer is a superset, never a subset: what the parser does not understand (\pL,
// a POSIX class) stands for any text, and a pattern it cannot read at all (flags, which
// change what the rest means) is not known.
#ifndef BOILERSTRIP_PIPELINE_REGEX_START_H_
#define BOILERSTRIP_PIPELINE_REGEX_START_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace boilerstrip {

struct StartPairs {
  // False if the pattern may match the empty string or was not understood: then any
  // line may start a match.
  bool known = false;
  // Bit (first byte << 8 | second byte): a match of two bytes or more may start so.
  std::array<uint64_t, 65536 / 64> pairs{};
  // Bit b: the one-byte text b may be a whole match.
  std::array<uint64_t, 4> singles{};

  // Whether a match anchored at the start of |text| may exist, as far as the table tells.
  bool MayStart(std::string_view text) const {
    if (!known) return true;
    if (text.empty()) return false;
    const auto b0 = static_cast<unsigned char>(text[0]);
    if (singles[b0 / 64] >> (b0 % 64) & 1) return true;
    if (text.size() < 2) return false;
    const unsigned pair = unsigned{b0} << 8 | static_cast<unsigned char>(text[1]);
    return pairs[pair / 64] >> (pair % 64) & 1;
  }
  // How many pairs may start a match: a pattern that admits most is not worth a table.
  size_t PairCount() const;
  // Adds |other|'s pairs and singles (known only if both are).
  void Merge(const StartPairs& other);
};

// The pairs for |pattern| (RE2 syntax, UTF-8) matched at the start of a text, as an
// RE2::Set anchored at the start matches it.
StartPairs AnchoredStartPairs(std::string_view pattern);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_REGEX_START_H_
