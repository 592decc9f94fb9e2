// structure: HTML boilerplate named by the page's own markup, before the text stages
// judge what is left. A no-op on plain text (no hints).
//
// A block goes when
// - an enclosing element is a boilerplate container or carries a boilerplate class or
//   id word (rules/structure/*.toml: nav, aside, footer; share, related, comment,
//   sidebar, breadcrumb, cookie, newsletter, advert...): reason "tag" or "class:<rule>";
//   except that an element holding more than |guard_share| of the page's non-link text
//   is the page's main wrapper, whatever its class ("has-sidebar", ASP.NET's page-wide
//   <form>), and is not judged by its own name;
// - it is mostly link text (link density above |max_link_density|): a menu entry, a
//   related headline ("links"); the page's title (an <h1>) is never taken for one;
// - it lies outside the main container ("outside_main"): the innermost element holding
//   |main_share| of the page's prose (non-link text of prose blocks, after the removals
//   above). Above it, headings (h1-h3), the <title> block and prose stay (title, lead);
//   below it, nothing does (comments, teasers, author boxes). A page whose prose is
//   spread so that no element holds that share has no main container.
// What stays goes on to the text stages (phrase rules, classifier...).
#ifndef BOILERSTRIP_STAGES_STRUCTURE_H_
#define BOILERSTRIP_STAGES_STRUCTURE_H_

#include "pipeline/stage.h"
#include "pipeline/structure_rules.h"
#include "stages/layout.h"

namespace boilerstrip {

struct StructureOptions {
  double guard_share = 0.5;
  double max_link_density = 0.5;
  double main_share = 0.75;  // 0: no main container
  ProseTest prose;
};

class StructureStage : public Stage {
 public:
  // |rules| must outlive the stage and every document it is applied to.
  StructureStage(const StructureRules& rules, StructureOptions options)
      : Stage("structure"), rules_(rules), options_(options) {}
  void Apply(Document& doc) const override;

 private:
  // For each recorded element, the rule removing its content (its own or an
  // ancestor's), or nullptr.
  std::vector<const StructureRule*> JudgeElements(const Document& doc) const;
  // The innermost recorded element holding |main_share| of the kept prose, or kNone.
  uint32_t FindMain(const Document& doc) const;
  // For each recorded element, whether it lies in the main container (all true when
  // there is none).
  std::vector<bool> InsideMain(const Document& doc) const;
  // Whether |b|, above the main container, stays: a heading, the title, prose.
  bool KeptBeforeMain(const Document& doc, const Block& b, const BlockHints& h) const;

  const StructureRules& rules_;
  StructureOptions options_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_STRUCTURE_H_
