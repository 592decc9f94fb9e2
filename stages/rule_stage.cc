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

RuleStage::RuleStage(std::string name, const RuleBook& book, int section_max_lines)
    : Stage(name), matcher_(book, name), section_max_lines_(section_max_lines) {}

void RuleStage::Apply(Document& doc) const {
  if (matcher_.empty()) return;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    if (!b.kept()) continue;
    const Rule* rule = matcher_.Match(b.folded, LineShape{b.stats.words, b.stats.weight});
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
