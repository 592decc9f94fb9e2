#include "pipeline/text_format.h"

#include <cstring>

#include <fmt/format.h>

#include "pipeline/status.h"
#include "pipeline/unicode.h"
#include "stages/rejoin.h"

namespace boilerstrip {

Document ReadText(std::string_view bytes, std::string id) {
  Document doc;
  doc.id = std::move(id);
  doc.bytes_in = bytes.size();
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    size_t offset = static_cast<const char*>(nul) - bytes.data();
    throw InputError(fmt::format("binary file (NUL byte at offset {}), skipped", offset));
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  uint32_t line_no = 0, blank = 0;
  size_t pos = 0;
  // CR alone ends a line only in files that use it so; look for it only if present.
  bool has_cr = std::memchr(bytes.data(), '\r', bytes.size()) != nullptr;
  while (pos < bytes.size()) {
    size_t end = has_cr ? bytes.find_first_of("\r\n", pos) : bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end;
    if (pos < bytes.size()) pos += (bytes[pos] == '\r' && pos + 1 < bytes.size() && bytes[pos + 1] == '\n') ? 2 : 1;
    ++line_no;
    if (IsBlank(line)) {
      ++blank;
      continue;
    }
    Block b;
    b.text.assign(line);
    b.line = line_no;
    b.blank_before = blank;
    blank = 0;
    doc.blocks.push_back(std::move(b));
  }
  doc.trailing_blank = blank;
  return doc;
}

std::string RenderText(const Document& doc) {
  std::string out;
  bool have_line = false, blank_since = false;
  const Block* last = nullptr;
  for (const Block& b : doc.blocks) {
    if (b.blank_before > 0) blank_since = true;
    if (!b.kept()) continue;
    if (b.join_previous && last) {
      if (!JoinsWithoutSpace(last->text, b.text)) out.push_back(' ');
    } else if (have_line) {
      out.append(blank_since ? "\n\n" : "\n");
    }
    out.append(b.text);
    have_line = true;
    blank_since = false;
    last = &b;
  }
  if (have_line) out.push_back('\n');
  return out;
}

void AppendExplanation(const Document& doc, std::string_view label, std::string* out) {
  for (const Block& b : doc.blocks) {
    if (b.kept() && b.join_previous) {
      fmt::format_to(std::back_inserter(*out), "{}:{}  rejoin/joined  {}\n", label, b.line, b.text);
    } else if (!b.kept()) {
      fmt::format_to(std::back_inserter(*out), "{}:{}  {}/{}  {}\n", label, b.line,
                     b.verdict.stage, b.verdict.rule, b.text);
    }
  }
}

}  // namespace boilerstrip
