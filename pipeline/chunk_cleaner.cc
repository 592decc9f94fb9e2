#include "pipeline/chunk_cleaner.h"

#include <fmt/format.h>
#include <xxhash.h>

#include "formats/html.h"
#include "formats/jsonl.h"
#include "formats/warc.h"
#include "pipeline/site_counts.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"

namespace boilerstrip {

class ChunkCleaner::Impl {
 public:
  Impl(const Engine& engine, const CleanOptions& options, bool counting)
      : engine_(engine), options_(options), counting_(counting),
        decoding_{options.input_encoding.empty(), options.input_encoding} {
    for (const auto& stage : engine.pipeline().stages())
      if (stage->name() == "normalize") normalize_ = stage.get();
  }

  Result Clean(const Input& input, Work& work) const {
    Result r;
    // The output is at most about the input's size: reserved once, it is not copied
    // over and over as it grows record by record.
    if (!counting_) r.out.reserve(work.chunk.bytes + work.chunk.bytes / 8);
    for (Item& item : work.chunk.items) {
      if (!item.error.empty()) {
        Fail(input, item, item.error, &r);
        continue;
      }
      switch (input.in.format) {
        case Format::kText:
        case Format::kHtml: CleanText(input, item, &r); break;
        case Format::kJsonl: CleanJsonl(input, item, &r); break;
        case Format::kWarc:
        case Format::kWet: CleanWarc(input, item, &r); break;
      }
    }
    return r;
  }

 private:
  static void Fail(const Input& input, const Item& item, std::string_view reason, Result* r) {
    ++r->report.documents_failed;
    std::string where = item.where.empty() ? std::string(input.label()) : fmt::format("{}: {}", input.label(), item.where);
    r->report.failures.push_back({where, std::string(reason)});
  }

  // One page of a record: where it is, and how to read it.
  struct Page {
    std::string_view bytes;
    std::string label;
    std::string site;
    bool html = false;
    std::string_view content_type = {};  // HTTP Content-Type of an HTML page from a WARC response
    // The page is a whole text or HTML file, in any charset; records of JSONL and WARC
    // are UTF-8 or say their charset.
    bool file = false;
    bool valid_utf8 = false;  // known to be: a JSONL string
  };

  // Cleans one page into |*text|; false if it cannot be read (the record failed) or
  // when counting (its lines are counted instead).
  bool CleanPage(const Input& input, const Item& item, Page page, std::string* text, Result* r) const {
    const std::string& label = page.label;
    try {
      Document doc = page.html   ? ReadHtml(page.bytes, label, page.content_type, page.file ? decoding_.forced : "")
                     : page.file ? ReadText(page.bytes, label, decoding_)
                                 : ReadText(page.bytes, label, TextDecoding{false, {}, page.valid_utf8});
      doc.site = std::move(page.site);
      if (counting_) {
        if (normalize_) normalize_->Apply(doc);
        ++r->report.documents;
        uint64_t site_hash = SiteHash(doc.site);
        if (!doc.site.empty()) r->site_lines.emplace_back(site_hash, SiteLineKeys(doc, site_hash));
        return false;
      }
      engine_.pipeline().Run(doc);
      *text = RenderText(doc);
      if (doc.invalid_utf8)
        r->warnings.push_back(fmt::format("{}: {} invalid UTF-8 sequence(s) replaced with U+FFFD",
                                          label, doc.invalid_utf8));
      // A guess can be wrong: say what was guessed, and how to choose instead.
      if (page.file && !page.html && decoding_.detect && !doc.charset.empty()) {
        r->warnings.push_back(fmt::format("{}: not UTF-8, decoded as {} (detected; --input-encoding sets it)",
                                          label, doc.charset));
        ++r->report.charsets_detected[doc.charset];
      }
      r->report.Add(doc, text->size());
      if (options_.explain) AppendExplanation(doc, label, &r->explanation);
      return true;
    } catch (const InputError& e) {
      Fail(input, item, e.what(), r);
      return false;
    }
  }

  void CleanText(const Input& input, const Item& item, Result* r) const {
    std::string text;
    Page page{item.data, std::string(input.label()), input.site ? *input.site : std::string(), input.in.format == Format::kHtml, {}, true};
    if (CleanPage(input, item, std::move(page), &text, r)) r->out += text;
    else r->page_failed = !counting_;
  }

  void CleanJsonl(const Input& input, Item& item, Result* r) const {
    JsonlRecord record;
    std::string error;
    if (!ParseJsonlRecord(&item.data, options_.fields, &record, &error)) {
      Fail(input, item, error, r);
      return;
    }
    std::string label = fmt::format("{}[{}]", input.label(), record.id.empty() ? item.where : record.id);
    // Repaired in the line, before the page is read: Report::Add never sees them.
    r->report.invalid_utf8 += record.invalid_utf8;
    if (record.invalid_utf8)
      r->warnings.push_back(fmt::format("{}: {} invalid UTF-8 sequence(s) replaced with U+FFFD",
                                        label, record.invalid_utf8));
    std::string text;
    // simdjson unescapes only valid UTF-8, and refuses escapes of lone surrogates.
    Page page{record.text, std::move(label), std::move(record.site), options_.html, {}, false, true};
    if (CleanPage(input, item, std::move(page), &text, r)) AppendWithText(item.data, record, text, &r->out);
  }

  void CleanWarc(const Input& input, Item& item, Result* r) const {
    WarcRecord& rec = item.warc;
    bool wet = input.out.format == Format::kWet;
    Page page{rec.block, fmt::format("{}[{}]", input.label(), rec.id().empty() ? item.where : rec.id()),
              SiteOfUrl(rec.uri())};
    HttpResponse http;
    if (rec.type() == "response") {
      // An HTTP response: its body is a page when it is HTML.
      if (!ParseHttpResponse(rec.block, &http) || !IsHtml(http.Header("Content-Type"))) {
        ++r->report.records_skipped["response (not HTML)"];
        return;
      }
      page.bytes = http.body;
      page.html = true;
      page.content_type = http.Header("Content-Type");
    } else if (rec.type() != "conversion") {
      ++r->report.records_skipped[std::string(rec.type())];
      // A WET file holds its warcinfo record and the pages' text; requests, metadata and
      // the rest of a WARC do not belong in it.
      if (wet && !counting_ && rec.type() == "warcinfo") AppendWarc(rec, r);
      return;
    }
    std::string text;
    if (!CleanPage(input, item, std::move(page), &text, r)) return;
    if (wet) {
      if (rec.type() == "response") rec = ConversionOf(rec);
      rec.block = std::move(text);
      // The digest was of the page before cleaning; a wrong one is worse than none.
      rec.RemoveHeader("WARC-Block-Digest");
      AppendWarc(rec, r);
      return;
    }
    r->out += "{\"id\": ";
    AppendJsonQuoted(rec.id(), &r->out);
    r->out += ", \"url\": ";
    AppendJsonQuoted(rec.uri(), &r->out);
    r->out += ", \"date\": ";
    AppendJsonQuoted(rec.date(), &r->out);
    r->out += ", \"text\": ";
    AppendJsonQuoted(text, &r->out);
    r->out += "}\n";
  }

  static bool IsHtml(std::string_view content_type) {
    std::string type(content_type.substr(0, content_type.find(';')));
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    type.erase(type.find_last_not_of(" \t") + 1);
    type.erase(0, type.find_first_not_of(" \t"));
    return type == "text/html" || type == "application/xhtml+xml";
  }

  // The text of an HTML response goes out as a `conversion` record, as Common Crawl's
  // WET files have it: it refers to the response, and its id is derived from the
  // response's so that the output does not depend on the run.
  static WarcRecord ConversionOf(const WarcRecord& response) {
    WarcRecord out;
    out.version = response.version;
    XXH128_hash_t h = XXH3_128bits(response.id().data(), response.id().size());
    std::string hex = fmt::format("{:016x}{:016x}", h.high64, h.low64);
    out.SetHeader("WARC-Type", "conversion");
    out.SetHeader("WARC-Target-URI", response.uri());
    out.SetHeader("WARC-Date", response.date());
    out.SetHeader("WARC-Record-ID", fmt::format("<urn:uuid:{}-{}-{}-{}-{}>", hex.substr(0, 8), hex.substr(8, 4),
                                                hex.substr(12, 4), hex.substr(16, 4), hex.substr(20)));
    out.SetHeader("WARC-Refers-To", response.id());
    out.SetHeader("Content-Type", "text/plain");
    return out;
  }

  static void AppendWarc(const WarcRecord& rec, Result* r) {
    StringSink sink;
    WriteWarcRecord(rec, sink);
    r->out += sink.data();
    r->record_ends.push_back(r->out.size());
  }

  const Engine& engine_;
  const CleanOptions& options_;
  bool counting_;
  const Stage* normalize_ = nullptr;
  TextDecoding decoding_;
};

ChunkCleaner::ChunkCleaner(const Engine& engine, const CleanOptions& options, bool counting)
    : impl_(std::make_unique<Impl>(engine, options, counting)) {}
ChunkCleaner::~ChunkCleaner() = default;
Result ChunkCleaner::Clean(const Input& input, Work& work) const { return impl_->Clean(input, work); }

}  // namespace boilerstrip
