#include "pipeline/report.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "pipeline/simd.h"

namespace boilerstrip {

void RunReport::Add(const Document& doc, uint64_t out) {
  ++documents;
  bytes_in += doc.bytes_in;
  bytes_out += out;
  invalid_utf8 += doc.invalid_utf8;
  ++languages[doc.lang.empty() ? "und" : doc.lang];
  for (const Block& b : doc.blocks) {
    ++lines_in;
    if (b.join_previous && b.kept()) ++lines_joined;
    if (b.kept()) continue;
    ++lines_removed;
    ++removed_[b.verdict];
  }
}

std::map<std::string, uint64_t> RunReport::ByStage() const {
  std::map<std::string, uint64_t> out;
  for (const auto& [verdict, n] : removed_) out[std::string(verdict.stage)] += n;
  return out;
}

std::map<std::string, uint64_t> RunReport::ByRule() const {
  std::map<std::string, uint64_t> out;
  for (const auto& [verdict, n] : removed_) out[fmt::format("{}/{}", verdict.stage, verdict.rule)] += n;
  return out;
}

void RunReport::Merge(const RunReport& o) {
  documents += o.documents;
  documents_failed += o.documents_failed;
  inputs_failed += o.inputs_failed;
  inputs_resumed += o.inputs_resumed;
  for (const auto& [k, v] : o.records_skipped) records_skipped[k] += v;
  bytes_in += o.bytes_in;
  bytes_out += o.bytes_out;
  lines_in += o.lines_in;
  lines_removed += o.lines_removed;
  lines_joined += o.lines_joined;
  invalid_utf8 += o.invalid_utf8;
  for (const auto& [k, v] : o.charsets_detected) charsets_detected[k] += v;
  for (const auto& [k, v] : o.languages) languages[k] += v;
  for (const auto& [k, v] : o.removed_) removed_[k] += v;
  failures.insert(failures.end(), o.failures.begin(), o.failures.end());
}

namespace {

// The first byte from |i| on that JSON must escape (a control character, '"' or '\\'),
// or |s.size()|. Sixteen bytes at a time where SSE2 is there: nearly all of a page needs
// no escape but its newlines.
size_t NextToEscape(std::string_view s, size_t i) {
  const size_t n = s.size();
#if defined(BOILERSTRIP_SIMD)
  using namespace simd;
  for (; i + 16 <= n; i += 16) {
    Bytes v = Load(s.data() + i);
    if (unsigned mask = Mask(InRange(v, 0, 0x1F) | Equal(v, '"') | Equal(v, '\\')))
      return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return n;
}

}  // namespace

void AppendJsonQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // the first byte not appended yet
  for (size_t i = NextToEscape(s, 0); i < s.size(); i = NextToEscape(s, i + 1)) {
    out->append(s.data() + run, i - run);
    run = i + 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: out->append(fmt::format("\\u{:04x}", c));
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonQuoted(s, &out);
  return out;
}

std::string RunReport::ToJson() const {
  auto counts = [](const std::map<std::string, uint64_t>& m) {
    std::string s = "{";
    for (const auto& [k, v] : m) s += fmt::format("{}{}: {}", s.size() > 1 ? ", " : "", JsonQuote(k), v);
    return s + "}";
  };
  std::string errors = "[";
  for (const InputFailure& f : failures)
    errors += fmt::format("{}{{\"input\": {}, \"error\": {}}}", errors.size() > 1 ? ", " : "",
                          JsonQuote(f.input), JsonQuote(f.reason));
  errors += "]";
  return fmt::format(
      "{{\n  \"documents\": {},\n  \"documents_failed\": {},\n  \"inputs_failed\": {},\n"
      "  \"inputs_resumed\": {},\n  \"records_skipped\": {},\n  \"bytes_in\": {},\n"
      "  \"bytes_out\": {},\n  \"lines_in\": {},\n  \"lines_removed\": {},\n"
      "  \"lines_joined\": {},\n  \"invalid_utf8\": {},\n  \"charsets_detected\": {},\n"
      "  \"languages\": {},\n  \"removed_by_stage\": {},\n"
      "  \"removed_by_rule\": {},\n  \"errors\": {}\n}}\n",
      documents, documents_failed, inputs_failed, inputs_resumed, counts(records_skipped), bytes_in,
      bytes_out, lines_in, lines_removed, lines_joined, invalid_utf8, counts(charsets_detected),
      counts(languages), counts(ByStage()), counts(ByRule()), errors);
}

std::string RunReport::Summary(size_t top_rules) const {
  std::string s = fmt::format(
      "{} documents ({} failed{}), {} -> {} bytes, {} of {} lines removed, {} rejoined\n", documents,
      documents_failed, inputs_failed ? fmt::format(", {} input(s) failed", inputs_failed) : "",
      bytes_in, bytes_out, lines_removed, lines_in, lines_joined);
  if (!records_skipped.empty()) {
    s += "  WARC records skipped (not pages):";
    for (const auto& [type, n] : records_skipped) s += fmt::format(" {} {}", n, type);
    s += "\n";
  }
  for (const auto& [stage, n] : ByStage()) s += fmt::format("  {:<16} {:>8}\n", stage, n);
  std::vector<std::pair<uint64_t, std::string>> rules;
  for (const auto& [rule, n] : ByRule()) rules.emplace_back(n, rule);
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (rules.size() > top_rules) rules.resize(top_rules);
  if (!rules.empty()) s += "  top rules:\n";
  for (const auto& [n, rule] : rules) s += fmt::format("    {:>6}  {}\n", n, rule);
  return s;
}

}  // namespace boilerstrip
