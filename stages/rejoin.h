// rejoin: a paragraph cut in two by an insert that another stage removed (an image
// caption, an ad label) is joined back. The kept line before the insert must be prose
// that stops mid-sentence; the line after continues it when it starts in lower case, or
// when the first part already holds a finished sentence (so it is a paragraph, not a
// title) in a script that marks sentence ends. Lines are joined with one space, or none
// between Chinese or Japanese characters.
#ifndef BOILERSTRIP_STAGES_REJOIN_H_
#define BOILERSTRIP_STAGES_REJOIN_H_

#include "pipeline/stage.h"
#include "stages/layout.h"

namespace boilerstrip {

class RejoinStage : public Stage {
 public:
  explicit RejoinStage(ProseTest prose) : Stage("rejoin"), prose_(prose) {}
  void Apply(Document& doc) const override;

 private:
  ProseTest prose_;
};

// Whether kept block |tail|, after removed lines, continues the paragraph of kept block
// |head| (see above).
bool ContinuesParagraph(const Document& doc, const Block& head, const Block& tail,
                        const ProseTest& prose);

// Whether the text of a joined pair needs no space between |left| and |right|.
bool JoinsWithoutSpace(std::string_view left, std::string_view right);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_REJOIN_H_
