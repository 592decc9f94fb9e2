#include "formats/html_tags.h"

#include <unordered_map>

#include "pipeline/document.h"

namespace boilerstrip {
namespace {

using K = TagKind;

const std::unordered_map<std::string_view, TagInfo>& Table() {
  static const auto* kTable = [] {
    auto* t = new std::unordered_map<std::string_view, TagInfo>();
    auto add = [t](std::string_view name, TagKind kind, uint16_t container = 0, uint8_t heading = 0) {
      (*t)[name] = TagInfo{name, kind, container, heading};
    };
    for (std::string_view n : {"address", "blockquote", "body", "center", "details", "dialog", "dir",
                               "div", "dl", "fieldset", "hgroup", "hr", "html", "legend", "p",
                               "section", "summary", "caption", "tbody", "thead", "tfoot", "noframes",
                               "frameset", "article", "main"})
      add(n, K::kParagraph);
    add("article", K::kParagraph, kInArticle);
    add("main", K::kParagraph, kInArticle);
    add("nav", K::kParagraph, kInNav);
    add("header", K::kParagraph, kInHeader);
    add("footer", K::kParagraph, kInFooter);
    add("aside", K::kParagraph, kInAside);
    add("form", K::kParagraph, kInForm);
    add("menu", K::kParagraph, kInMenu | kInList);
    add("figure", K::kParagraph, kInFigure);
    add("figcaption", K::kParagraph, kInFigcaption);
    add("table", K::kParagraph, kInTable);
    add("ul", K::kParagraph, kInList);
    add("ol", K::kParagraph, kInList);
    static constexpr std::string_view kHeadings[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    for (int i = 0; i < 6; ++i) add(kHeadings[i], K::kParagraph, 0, static_cast<uint8_t>(i + 1));
    for (std::string_view n : {"li", "tr", "dt", "dd"}) add(n, K::kLine);
    add("td", K::kCell);
    add("th", K::kCell);
    add("br", K::kBreak);
    for (std::string_view n : {"pre", "listing", "xmp", "plaintext"}) add(n, K::kPre);
    for (std::string_view n : {"script", "style", "template", "svg", "math", "iframe",
                               "object", "embed", "canvas", "video", "audio", "map", "input",
                               "select", "textarea", "button", "option", "optgroup", "datalist",
                               "frame", "applet", "head", "rt", "rp"})
      add(n, K::kDrop);
    add("title", K::kTitle);
    // What a browser without scripting shows: often the only copy of the content (a
    // blog's post body rendered by script), and an unclosed <div> inside it must not
    // hide the rest of the page.
    add("noscript", K::kParagraph);
    for (std::string_view n : {"a", "span", "b", "i", "em", "strong", "small", "big", "font", "label",
                               "abbr", "time", "cite", "code", "sup", "sub", "u", "s", "mark", "q",
                               "img", "picture", "ins", "del", "var", "kbd", "samp", "bdi", "bdo"})
      add(n, K::kInline);
    return t;
  }();
  return *kTable;
}

}  // namespace

const TagInfo& LookupTag(std::string_view name) {
  static const TagInfo kUnknown;
  const auto& table = Table();
  auto it = table.find(name);
  return it == table.end() ? kUnknown : it->second;
}

}  // namespace boilerstrip
