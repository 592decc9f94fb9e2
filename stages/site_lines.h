// site_lines: removes a site's template lines, found by counting across documents
// (pipeline/site_counts.h). A line goes when it occurs in at least |min_docs| documents
// of its site and in at least |min_fraction| of them. Without counts (no --site-counts
// or --site-lines) or without a site for the document, the stage does nothing.
#ifndef BOILERSTRIP_STAGES_SITE_LINES_H_
#define BOILERSTRIP_STAGES_SITE_LINES_H_

#include "pipeline/site_counts.h"
#include "pipeline/stage.h"

namespace boilerstrip {

class SiteLinesStage : public Stage {
 public:
  SiteLinesStage(const SiteCounts& counts, int min_docs, double min_fraction)
      : Stage("site_lines"), counts_(counts), min_docs_(min_docs), min_fraction_(min_fraction) {}
  void Apply(Document& doc) const override;

 private:
  const SiteCounts& counts_;  // the engine's; filled before any document is cleaned
  int min_docs_;
  double min_fraction_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_SITE_LINES_H_
