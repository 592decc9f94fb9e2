#include "stages/classifier.h"

namespace boilerstrip {
namespace {

bool IsChrome(const Block& b) { return b.stats.separators >= 2; }

// Page chrome above the title: a breadcrumb or menu, however it was removed.
bool EndsHead(const Block& b) {
  return IsChrome(b) || (b.verdict.stage == "navigation" && b.verdict.rule != "meta_line");
}

}  // namespace

void ClassifierStage::KeepHead(const Document& doc, size_t first,
                               std::vector<bool>& keep) const {
  bool have_title = false;
  for (size_t i = first; i-- > 0;) {
    const Block& b = doc.blocks[i];
    // Lines removed by rules (byline, table of contents, captions) do not detach the
    // title and its subtitle from the article; breadcrumbs and menus end the head.
    if (!b.kept()) {
      if (have_title && EndsHead(b)) break;
      continue;
    }
    if (IsChrome(b)) break;
    if (have_title && !HasTextSignals(doc, b)) break;
    keep[i] = true;
    have_title = true;
  }
}

void ClassifierStage::KeepTail(const Document& doc, size_t last,
                               std::vector<bool>& keep) const {
  bool attached = true;
  for (size_t i = last + 1; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    if (!b.kept()) {
      attached = false;
      continue;
    }
    if (attached && !IsChrome(b)) {
      keep[i] = true;
    } else if (IsSentence(doc, b)) {
      keep[i] = true;  // a reply after the thread's furniture, a closing remark
    } else {
      attached = false;
    }
  }
}

void ClassifierStage::Apply(Document& doc) const {
  ArticleSpan span = FindArticle(doc, options_.prose);
  if (span.empty()) return;
  std::vector<bool> keep(doc.blocks.size(), false);
  for (size_t i = span.first; i <= span.last; ++i) keep[i] = true;
  KeepHead(doc, span.first, keep);
  KeepTail(doc, span.last, keep);
  for (size_t i = 0; i < span.first; ++i)
    if (!keep[i] && IsSentence(doc, doc.blocks[i])) keep[i] = true;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    if (!b.kept() || keep[i]) continue;
    Remove(b, i < span.first ? "before_article" : "after_article");
  }
}

}  // namespace boilerstrip
