#include "stages/site_lines.h"

#include <algorithm>
#include <cmath>

namespace boilerstrip {

void SiteLinesStage::Apply(Document& doc) const {
  if (counts_.empty() || doc.site.empty()) return;
  uint64_t site = SiteHash(doc.site);
  uint64_t docs = counts_.SiteDocuments(site);
  // min_docs >= 2, so a site seen in one document is never judged.
  if (docs < static_cast<uint64_t>(min_docs_)) return;
  uint64_t needed = std::max<uint64_t>(min_docs_, static_cast<uint64_t>(std::ceil(min_fraction_ * docs)));
  for (Block& b : doc.blocks) {
    if (!b.kept()) continue;
    uint64_t key = SiteLineKey(b, site);
    if (key && counts_.LineDocuments(key) >= needed) Remove(b, "template");
  }
}

}  // namespace boilerstrip
