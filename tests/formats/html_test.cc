#include "formats/html.h"

#include <doctest/doctest.h>

#include "formats/charset.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"

namespace boilerstrip {
namespace {

// The page's blocks as text: one per line, a blank line before a new paragraph.
std::string Text(std::string_view html, std::string_view content_type = "") {
  return RenderText(ReadHtml(html, "test.html", content_type));
}

std::string Body(std::string_view body) { return Text("<html><body>" + std::string(body) + "</body></html>"); }

TEST_CASE("html: inline text is joined as a browser renders it") {
  CHECK(Body("<p><b>Hel</b>lo</p>") == "Hello\n");
  CHECK(Body("<p>Hello <b>big</b> world</p>") == "Hello big world\n");
  CHECK(Body("<p>  Hello\n\t  world  </p>") == "Hello world\n");
  CHECK(Body("<p>a<span> b </span>c</p>") == "a b c\n");
  CHECK(Body("<p>one</p><p>two</p>") == "one\n\ntwo\n");
  CHECK(Body("<div>one<div>two</div>three</div>") == "one\n\ntwo\n\nthree\n");
  CHECK(Body("loose text") == "loose text\n");
}

TEST_CASE("html: <br> breaks lines; two make an empty line") {
  CHECK(Body("<p>one<br>two</p>") == "one\ntwo\n");
  CHECK(Body("<p>one<br/> two</p>") == "one\ntwo\n");
  CHECK(Body("<p>one<br><br>two</p>") == "one\n\ntwo\n");
}

TEST_CASE("html: headings, lists, tables and pre") {
  CHECK(Body("<h2>Title</h2><p>Text.</p>") == "Title\n\nText.\n");
  CHECK(Body("<ul><li>one</li><li>two</li></ul><p>after</p>") == "one\ntwo\n\nafter\n");
  CHECK(Body("<ul><li>one<li>two</ul>") == "one\ntwo\n");  // unclosed items
  CHECK(Body("<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>") ==
        "Name\tAge\nAnn\t31\n");
  CHECK(Body("<table><tr><td>a</td><td></td><td>c</td></tr></table>") == "a\tc\n");
  CHECK(Body("<pre>line one\n  indented   x\n\nafter gap</pre>") == "line one\n  indented   x\n\nafter gap\n");
  CHECK(Body("<dl><dt>Term</dt><dd>Meaning</dd></dl>") == "Term\nMeaning\n");
}

TEST_CASE("html: non-text and hidden elements are dropped") {
  CHECK(Body("<p>a<script>var x = '<p>no</p>';</script>b</p>") == "ab\n");
  CHECK(Body("<style>p { color: red }</style><p>text</p>") == "text\n");
  CHECK(Body("<template><p>t</p></template><p>ok</p>") == "ok\n");
  // <noscript> as without scripting; an unclosed element inside it hides nothing.
  CHECK(Body("<noscript>Enable JS</noscript><p>ok</p>") == "Enable JS\n\nok\n");
  CHECK(Body("<NOSCRIPT><div id=x></NOSCRIPT><p>ok</p><noscript></div></noscript>") == "ok\n");
  CHECK(Body("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども</p>") == "子ども\n");
  CHECK(Body("<svg><text>chart</text></svg><iframe>frame</iframe><p>ok</p>") == "ok\n");
  CHECK(Body("<form><input value=x><select><option>One</option></select><textarea>t</textarea>"
             "<button>Send</button><label>Name</label></form>") == "Name\n");
  CHECK(Body("<p hidden>h</p><p aria-hidden=\"true\">a</p><p>ok</p>") == "ok\n");
  CHECK(Body("<p style=\"color:red; DISPLAY : none\">n</p><div style=\"visibility: hidden\">v</div><p>ok</p>") ==
        "ok\n");
  CHECK(Body("<p aria-hidden=\"false\">shown</p>") == "shown\n");
}

TEST_CASE("html: entities are decoded") {
  CHECK(Body("<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8212; &#x41;</p>") == "Fish & chips <3 été — A\n");
  CHECK(Body("<p>a&nbsp;b</p>") == "a\u00a0b\n");
  CHECK(Body("<p>&nbsp;</p><p>x</p>") == "x\n");
}

TEST_CASE("html: the title appears once, at the top") {
  CHECK(Text("<title>My page</title><body><p>Text.</p></body>") == "My page\n\nText.\n");
  CHECK(Text("<title>Story - Site</title><body><h1>Story</h1><p>Text.</p></body>") == "Story\n\nText.\n");
  CHECK(Text("<title>Story | Site</title><body><h2>Story</h2><p>Text.</p></body>") == "Story\n\nText.\n");
  CHECK(Text("<title> </title><body><p>Text.</p></body>") == "Text.\n");
  // The site name goes with its separator; a title made of two halves stays whole.
  CHECK(Text("<title>Night buses extended | City Times</title><p>Text.</p>") == "Night buses extended\n\nText.\n");
  CHECK(Text("<title>Night buses extended - City Times</title><p>Text.</p>") == "Night buses extended\n\nText.\n");
  CHECK(Text("<title>Covid-19 - what we know so far</title><p>Text.</p>") == "Covid-19 - what we know so far\n\nText.\n");
}

TEST_CASE("html: structure hints") {
  Document doc = ReadHtml(
      "<body><nav class=\"Main-Menu\"><ul><li><a href=\"/\">Home</a></li></ul></nav>"
      "<article><h2 id=\"t\">Head</h2><p>Some <a href=\"#\">link</a> text</p></article>"
      "<footer><p>(c) us</p></footer></body>",
      "t");
  REQUIRE(doc.blocks.size() == 4);
  REQUIRE(doc.hints.size() == 4);
  CHECK(doc.hints[0].tag == "li");
  CHECK(doc.hints[0].containers == (kInNav | kInList | kInLink));
  CHECK(doc.elements[doc.hints[0].element].tokens == "Main-Menu");
  CHECK(doc.hints[0].link_density() == 1.0);
  CHECK(doc.hints[1].heading == 2);
  CHECK(doc.elements[doc.hints[1].element].tokens == "#t");
  CHECK(doc.hints[2].tag == "p");
  CHECK(doc.hints[2].containers == kInArticle);
  CHECK(doc.hints[2].chars == 12);
  CHECK(doc.hints[2].link_chars == 4);
  CHECK(doc.hints[3].containers == kInFooter);
  CHECK(doc.elements[doc.hints[3].element].tag == "footer");
}

TEST_CASE("html: charsets") {
  // "Привет, мир" in windows-1251, declared by meta, by HTTP, and not at all.
  std::string cp1251 = "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0. \xDD\xF2\xEE \xF2\xE5\xEA\xF1\xF2 "
                       "\xED\xE0 \xF0\xF3\xF1\xF1\xEA\xEE\xEC \xFF\xE7\xFB\xEA\xE5 \xE4\xEB\xFF "
                       "\xEF\xF0\xEE\xE2\xE5\xF0\xEA\xE8 \xEA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE8.";
  std::string expected = "Привет, мир. Это текст на русском языке для проверки кодировки.\n";
  CHECK(Text("<meta charset=\"windows-1251\"><p>" + cp1251 + "</p>") == expected);
  CHECK(Text("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>" + cp1251) ==
        expected);
  CHECK(Text("<p>" + cp1251 + "</p>", "text/html; charset=windows-1251") == expected);
  CHECK(Text("<html><body><p>" + cp1251 + " " + cp1251 + "</p></body></html>").starts_with("Привет, мир."));
  // Declared UTF-8, but it is not: detected instead of mojibake.
  CHECK(Text("<meta charset=utf-8><p>" + cp1251 + " " + cp1251 + "</p>").starts_with("Привет, мир."));
  // Declared Latin-1, but valid UTF-8: UTF-8.
  CHECK(Text("<meta charset=iso-8859-1><p>Grüße aus Köln</p>") == "Grüße aus Köln\n");
  // HTTP wins over meta.
  CHECK(Text("<meta charset=utf-8><p>" + cp1251 + "</p>", "text/html; charset=\"windows-1251\"") == expected);

  // "日本語のテキストです。" in Shift_JIS and "中文文本测试。" in GB18030.
  std::string sjis = "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67\x82\xc5\x82\xb7\x81\x42";
  CHECK(Text("<meta charset=shift_jis><p>" + sjis + "</p>") == "日本語のテキストです。\n");
  CHECK(Text("<p>" + sjis + sjis + sjis + sjis + "</p>").starts_with("日本語のテキストです。"));
  std::string gb = "\xd6\xd0\xce\xc4\xce\xc4\xb1\xbe\xb2\xe2\xca\xd4\xa1\xa3";
  CHECK(Text("<meta charset=gb2312><p>" + gb + "</p>") == "中文文本测试。\n");
  CHECK(Text("<meta charset=gb18030><p>" + gb + "</p>") == "中文文本测试。\n");
  CHECK(Text("<p>" + gb + gb + gb + gb + gb + gb + "</p>").starts_with("中文文本测试。"));

  // Byte order marks.
  CHECK(Text("\xEF\xBB\xBF<p>bom</p>") == "bom\n");
  CHECK(Text(std::string("\xFF\xFE<\0p\0>\0h\0i\0", 12)) == "hi\n");

  CHECK(CharsetOfContentType("text/html; Charset=\"UTF-8\"") == "utf-8");
  CHECK(CharsetOfContentType("text/html") == "");
  CHECK(MetaCharset("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=KOI8-R'>") == "koi8-r");
}

TEST_CASE("html: malformed input") {
  CHECK(Body("<p>one<p>two<div>three") == "one\n\ntwo\n\nthree\n");
  CHECK(Body("<p><b><i>unclosed</p>after") == "unclosed\n\nafter\n");
  CHECK(Text("") == "");
  CHECK(Text("   \n ") == "");
  CHECK(Text("<") == "<\n");
  CHECK(Text("</div></p></body>text") == "text\n");
  CHECK(Body("<p>a</b></i></span>b</p>") == "ab\n");
  // Binary garbage: NUL bytes make it a binary file, as for text.
  CHECK_THROWS_AS(ReadHtml(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "x.html"), InputError);
  // A stray NUL further into a page is dropped, not the page.
  CHECK(Body("<p>" + std::string(2000, 'a') + std::string(1, '\0') + "b</p>") == std::string(2000, 'a') + "b\n");
  // Without NULs, garbage is read as text without crashing.
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 255 + 1));
  Document doc = ReadHtml(garbage, "g.html");
  CHECK(doc.blocks.size() == doc.hints.size());
}

TEST_CASE("html: external entities and DTDs are never loaded (XXE)") {
  // Entities declared SYSTEM "file:///etc/passwd" or an http URL, used in text and in an
  // attribute, an external DTD and a parameter entity: libxml2 runs with NONET and
  // without NOENT, so none is fetched and none expands.
  const std::string_view kPages[] = {
      "<!DOCTYPE html [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><p>before &xxe; after</p>",
      "<!DOCTYPE html [<!ENTITY xxe SYSTEM \"http://127.0.0.1:1/passwd\">]><p>before &xxe; after</p>",
      "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<html><body><p title=\"&xxe;\">before &xxe; after</p></body></html>",
      "<!DOCTYPE html SYSTEM \"file:///etc/passwd\"><p>before after</p>",
      "<!DOCTYPE html [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><p>before after</p>",
  };
  for (std::string_view page : kPages) {
    CAPTURE(page);
    std::string text = Text(page);
    CHECK(text.find("before") != std::string::npos);
    CHECK(text.find("after") != std::string::npos);
    CHECK(text.find("root:") == std::string::npos);  // the first line of every /etc/passwd
  }
}

TEST_CASE("html: 100,000 nested elements are read to the end") {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "<p>after</p></body></html>";
  CHECK(Text(html) == "deep\n\nafter\n");
  std::string spans = "<p>";
  for (int i = 0; i < 100000; ++i) spans += "<span><b>";
  spans += "x";
  CHECK(Body(spans) == "x\n");
}

}  // namespace
}  // namespace boilerstrip
