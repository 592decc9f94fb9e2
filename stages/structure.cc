#include "stages/structure.h"

namespace boilerstrip {
namespace {

uint32_t TextChars(const BlockHints& h) { return h.chars - h.link_chars; }

}  // namespace

std::vector<const StructureRule*> StructureStage::JudgeElements(const Document& doc) const {
  size_t n = doc.elements.size();
  // Non-link text under each element, children first (they come after their parents).
  std::vector<uint64_t> text(n, 0);
  uint64_t total = 0;
  for (const BlockHints& h : doc.hints) {
    total += TextChars(h);
    if (h.element != HtmlElement::kNone) text[h.element] += TextChars(h);
  }
  for (size_t i = n; i-- > 0;)
    if (doc.elements[i].parent != HtmlElement::kNone) text[doc.elements[i].parent] += text[i];
  std::vector<const StructureRule*> verdict(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const HtmlElement& e = doc.elements[i];
    const StructureRule* own = rules_.Match(e.tag, e.tokens);
    if (own && text[i] > options_.guard_share * total) own = nullptr;
    verdict[i] = own ? own : e.parent != HtmlElement::kNone ? verdict[e.parent] : nullptr;
  }
  return verdict;
}

void StructureStage::Apply(Document& doc) const {
  if (doc.hints.empty()) return;
  std::vector<const StructureRule*> verdict = JudgeElements(doc);
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    const BlockHints& h = doc.hints[i];
    if (!b.kept()) continue;
    if (h.element != HtmlElement::kNone && verdict[h.element]) {
      Remove(b, verdict[h.element]->reason);
    } else if (h.heading != 1 && h.link_density() > options_.max_link_density) {
      Remove(b, "links");
    }
  }
}

}  // namespace boilerstrip
