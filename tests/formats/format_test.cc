#include "formats/format.h"

#include <doctest/doctest.h>

namespace boilerstrip {
namespace {

TEST_CASE("format: html files are read as html and written as text") {
  CHECK(FormatOfFileName("a/page.html")->format == Format::kHtml);
  CHECK(FormatOfFileName("page.htm.gz")->format == Format::kHtml);
  CHECK(FormatOfFileName("page.htm.gz")->compression == Compression::kGzip);
  StreamFormat html{Format::kHtml, Compression::kNone}, text{Format::kText, Compression::kNone};
  CHECK(OutputFileName("a/page.html", html, text) == "a/page.txt");
  CHECK(OutputFileName("a/page.htm", html, text) == "a/page.txt");
  CHECK(ParseFormatOption("html", "--format").format == Format::kHtml);
}

}  // namespace
}  // namespace boilerstrip
