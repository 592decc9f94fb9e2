// classifier: judges the lines no rule names by what they are and where they sit.
//
// The article runs from its first to its last prose line (long, with stopwords or
// sentence punctuation; on a page with no long line, its finished sentences). Inside
// it every line stays: short lines there are ingredients, steps, headings, poem lines,
// replies. Above it, the title stays (the nearest line before the first prose line)
// with the lines joined to it by blank lines that read as text (a salutation, a
// subtitle), up to the first breadcrumb or menu. Below it, the lines that follow the
// last prose line stay until the first removed or chrome-like line, and so does the end
// of a paragraph an insert cut off; a short label over a list of headlines ("More
// news" and its links) goes. Elsewhere a line stays only if it is a finished sentence;
// the rest (menus, site names, widgets, link lists) goes. A page with neither prose nor
// sentences is left alone.
#ifndef BOILERSTRIP_STAGES_CLASSIFIER_H_
#define BOILERSTRIP_STAGES_CLASSIFIER_H_

#include <vector>

#include "pipeline/stage.h"
#include "stages/layout.h"

namespace boilerstrip {

struct ClassifierOptions {
  ProseTest prose;
};

class ClassifierStage : public Stage {
 public:
  explicit ClassifierStage(ClassifierOptions options)
      : Stage("classifier"), options_(options) {}
  void Apply(Document& doc) const override;

 private:
  // Marks in |keep| the title and the text lines above the article joined to it.
  void KeepHead(const Document& doc, size_t first, std::vector<bool>& keep) const;
  // Marks in |keep| the lines trailing the article until the boilerplate starts.
  void KeepTail(const Document& doc, size_t last, std::vector<bool>& keep) const;

  ClassifierOptions options_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_CLASSIFIER_H_
