#include "pipeline/regex_start.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

using ByteSet = std::array<uint64_t, 4>;

void Set(ByteSet& s, unsigned b) { s[b / 64] |= uint64_t{1} << (b % 64); }
bool Has(const ByteSet& s, unsigned b) { return s[b / 64] >> (b % 64) & 1; }
bool Empty(const ByteSet& s) { return (s[0] | s[1] | s[2] | s[3]) == 0; }
void Add(ByteSet& s, const ByteSet& t) {
  for (size_t i = 0; i < s.size(); ++i) s[i] |= t[i];
}

constexpr UChar32 kMaxCodePoint = 0x10FFFF;
using Ranges = std::vector<std::pair<UChar32, UChar32>>;

Ranges Complement(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  UChar32 next = 0;
  for (auto [lo, hi] : r) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = std::max(next, hi + 1);
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

// The first two bytes of the UTF-8 forms of a set of characters.
struct CharBytes {
  ByteSet first{};                    // ASCII characters and lead bytes
  ByteSet single{};                   // the characters of one byte
  std::array<uint64_t, 64> second{};  // [lead - 0xC0]: bit (second byte - 0x80)

  explicit CharBytes(const Ranges& ranges) {
    for (auto [lo, hi] : ranges) {
      for (UChar32 c = lo; c <= std::min(hi, UChar32{0x7F}); ++c) {
        Set(first, static_cast<unsigned>(c));
        Set(single, static_cast<unsigned>(c));
      }
      // Characters of two, three and four bytes share their first two bytes in runs of
      // 1, 64 and 4096: one step per run.
      constexpr struct {
        UChar32 from, to;
        int shift;
        unsigned lead_bits;
      } kLengths[] = {{0x80, 0x7FF, 0, 0xC0}, {0x800, 0xFFFF, 6, 0xE0}, {0x10000, kMaxCodePoint, 12, 0xF0}};
      for (const auto& len : kLengths) {
        const UChar32 a = std::max(lo, len.from), b = std::min(hi, len.to);
        for (UChar32 k = a >> len.shift; a <= b && k <= b >> len.shift; ++k) {
          const unsigned lead = len.lead_bits | static_cast<unsigned>(k >> 6);
          Set(first, lead);
          second[lead - 0xC0] |= uint64_t{1} << (k & 0x3F);
        }
      }
    }
  }
};

struct Node {
  enum Kind { kChar, kChars, kSeq, kAlt, kRepeat, kEmpty } kind = kEmpty;
  unsigned char byte0 = 0, byte1 = 0;  // kChar: its first bytes (byte1 0: it has one)
  // kChars. Their bytes are worked out only for the classes a walk reaches: most of a
  // pattern lies past its second byte.
  Ranges chars;
  std::vector<Node> children;  // kSeq, kAlt; kRepeat: one
  int min = 0, max = -1;       // kRepeat; max -1: no bound
};

// Recursive descent over the subset of RE2's syntax the first bytes depend on. Fails on
// what it cannot read whole (flags, \Q...\E, \C, POSIX classes, backreferences).
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  bool Parse(Node* root) {
    *root = Alternation();
    return !failed_ && i_ == p_.size();
  }

 private:
  bool AtEnd() const { return i_ >= p_.size(); }
  char Peek() const { return p_[i_]; }
  Node Fail() {
    failed_ = true;
    i_ = p_.size();
    return {};
  }
  static Node Chars(Ranges r) {
    Node n;
    n.kind = Node::kChars;
    n.chars = std::move(r);
    return n;
  }
  static Node AnyChar() { return Chars({{0, kMaxCodePoint}}); }

  Node Alternation() {
    Node alt;
    alt.kind = Node::kAlt;
    alt.children.push_back(Sequence());
    while (!failed_ && !AtEnd() && Peek() == '|') {
      ++i_;
      alt.children.push_back(Sequence());
    }
    return alt;
  }

  Node Sequence() {
    Node seq;
    seq.kind = Node::kSeq;
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') seq.children.push_back(Repeated());
    return seq;
  }

  Node Repeated() {
    Node atom = Atom();
    while (!failed_ && !AtEnd()) {
      int min, max;
      const char c = Peek();
      if (c == '*') min = 0, max = -1, ++i_;
      else if (c == '+') min = 1, max = -1, ++i_;
      else if (c == '?') min = 0, max = 1, ++i_;
      else if (c == '{') {
        if (!Bounds(&min, &max)) return Fail();
      } else {
        break;
      }
      if (!AtEnd() && Peek() == '?') ++i_;  // lazy: the same texts
      Node rep;
      rep.kind = Node::kRepeat;
      rep.min = min;
      rep.max = max;
      rep.children.push_back(std::move(atom));
      atom = std::move(rep);
    }
    return atom;
  }

  // {n}, {n,} or {n,m}, at p_[i_] == '{'.
  bool Bounds(int* min, int* max) {
    ++i_;
    auto number = [&](int* n) {
      size_t start = i_;
      *n = 0;
      while (!AtEnd() && Peek() >= '0' && Peek() <= '9' && i_ - start < 4) *n = *n * 10 + (p_[i_++] - '0');
      return i_ > start;
    };
    if (!number(min)) return false;
    *max = *min;
    if (!AtEnd() && Peek() == ',') {
      ++i_;
      if (!number(max)) *max = -1;
    }
    if (AtEnd() || Peek() != '}') return false;
    ++i_;
    return true;
  }

  Node Atom() {
    const char c = Peek();
    switch (c) {
      case '(': {
        ++i_;
        if (!AtEnd() && Peek() == '?') {
          // (?:...) and (?P<name>...) group; flags such as (?i) change the rest's meaning.
          if (p_.substr(i_).starts_with("?:")) {
            i_ += 2;
          } else if (p_.substr(i_).starts_with("?P<")) {
            size_t close = p_.find('>', i_);
            if (close == std::string_view::npos) return Fail();
            i_ = close + 1;
          } else {
            return Fail();
          }
        }
        Node inner = Alternation();
        if (failed_ || AtEnd() || Peek() != ')') return Fail();
        ++i_;
        return inner;
      }
      case '[':
        return Class();
      case '.':
        ++i_;
        return Chars(Complement({{'\n', '\n'}}));
      case '^':
      case '$':
        ++i_;
        return {};  // zero width
      case '\\':
        return Escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case '|':
        return Fail();
      default: {
        // One character, most of a pattern: its bytes, not a class's tables.
        const size_t start = i_;
        NextCodePoint(p_, &i_);
        Node n;
        n.kind = Node::kChar;
        n.byte0 = static_cast<unsigned char>(p_[start]);
        if (i_ - start > 1) n.byte1 = static_cast<unsigned char>(p_[start + 1]);
        return n;
      }
    }
  }

  // After a backslash: a character (added to |*ranges|), a class of them, or false.
  // |*any| is set for a class the parser does not know the members of.
  bool EscapedChars(Ranges* ranges, bool* any) {
    if (AtEnd()) return false;
    const char c = p_[i_++];
    auto add = [&](Ranges r, bool negate) {
      if (negate) r = Complement(std::move(r));
      ranges->insert(ranges->end(), r.begin(), r.end());
      return true;
    };
    switch (c) {
      case 'd': case 'D': return add({{'0', '9'}}, c == 'D');
      case 's': case 'S': return add({{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}, c == 'S');
      case 'w': case 'W': return add({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}, c == 'W');
      case 'a': return add({{7, 7}}, false);
      case 'f': return add({{'\f', '\f'}}, false);
      case 't': return add({{'\t', '\t'}}, false);
      case 'n': return add({{'\n', '\n'}}, false);
      case 'r': return add({{'\r', '\r'}}, false);
      case 'v': return add({{'\v', '\v'}}, false);
      case 'p':
      case 'P':
        // A Unicode class: any character, as far as this table goes.
        if (!AtEnd() && Peek() == '{') {
          size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return false;
          i_ = close + 1;
        } else if (!AtEnd()) {
          ++i_;
        }
        *any = true;
        return true;
      case 'x': {
        UChar32 cp = 0;
        size_t digits = 0;
        const bool braces = !AtEnd() && Peek() == '{';
        if (braces) ++i_;
        while (!AtEnd() && std::isxdigit(static_cast<unsigned char>(Peek())) && (braces || digits < 2)) {
          const char h = p_[i_++];
          cp = cp * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          if (++digits > 6) return false;
        }
        if (braces && (AtEnd() || p_[i_++] != '}')) return false;
        if (digits == 0 || cp > kMaxCodePoint) return false;
        return add({{cp, cp}}, false);
      }
      default:
        if (static_cast<unsigned char>(c) < 0x80 && std::isalnum(static_cast<unsigned char>(c))) return false;
        --i_;
        const UChar32 cp = NextCodePoint(p_, &i_);
        return add({{cp, cp}}, false);
    }
  }

  Node Escape() {
    ++i_;
    if (AtEnd()) return Fail();
    const char c = Peek();
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z') {
      ++i_;
      return {};  // zero width
    }
    Ranges ranges;
    bool any = false;
    if (!EscapedChars(&ranges, &any)) return Fail();
    return any ? AnyChar() : Chars(std::move(ranges));
  }

  // One item of a class at p_[i_], a character or an escape, into |*item| (emptied
  // first); false if it cannot be read. |*any| as for EscapedChars.
  bool ClassItem(Ranges* item, bool* any) {
    item->clear();
    if (Peek() != '\\') {
      const UChar32 c = NextCodePoint(p_, &i_);
      item->emplace_back(c, c);
      return true;
    }
    ++i_;
    return EscapedChars(item, any);
  }
  static bool OneChar(const Ranges& r) { return r.size() == 1 && r[0].first == r[0].second; }

  Node Class() {
    ++i_;
    const bool negated = !AtEnd() && Peek() == '^';
    if (negated) ++i_;
    Ranges ranges;
    bool any = false, first = true;
    while (true) {
      if (AtEnd()) return Fail();
      if (Peek() == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      if (p_.substr(i_).starts_with("[:")) return Fail();
      Ranges item;
      if (!ClassItem(&item, &any)) return Fail();
      if (!OneChar(item)) {  // \d, \pL and the like: no range starts there
        ranges.insert(ranges.end(), item.begin(), item.end());
        continue;
      }
      const UChar32 lo = item[0].first;
      UChar32 hi = lo;
      if (i_ + 1 < p_.size() && Peek() == '-' && p_[i_ + 1] != ']') {
        ++i_;
        if (!ClassItem(&item, &any) || !OneChar(item)) return Fail();
        hi = item[0].first;
        if (hi < lo) return Fail();
      }
      ranges.emplace_back(lo, hi);
    }
    // A class with members this parser does not know may hold any character, negated
    // or not.
    if (any) return AnyChar();
    return Chars(negated ? Complement(std::move(ranges)) : std::move(ranges));
  }

  std::string_view p_;
  size_t i_ = 0;
  bool failed_ = false;
};

// Where a walk through the pattern may be: at the start of the match (nothing matched
// yet) and/or after exactly one byte, one of |one|. Longer prefixes need no tracking.
struct At {
  bool start = false;
  ByteSet one{};
  bool operator==(const At&) const = default;
  At& operator|=(const At& o) {
    start |= o.start;
    Add(one, o.one);
    return *this;
  }
};

// Adds to |out| the pairs |node| brings in from |at|; returns where it may leave.
At Walk(const Node& node, const At& at, StartPairs* out) {
  switch (node.kind) {
    case Node::kEmpty:
      return at;
    case Node::kChar: {
      auto pair = [out](unsigned a, unsigned b) {
        const unsigned bit = a << 8 | b;
        out->pairs[bit / 64] |= uint64_t{1} << (bit % 64);
      };
      if (at.start && node.byte1 != 0) pair(node.byte0, node.byte1);
      for (unsigned b = 0; b < 256; ++b)
        if (Has(at.one, b)) pair(b, node.byte0);
      At next;
      if (at.start && node.byte1 == 0) Set(next.one, node.byte0);
      return next;
    }
    case Node::kChars: {
      const CharBytes c(node.chars);
      if (at.start)
        for (unsigned lead = 0xC0; lead <= 0xFF; ++lead) out->pairs[lead * 4 + 2] |= c.second[lead - 0xC0];
      for (unsigned b = 0; b < 256; ++b)
        if (Has(at.one, b))
          for (size_t k = 0; k < 4; ++k) out->pairs[b * 4 + k] |= c.first[k];
      At next;
      if (at.start) next.one = c.single;
      return next;
    }
    case Node::kSeq: {
      At cur = at;
      for (const Node& child : node.children) {
        // Past the second byte the rest of the sequence adds nothing.
        if (!cur.start && Empty(cur.one)) break;
        cur = Walk(child, cur, out);
      }
      return cur;
    }
    case Node::kAlt: {
      At next;
      for (const Node& child : node.children) next |= Walk(child, at, out);
      return next;
    }
    case Node::kRepeat: {
      const Node& child = node.children[0];
      At cur = at;
      // Past the first two bytes nothing changes: a fixed point comes within three steps.
      for (int i = 0; i < node.min; ++i) {
        At next = Walk(child, cur, out);
        if (next == cur) break;
        cur = next;
      }
      if (node.max != node.min) {
        while (true) {
          At next = cur;
          next |= Walk(child, cur, out);
          if (next == cur) break;
          cur = next;
        }
      }
      return cur;
    }
  }
  return at;
}

}  // namespace

size_t StartPairs::PairCount() const {
  size_t n = 0;
  for (uint64_t w : pairs) n += static_cast<size_t>(__builtin_popcountll(w));
  return n;
}

void StartPairs::Merge(const StartPairs& other) {
  known = known && other.known;
  for (size_t i = 0; i < pairs.size(); ++i) pairs[i] |= other.pairs[i];
  Add(singles, other.singles);
}

StartPairs AnchoredStartPairs(std::string_view pattern) {
  StartPairs out;
  Node root;
  if (!Parser(pattern).Parse(&root)) return out;
  At start;
  start.start = true;
  const At end = Walk(root, start, &out);
  out.known = !end.start;  // else the empty string matches
  out.singles = end.one;
  return out;
}

}  // namespace boilerstrip
