#include "stages/structure.h"

#include <algorithm>

namespace boilerstrip {
namespace {

uint32_t TextChars(const BlockHints& h) { return h.chars - h.link_chars; }

}  // namespace

// Above the main container stand the title, headings, and a lead or standfirst that
// reads as prose; below it, only what the rest of the page offers (comments, teasers).
bool StructureStage::KeptBeforeMain(const Document& doc, const Block& b, const BlockHints& h) const {
  return (h.heading >= 1 && h.heading <= 3) || h.tag == "title" || IsProse(doc, b, options_.prose);
}

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

uint32_t StructureStage::FindMain(const Document& doc) const {
  size_t n = doc.elements.size();
  std::vector<uint64_t> prose(n, 0);
  uint64_t total = 0;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    const BlockHints& h = doc.hints[i];
    if (!IsProse(doc, b, options_.prose)) continue;
    total += TextChars(h);
    if (h.element != HtmlElement::kNone) prose[h.element] += TextChars(h);
  }
  if (total == 0) return HtmlElement::kNone;
  for (size_t i = n; i-- > 0;)
    if (doc.elements[i].parent != HtmlElement::kNone) prose[doc.elements[i].parent] += prose[i];
  // Elements holding most of the prose form one chain from the root; its last is innermost.
  uint32_t main = HtmlElement::kNone;
  for (size_t i = 0; i < n; ++i)
    if (prose[i] >= options_.main_share * total) main = static_cast<uint32_t>(i);
  return main;
}

std::vector<bool> StructureStage::InsideMain(const Document& doc) const {
  uint32_t main = options_.main_share > 0 ? FindMain(doc) : HtmlElement::kNone;
  std::vector<bool> inside(doc.elements.size(), main == HtmlElement::kNone);
  if (main == HtmlElement::kNone) return inside;
  for (size_t i = main; i < doc.elements.size(); ++i) {
    uint32_t parent = doc.elements[i].parent;
    inside[i] = i == main || (parent != HtmlElement::kNone && parent >= main && inside[parent]);
  }
  return inside;
}

void StructureStage::Apply(Document& doc) const {
  if (doc.hints.empty()) return;
  std::vector<const StructureRule*> verdict = JudgeElements(doc);
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const BlockHints& h = doc.hints[i];
    if (doc.blocks[i].kept() && h.element != HtmlElement::kNone && verdict[h.element])
      Remove(doc.blocks[i], verdict[h.element]->reason);
  }
  std::vector<bool> inside = InsideMain(doc);
  bool whole_page = doc.elements.empty() || std::all_of(inside.begin(), inside.end(), [](bool b) { return b; });
  bool after_main = false;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    const BlockHints& h = doc.hints[i];
    bool in_main = whole_page || (h.element != HtmlElement::kNone && inside[h.element]);
    if (in_main) after_main = true;
    if (!b.kept()) continue;
    if (h.heading != 1 && h.link_density() > options_.max_link_density) {
      Remove(b, "links");
    } else if (!in_main && (after_main || !KeptBeforeMain(doc, b, h))) {
      Remove(b, "outside_main");
    }
  }
}

}  // namespace boilerstrip
