#include "formats/html.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "formats/charset.h"
#include "formats/html_tags.h"
#include "pipeline/status.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

constexpr size_t kBinaryProbe = 1024;

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Lower-case ASCII of |s| with its spaces removed: "Display: None" -> "display:none".
std::string Squeeze(const char* s) {
  std::string out;
  for (; *s; ++s)
    if (!IsAsciiSpace(*s)) out.push_back(*s >= 'A' && *s <= 'Z' ? static_cast<char>(*s - 'A' + 'a') : *s);
  return out;
}

void AppendTokens(const char* value, std::string* out) {
  for (; *value; ++value) {
    char c = *value;
    if (IsAsciiSpace(c)) c = ' ';
    if (c == ' ' && (out->empty() || out->back() == ' ')) continue;
    out->push_back(c);
  }
  if (!out->empty() && out->back() != ' ') out->push_back(' ');
}

// An open element, with what it passes on to its content.
struct Frame {
  const TagInfo* tag;
  uint32_t element;         // innermost recorded element at or above this one
  uint16_t containers;      // Container bits of this element and its ancestors
  uint8_t heading;
  std::string_view block_tag;  // innermost block-level element's name
  bool drop;                // inside a dropped or hidden element
  bool link;                // inside <a href>
  bool pre;                 // inside <pre>
};

// Turns libxml2's SAX events into blocks. One per page.
class Walker {
 public:
  Walker(Document* doc, htmlParserCtxtPtr ctxt) : doc_(doc), ctxt_(ctxt) {
    static const TagInfo kRoot{"", TagKind::kParagraph};
    stack_.push_back(Frame{&kRoot, HtmlElement::kNone, 0, 0, "", false, false, false});
  }

  void Start(const char* name, const char** atts) {
    const TagInfo& tag = LookupTag(name);
    const Frame& parent = stack_.back();
    Frame f = parent;
    f.tag = &tag;
    if (tag.kind == TagKind::kTitle) title_depth_ = stack_.size();
    if (!parent.drop && (tag.kind == TagKind::kDrop || Hidden(atts))) f.drop = true;
    if (!f.drop) {
      BreakFor(tag, true);
      f.containers |= tag.container;
      if (tag.heading) f.heading = tag.heading;
      if (tag.kind != TagKind::kInline && tag.kind != TagKind::kBreak) f.block_tag = tag.name;
      if (tag.name == "a" && HasAttribute(atts, "href")) f.link = true;
      if (tag.kind == TagKind::kPre) f.pre = true;
      Record(tag, atts, &f);
    }
    stack_.push_back(f);
  }

  void End() {
    if (stack_.size() <= 1) return;  // more ends than starts: libxml2 never does this
    const Frame& f = stack_.back();
    if (title_depth_ == stack_.size() - 1) title_depth_ = 0;
    if (!f.drop) BreakFor(*f.tag, false);
    stack_.pop_back();
    if (!line_.empty() && line_depth_ > stack_.size() - 1) line_depth_ = stack_.size() - 1;
  }

  void Text(const char* s, int len) {
    const Frame& f = stack_.back();
    if (title_depth_) return AppendTitle(s, len);
    if (f.drop) return;
    for (int i = 0; i < len; ++i) {
      char c = s[i];
      if (IsAsciiSpace(c)) {
        if (!f.pre) {
          space_ = !line_.empty();
        } else if (c == '\n') {
          if (line_.empty()) ++blank_run_;
          Flush(false);
        } else if (c != '\r') {
          Put(c, f);
        }
        continue;
      }
      if (space_) {
        line_.push_back(separator_);
        space_ = false;
        separator_ = ' ';
      }
      Put(c, f);
    }
  }

  // Ends the last line.
  void Finish() { Flush(true); }
  void CountError() { ++errors_; }
  uint32_t errors() const { return errors_; }

 private:
  void Put(char c, const Frame& f) {
    if (line_.empty()) {
      line_no_ = static_cast<uint32_t>(ctxt_->input ? ctxt_->input->line : 0);
      line_depth_ = stack_.size() - 1;
      link_chars_ = chars_ = 0;
    }
    line_.push_back(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++chars_;
      if (f.link) ++link_chars_;
    }
  }

  void AppendTitle(const char* s, int len) {
    for (int i = 0; i < len; ++i) {
      if (IsAsciiSpace(s[i])) {
        title_space_ = !doc_->title.empty();
      } else {
        if (title_space_) doc_->title.push_back(' ');
        title_space_ = false;
        doc_->title.push_back(s[i]);
      }
    }
  }

  // The line break an element's start or end makes.
  void BreakFor(const TagInfo& tag, bool start) {
    switch (tag.kind) {
      case TagKind::kInline:
      case TagKind::kDrop:
      case TagKind::kTitle: return;
      case TagKind::kCell:
        if (start && !line_.empty()) {
          space_ = true;
          separator_ = '\t';
        }
        return;
      case TagKind::kBreak:
        if (!start) return;
        if (line_.empty()) paragraph_ = true;  // <br><br>: an empty line between
        Flush(false);
        return;
      case TagKind::kLine: Flush(false); return;
      case TagKind::kParagraph:
      case TagKind::kPre: Flush(true); return;
    }
  }

  // Ends the current line as a block; |paragraph|: what follows is a new paragraph.
  void Flush(bool paragraph) {
    space_ = false;
    separator_ = ' ';
    if (!line_.empty()) {
      std::string_view text = TrimRight(line_);
      if (!text.empty() && !IsBlank(text)) Emit(text);
      line_.clear();
    }
    if (paragraph) paragraph_ = true;
  }

  void Emit(std::string_view text) {
    const Frame& f = stack_[std::min(line_depth_, stack_.size() - 1)];
    Block b;
    b.text.assign(text);
    b.line = line_no_;
    b.blank_before = doc_->blocks.empty() ? 0 : (paragraph_ || blank_run_ > 0) ? 1 : 0;
    paragraph_ = false;
    blank_run_ = 0;
    doc_->blocks.push_back(std::move(b));
    BlockHints h;
    h.tag = f.block_tag;
    h.element = f.element;
    h.containers = f.containers | (link_chars_ == chars_ ? kInLink : 0);
    h.heading = f.heading;
    h.chars = chars_;
    h.link_chars = link_chars_;
    doc_->hints.push_back(h);
  }

  static bool HasAttribute(const char** atts, std::string_view name) {
    for (; atts && atts[0]; atts += 2)
      if (name == atts[0]) return true;
    return false;
  }

  static bool Hidden(const char** atts) {
    for (; atts && atts[0]; atts += 2) {
      std::string_view name = atts[0];
      const char* value = atts[1] ? atts[1] : "";
      if (name == "hidden") return true;
      if (name == "aria-hidden" && Squeeze(value) == "true") return true;
      if (name == "style") {
        std::string style = Squeeze(value);
        if (style.find("display:none") != std::string::npos ||
            style.find("visibility:hidden") != std::string::npos)
          return true;
      }
    }
    return false;
  }

  // Records the element if it can explain its blocks: class or id, or a container.
  void Record(const TagInfo& tag, const char** atts, Frame* f) {
    std::string tokens;
    for (; atts && atts[0]; atts += 2) {
      std::string_view name = atts[0];
      // ARIA roles name landmarks as classes do ("navigation", "complementary").
      if ((name == "class" || name == "role") && atts[1]) AppendTokens(atts[1], &tokens);
      if (name == "id" && atts[1] && *atts[1]) {
        tokens.push_back('#');
        AppendTokens(atts[1], &tokens);
      }
    }
    // Lists and tables are too common to explain anything by themselves.
    if (tokens.empty() && !(tag.container & ~(kInList | kInTable))) return;
    if (!tokens.empty()) tokens.pop_back();
    f->element = static_cast<uint32_t>(doc_->elements.size());
    doc_->elements.push_back(HtmlElement{stack_.back().element, tag.name, std::move(tokens)});
  }

  Document* doc_;
  htmlParserCtxtPtr ctxt_;
  std::vector<Frame> stack_;
  std::string line_;
  size_t line_depth_ = 0;    // the shallowest frame the current line's text sat in
  uint32_t line_no_ = 0;
  uint32_t chars_ = 0, link_chars_ = 0;
  uint32_t blank_run_ = 0;   // empty lines in <pre> before the current one
  bool space_ = false;       // white space seen since the last character
  char separator_ = ' ';     // what that white space becomes: a space, or a tab between cells
  bool paragraph_ = false;   // a paragraph boundary since the last block
  size_t title_depth_ = 0;   // inside <title> at this depth (0: not)
  bool title_space_ = false;
  uint32_t errors_ = 0;
};

Walker* Of(void* ctx) { return static_cast<Walker*>(ctx); }

extern "C" {
void OnStart(void* ctx, const xmlChar* name, const xmlChar** atts) {
  Of(ctx)->Start(reinterpret_cast<const char*>(name), reinterpret_cast<const char**>(atts));
}
void OnEnd(void* ctx, const xmlChar*) { Of(ctx)->End(); }
void OnText(void* ctx, const xmlChar* s, int len) { Of(ctx)->Text(reinterpret_cast<const char*>(s), len); }
void OnScript(void*, const xmlChar*, int) {}
void OnError(void* ctx, xmlErrorPtr) { Of(ctx)->CountError(); }
}

// NUL bytes at the start make a binary file (an image, a PDF), except in UTF-16 and
// UTF-32, where they are text. Real pages do carry a stray NUL further on; those are
// dropped rather than the page.
bool IsBinary(std::string_view bytes, std::string_view content_type) {
  if (!std::memchr(bytes.data(), '\0', std::min<size_t>(bytes.size(), kBinaryProbe))) return false;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") ||
      bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    return false;
  std::string declared = CharsetOfContentType(content_type);
  return !declared.starts_with("utf-16") && !declared.starts_with("utf-32");
}

// "Story title | Site" -> "Story title": a site name of at most four words at the end,
// at most half as long as the rest. (A name in front, "Site - Story", is too easily
// the first half of a title, "Covid-19 - what we know".)
std::string WithoutSiteName(const std::string& title) {
  static constexpr std::string_view kSeps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "};
  auto site_like = [](std::string_view part, std::string_view rest) {
    return std::count(part.begin(), part.end(), ' ') < 4 && part.size() * 2 <= rest.size();
  };
  for (std::string_view sep : kSeps) {
    size_t last = title.rfind(sep);
    if (last != std::string::npos && site_like(std::string_view(title).substr(last + sep.size()), title.substr(0, last)))
      return title.substr(0, last);
  }
  return title;
}

// The <title>, unless the page has an <h1> or a heading that says it already.
void AddTitle(Document& doc) {
  std::string title(TrimRight(doc.title));
  if (title.empty() || IsBlank(title)) return;
  title = WithoutSiteName(title);
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const BlockHints& h = doc.hints[i];
    if (h.heading == 1) return;
    if (h.heading && title.find(doc.blocks[i].text) != std::string::npos) return;
  }
  Block b;
  b.text = std::move(title);
  b.line = 1;
  if (!doc.blocks.empty()) doc.blocks.front().blank_before = 1;
  doc.blocks.insert(doc.blocks.begin(), std::move(b));
  BlockHints h;
  h.tag = "title";
  doc.hints.insert(doc.hints.begin(), h);
}

}  // namespace

Document ReadHtml(std::string_view bytes, std::string id, std::string_view content_type, std::string_view encoding) {
  Document doc;
  doc.id = std::move(id);
  doc.bytes_in = bytes.size();
  if (IsBinary(bytes, content_type)) {
    size_t offset = static_cast<const char*>(std::memchr(bytes.data(), '\0', bytes.size())) - bytes.data();
    throw InputError(fmt::format("binary file (NUL byte at offset {}), skipped", offset));
  }
  std::optional<std::string> converted = ConvertHtmlToUtf8(bytes, content_type, &doc.charset, encoding);
  std::string_view utf8 = bytes;
  if (converted || std::memchr(bytes.data(), '\0', bytes.size())) {
    if (!converted) converted.emplace(bytes);
    // libxml2 falls back to Latin-1 for the rest of a page at the first ill-formed byte.
    doc.invalid_utf8 = RepairUtf8(&*converted);
    std::erase(*converted, '\0');
    utf8 = *converted;
  }
  if (utf8.size() > INT_MAX) throw InputError("page too large for the HTML parser");
  // libxml2's global tables must be set up once before threads parse at the same time.
  static const bool kInitialized = (xmlInitParser(), true);
  (void)kInitialized;
  std::unique_ptr<htmlParserCtxt, void (*)(htmlParserCtxtPtr)> ctxt(htmlNewParserCtxt(), htmlFreeParserCtxt);
  if (!ctxt) throw InputError("out of memory creating the HTML parser");
  Walker walker(&doc, ctxt.get());
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = OnStart;
  sax.endElement = OnEnd;
  sax.characters = OnText;
  sax.ignorableWhitespace = OnText;
  sax.cdataBlock = OnScript;
  sax.serror = OnError;
  // The magic makes libxml2 report errors through serror rather than print them.
  sax.initialized = XML_SAX2_MAGIC;
  std::memcpy(ctxt->sax, &sax, sizeof sax);
  ctxt->userData = &walker;
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                XML_PARSE_HUGE | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD;
  xmlDocPtr tree = htmlCtxtReadMemory(ctxt.get(), utf8.data(), static_cast<int>(utf8.size()), nullptr,
                                      "UTF-8", options);
  if (tree) xmlFreeDoc(tree);  // no SAX handler builds one; just in case
  walker.Finish();
  doc.parse_errors = walker.errors();
  AddTitle(doc);
  return doc;
}

}  // namespace boilerstrip
