// Counts of a run, merged across documents and threads, written as the JSON report.
#ifndef BOILERSTRIP_PIPELINE_REPORT_H_
#define BOILERSTRIP_PIPELINE_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/flat_map.h"

namespace boilerstrip {

struct InputFailure {
  std::string input;
  std::string reason;
};

struct RunReport {
  uint64_t documents = 0;
  uint64_t documents_failed = 0;  // records or pages that could not be cleaned
  uint64_t inputs_failed = 0;     // files that could not be read or written as a whole
  uint64_t inputs_resumed = 0;    // --resume: inputs skipped, their output being there
  std::map<std::string, uint64_t> records_skipped;  // WARC records that are not pages, by type
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t lines_in = 0;
  uint64_t lines_removed = 0;
  uint64_t lines_joined = 0;
  uint64_t invalid_utf8 = 0;
  std::map<std::string, uint64_t> charsets_detected;  // text pages not in UTF-8, by the charset guessed
  std::map<std::string, uint64_t> languages;  // documents by the language cleaned in ("und": none)
  std::vector<InputFailure> failures;  // every failed input and record, with the reason

  // Adds a cleaned document whose rendered text has |bytes_out| bytes.
  void Add(const Document& doc, uint64_t bytes_out);
  void Merge(const RunReport& other);
  std::string ToJson() const;
  // A few lines for people: totals, then removals per stage and the top rules.
  std::string Summary(size_t top_rules) const;

  // Removed lines by stage ("classifier") and by rule ("phrase_rules/en.related_header").
  std::map<std::string, uint64_t> ByStage() const;
  std::map<std::string, uint64_t> ByRule() const;

 private:
  // Removed lines by verdict, whose views stay valid while the stages that gave them
  // live (see Verdict): the same strings give the same views, so counting a line
  // compares and hashes two pointers, not strings. The names are made once, at the end.
  struct SameViews {
    bool operator()(const Verdict& a, const Verdict& b) const {
      return a.stage.data() == b.stage.data() && a.stage.size() == b.stage.size() &&
             a.rule.data() == b.rule.data() && a.rule.size() == b.rule.size();
    }
  };
  struct HashViews {
    size_t operator()(const Verdict& v) const {
      return std::hash<const void*>()(v.stage.data()) * 31 + std::hash<const void*>()(v.rule.data()) +
             v.stage.size() * 7 + v.rule.size();
    }
  };
  FlatMap<Verdict, uint64_t, HashViews, SameViews> removed_;
};

// |s| as a JSON string literal (UTF-8 kept as it is; quotes, backslashes and control
// characters escaped).
std::string JsonQuote(std::string_view s);
void AppendJsonQuoted(std::string_view s, std::string* out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_REPORT_H_
