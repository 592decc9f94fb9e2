// navigation: site chrome made of separated items. Breadcrumbs ("Home > Recipes"), menus
// ("Home | News | Sport"), glued breadcrumbs ("БізнесКіраванне праектамі") and datelines
// ("2024年4月1日 10:30 配信") above or below the article; post meta lines ("By X · 2 May
// 2024 · 3 min read", "Posts: 12 | Joined: Apr 2024") anywhere.
#ifndef BOILERSTRIP_STAGES_NAVIGATION_H_
#define BOILERSTRIP_STAGES_NAVIGATION_H_

#include <memory>

#include "pipeline/stage.h"
#include "stages/layout.h"

namespace re2 {
class RE2;
}

namespace boilerstrip {

struct NavigationOptions {
  int item_max_words = kItemMaxWords;  // longest breadcrumb or menu item
  int meta_max_words = 30;  // longest meta line
  ProseTest prose;
};

class NavigationStage : public Stage {
 public:
  explicit NavigationStage(NavigationOptions options);
  ~NavigationStage() override;
  void Apply(Document& doc) const override;

 private:
  std::optional<std::string_view> Judge(const Document& doc, size_t i, bool in_article,
                                        size_t title) const;
  bool IsMetaLine(const Block& b) const;
  // A short line of a date and a clock time ("2024年4月1日 10:30 配信").
  bool IsDateline(const Block& b) const;
  // The tests of a line alone, remembered in its LineFacts: template lines come back on
  // every page of their site.
  enum LineTest : uint8_t {
    kMetaLine = 1, kDateline = 2, kLongMenu = 4, kMenu = 8, kBreadcrumb = 16, kGlued = 32,
  };
  template <typename Fn>
  bool Remembered(const Block& b, LineTest test, Fn&& run) const;

  NavigationOptions options_;
  std::unique_ptr<re2::RE2> date_, time_;
  uint64_t serial_;  // keys the answers kept in LineFacts
};

// Whether |text| has a word glued from two capitalised words ("КіраваннеПраектамі"):
// a lower-case letter directly followed by an upper-case one, three letters or more
// on each side.
bool HasGluedWords(std::string_view text);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_NAVIGATION_H_
