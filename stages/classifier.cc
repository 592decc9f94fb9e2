#include "stages/classifier.h"

#include <algorithm>

#include "stages/rejoin.h"

namespace boilerstrip {
namespace {

bool StartsWithDigit(std::string_view text) { return !text.empty() && text[0] >= '0' && text[0] <= '9'; }

bool IsChrome(const Block& b) { return b.stats.separators >= 2; }

// "Price: 12 €", "Aika: torstai": a row of a fact table, whose label is one or two words.
bool IsLabelledRow(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view label = text.substr(0, colon);
  return std::count(label.begin(), label.end(), ' ') <= 1;
}

// An entry of a list of links to other pages: a headline of a few words.
bool IsHeadline(const Block& b) {
  const LineStats& s = b.stats;
  if (s.words < 3 || s.weight > 120 || s.terminal || StartsWithDigit(b.text)) return false;
  if (IsLabelledRow(b.text)) return false;
  return s.starts_upper || s.caseless_script;
}

// A short label directly followed by two or more headlines: "More from us" and its
// links. Returns the number of lines it spans, or 0.
size_t LinkListAt(const Document& doc, size_t i) {
  const Block& label = doc.blocks[i];
  if (label.stats.terminal || label.stats.words > 6 || label.text.ends_with(":") ||
      IsLabelledRow(label.text))
    return 0;
  size_t n = 1;
  while (i + n < doc.blocks.size() && doc.blocks[i + n].blank_before == 0 &&
         doc.blocks[i + n].kept() && IsHeadline(doc.blocks[i + n]))
    ++n;
  return n >= 3 ? n : 0;
}

// Page chrome above the title: a breadcrumb or menu, whichever stage removed it.
bool EndsHead(const Block& b) {
  return IsChrome(b) || LooksLikeBreadcrumb(b) ||
         (b.verdict.stage == "navigation" && b.verdict.rule != "meta_line" &&
          b.verdict.rule != "dateline");
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
  size_t previous = last;  // the last kept block
  for (size_t i = last + 1; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    if (!b.kept()) {
      attached = false;
      continue;
    }
    if (size_t n = LinkListAt(doc, i)) {
      attached = false;
      i += n - 1;
      continue;
    }
    if (attached && !IsChrome(b)) {
      keep[i] = true;
    } else if (ContinuesParagraph(doc, doc.blocks[previous], b, options_.prose)) {
      // The end of a paragraph an insert cut off: what follows it is the article again.
      keep[i] = true;
      attached = true;
    } else if (IsSentence(doc, b)) {
      keep[i] = true;  // a reply after the thread's furniture, a closing remark
    } else {
      attached = false;
    }
    if (keep[i]) previous = i;
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
