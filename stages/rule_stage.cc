#include "stages/rule_stage.h"

#include "pipeline/unicode.h"

namespace boilerstrip {

bool IsLinkLike(const Block& b) {
  if (b.stats.weight > 120 || b.stats.words > 16) return false;
  size_t end = b.text.size();
  UChar32 last = PrevCodePoint(b.text, &end);
  // Headlines may end in ? or !, list entries of a sentence end in a full stop.
  return !(last == '.' || last == 0x3002 || last == 0x0964) || b.text.ends_with("...");
}

RuleStage::RuleStage(std::string name, const RuleMatcher& index, int section_max_lines)
    : Stage(name), index_(index), section_max_lines_(section_max_lines) {}

const Rule* RuleStage::FirstRule(Block& b, std::string_view lang) const {
  // A line the memo keeps has its hits there, matched on the first page that had it;
  // read in place, not copied to the block page after page.
  const LineShape shape{b.stats.words, b.stats.weight, b.stats.dense};
  const std::vector<uint16_t>* hits = &b.rule_hits;
  if (b.facts) {
    if (b.facts->rules_owner != index_.serial()) {
      index_.MatchIndices(b.folded(), shape, &b.facts->rule_hits);
      b.facts->rules_owner = index_.serial();
    }
    hits = &b.facts->rule_hits;
  } else if (!b.rules_matched) {
    index_.MatchIndices(b.folded(), shape, &b.rule_hits);
    b.rules_matched = true;
  }
  // Where several packs name the line ("Video:" is the same in a dozen languages), the
  // page's own language explains it best.
  const Rule* first = nullptr;
  for (uint16_t i : *hits) {
    const Rule& r = index_.rule(i);
    if (r.stage != name()) continue;
    if (!lang.empty() && r.id.size() > lang.size() && r.id.compare(0, lang.size(), lang) == 0 &&
        r.id[lang.size()] == '.')
      return &r;
    if (!first) first = &r;
  }
  return first;
}

void RuleStage::Apply(Document& doc) const {
  if (index_.empty()) return;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    if (!b.kept()) continue;
    const Rule* rule = FirstRule(b, doc.lang);
    if (!rule) continue;
    Remove(b, rule->id);
    if (rule->action == RuleAction::kDropSection) DropSection(doc, i, rule->id);
  }
}

void RuleStage::DropSection(Document& doc, size_t header, std::string_view rule) const {
  for (size_t i = header + 1, n = 0;
       i < doc.blocks.size() && n < static_cast<size_t>(section_max_lines_); ++i, ++n) {
    Block& b = doc.blocks[i];
    if (b.blank_before > 0 || !IsLinkLike(b)) break;
    if (b.kept()) Remove(b, rule);
  }
}

}  // namespace boilerstrip
