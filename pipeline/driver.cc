#include "pipeline/driver.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <unordered_set>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include "formats/html.h"
#include "formats/records.h"
#include "formats/warc.h"
#include "pipeline/files.h"
#include "pipeline/report.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"

namespace boilerstrip {
namespace fs = std::filesystem;
namespace {

// The first SIGINT or SIGTERM asks the run to stop after the chunk in hand, leaving no
// partial output; a second one ends the process at once.
std::atomic<int> g_signal{0};

extern "C" void OnSignal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

// How far workers may run ahead of the writer, in batches (a chunk of a stream, or a run
// of pages read whole, of about a chunk's bytes) and in bytes: bounds the memory held by
// finished batches waiting for their turn, whatever the input size.
constexpr size_t kWindowChunks = 64;
constexpr size_t kWindowBytes = size_t{64} << 20;

struct Input {
  std::string path;   // empty: standard input
  std::string label;  // the name in messages: the path as found, or "-"
  std::string site;   // the site of a text page: its folder
  fs::path output;    // empty: standard output
  StreamFormat in, out;
  uint64_t size = 0;  // bytes on disk, for progress; 0 if unknown
};

// Inputs read whole by the worker that cleans them, outside the feeder's lock: a text
// page in a file. Others are streams, read in chunks one after another.
bool ReadWhole(const Input& in) {
  return !in.path.empty() && (in.in.format == Format::kText || in.in.format == Format::kHtml);
}

// A chunk of one input. The last work of every input says the input ended, or why it
// failed; it has no records, except for inputs read whole, which come in one work.
struct Work {
  size_t input = 0;
  Chunk chunk;
  bool last = false;
  bool unread = false;  // read whole, but not yet: the worker reads it
  size_t max_record_bytes = 0;  // for the worker that reads it
  std::string failure;  // the input failed here (unreadable, truncated...)
};

// What a worker hands the writer for one work.
struct Result {
  std::string out;                  // encoded output of the chunk's records
  std::vector<size_t> record_ends;  // WET: where each record ends in |out|
  bool compressed = false;          // |out| holds the records as compressed members
  std::string explanation;          // --explain lines
  RunReport report;                 // counts, and failed records
  std::vector<std::string> warnings;
  bool page_failed = false;         // a text input's page could not be read
  // An input read whole whose output is a file: the worker wrote it under its
  // temporary name, the writer renames it in input order. Or why it could not.
  std::unique_ptr<StagedFile> file;
  std::string file_error;
  // Counting: each page's site and distinct line keys.
  std::vector<std::pair<uint64_t, std::vector<uint64_t>>> site_lines;
};

// Where the explanation lines go: stderr, or a file renamed into place at the end.
class ExplainSink {
 public:
  explicit ExplainSink(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    tmp_ = path_;
    tmp_ += ".tmp";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw ConfigError(fmt::format("cannot write {}", tmp_.string()));
  }
  void Write(std::string_view lines) {
    if (lines.empty()) return;
    if (path_.empty()) std::cerr << lines;
    else file_ << lines;
  }
  void Finish() {
    if (path_.empty()) return;
    file_.close();
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (!file_ || ec) throw InputError(fmt::format("cannot write {}", path_.string()));
  }

 private:
  fs::path path_, tmp_;
  std::ofstream file_;
};

// ---- Cleaning records ----------------------------------------------------------------

// Cleans (or, counting, only counts) the records of a chunk.
class ChunkCleaner {
 public:
  ChunkCleaner(const Engine& engine, const CleanOptions& options, bool counting)
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
    std::string where = item.where.empty() ? input.label : fmt::format("{}: {}", input.label, item.where);
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
  };

  // Cleans one page into |*text|; false if it cannot be read (the record failed) or
  // when counting (its lines are counted instead).
  bool CleanPage(const Input& input, const Item& item, Page page, std::string* text, Result* r) const {
    const std::string& label = page.label;
    try {
      Document doc = page.html   ? ReadHtml(page.bytes, label, page.content_type, page.file ? decoding_.forced : "")
                     : page.file ? ReadText(page.bytes, label, decoding_)
                                 : ReadText(page.bytes, label);
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
    Page page{item.data, input.label, input.site, input.in.format == Format::kHtml, {}, true};
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
    std::string label = fmt::format("{}[{}]", input.label, record.id.empty() ? item.where : record.id);
    // Repaired in the line, before the page is read: Report::Add never sees them.
    r->report.invalid_utf8 += record.invalid_utf8;
    if (record.invalid_utf8)
      r->warnings.push_back(fmt::format("{}: {} invalid UTF-8 sequence(s) replaced with U+FFFD",
                                        label, record.invalid_utf8));
    std::string text;
    Page page{record.text, std::move(label), std::move(record.site), options_.html};
    if (CleanPage(input, item, std::move(page), &text, r)) AppendWithText(item.data, record, text, &r->out);
  }

  void CleanWarc(const Input& input, Item& item, Result* r) const {
    WarcRecord& rec = item.warc;
    bool wet = input.out.format == Format::kWet;
    Page page{rec.block, fmt::format("{}[{}]", input.label, rec.id().empty() ? item.where : rec.id()),
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

// ---- Reading -------------------------------------------------------------------------

// Hands out the inputs' chunks in order, one input after the other: a chunk of a stream,
// or a run of inputs read whole (read by the caller, outside the lock the feeder needs).
class Feeder {
 public:
  Feeder(const std::vector<Input>& inputs, size_t max_record_bytes)
      : inputs_(inputs), max_record_bytes_(max_record_bytes) {}

  // The next works into |*batch|; false when every input is read or the run is stopping.
  bool Next(std::vector<Work>* batch) {
    batch->clear();
    if (current_ >= inputs_.size() || stop_ || g_signal) return false;
    if (!ReadWhole(inputs_[current_])) {
      NextChunk(&batch->emplace_back());
      return true;
    }
    // Many small pages to a batch, so that handing them between threads costs little;
    // about a chunk's bytes, so that batches stay as even as chunks.
    uint64_t bytes = 0;
    while (current_ < inputs_.size() && ReadWhole(inputs_[current_]) && batch->size() < kBatchInputs &&
           bytes < kChunkBytes) {
      Work& work = batch->emplace_back();
      work.input = current_;
      work.last = work.unread = true;
      work.max_record_bytes = max_record_bytes_;
      bytes += inputs_[current_].size;
      raw_done_ += inputs_[current_].size;
      ++current_;
    }
    return true;
  }

  // Reads the input of a work from Next() that is |unread|. Thread-safe.
  static void Read(const Input& input, Work* work) {
    work->unread = false;
    try {
      OpenRecordReader(input.in.format, OpenFileSource(input.path, input.in.compression),
                       work->max_record_bytes)
          ->Next(&work->chunk);
    } catch (const InputError& e) {
      work->chunk = Chunk();
      work->failure = e.what();
    }
  }

  // Input bytes read so far, for progress.
  uint64_t raw_bytes() const { return raw_done_ + raw_current_; }
  void Stop() { stop_ = true; }

 private:
  static constexpr size_t kBatchInputs = 64;

  void NextChunk(Work* work) {
    const Input& input = inputs_[current_];
    work->input = current_;
    try {
      if (!reader_) {
        Compression c = input.in.compression;
        reader_ = OpenRecordReader(input.in.format,
                                   input.path.empty() ? OpenStdinSource(c) : OpenFileSource(input.path, c),
                                   max_record_bytes_);
      }
      if (reader_->Next(&work->chunk)) {
        raw_current_ = reader_->raw_offset();
        return;
      }
    } catch (const InputError& e) {
      work->failure = e.what();
    }
    work->last = true;
    reader_.reset();
    raw_done_ += input.size;
    raw_current_ = 0;
    ++current_;
  }

  const std::vector<Input>& inputs_;
  size_t max_record_bytes_;
  size_t current_ = 0;
  std::unique_ptr<RecordReader> reader_;
  std::atomic<uint64_t> raw_done_{0}, raw_current_{0};
  std::atomic<bool> stop_{false};
};

// ---- Progress ------------------------------------------------------------------------

// One line on stderr, redrawn a few times a second: only for people at a terminal.
class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes)
      : enabled_(enabled), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  void Finish(uint64_t documents) { Update(documents, bytes_, true); }

  void Update(uint64_t documents, uint64_t bytes, bool final = false) {
    if (!enabled_) return;
    bytes_ = bytes;
    auto now = Clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double secs = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
    std::string line = fmt::format("\r{} documents  {:.0f} docs/s  {:.1f} MB/s", documents,
                                   documents / secs, bytes / 1e6 / secs);
    if (total_ && bytes <= total_) {
      line += fmt::format("  {:.0f}%", 100.0 * bytes / total_);
      if (bytes && !final) {
        int eta = static_cast<int>(secs * (total_ - bytes) / bytes);
        line += fmt::format("  ETA {}:{:02}", eta / 60, eta % 60);
      }
    }
    std::cerr << line << "\x1b[K" << (final ? "\n" : "") << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  uint64_t total_, bytes_ = 0;
  Clock::time_point start_, last_;
};

// ---- Writing -------------------------------------------------------------------------

// Takes the results in input order: writes outputs (each file renamed into place once
// its input is complete), explanations and the report; decides when the run stops.
class Writer {
 public:
  Writer(const std::vector<Input>& inputs, const CleanOptions& options, ExplainSink& explain,
         RunReport* report, SiteCounter* counter = nullptr)
      : inputs_(inputs), options_(options), explain_(explain), report_(report), counter_(counter) {}

  void Write(const Work& work, Result& r) {
    if (stopped()) return;
    const Input& input = inputs_[work.input];
    if (work.input != current_ || !started_) Begin(work.input);
    if (broken_) return;  // the rest of a failed input is not written
    if (!work.failure.empty()) {
      spdlog::error("{}: {}", input.label, work.failure);
      FailInput(input, work.failure);
      return;
    }
    for (const std::string& w : r.warnings) spdlog::warn("{}", w);
    for (const InputFailure& f : r.report.failures) spdlog::error("{}: {}", f.input, f.reason);
    if (r.page_failed) {  // a text file is one page: without it there is no output
      report_->Merge(r.report);
      FailInput(input, "");
      return;
    }
    if (counter_) {
      for (const auto& [site, keys] : r.site_lines) counter_->AddDocument(site, keys);
      report_->Merge(r.report);
      if (options_.fail_fast && !r.report.failures.empty()) Stop();
      return;
    }
    try {
      if (!r.file_error.empty()) throw InputError(r.file_error);
      if (!r.file) WriteRecords(r);
      report_->Merge(r.report);
      explain_.Write(r.explanation);
      if (options_.fail_fast && !r.report.failures.empty()) return Stop();
      if (r.file) {
        r.file->Commit();
      } else if (work.last && !input.output.empty()) {
        sink().Finish();
        sink_.reset();
      }
    } catch (const InputError& e) {
      spdlog::error("{}: {}", input.label, e.what());
      FailInput(input, e.what());
    }
    if (g_signal) Stop();
  }

  // Ends the run: the output in progress, if any, is dropped (nothing partial is left).
  void Stop() {
    stopped_ = true;
    if (!inputs_.empty() && !inputs_[current_].output.empty()) sink_.reset();
  }
  bool stopped() const { return stopped_; }

  void Finish() {
    if (stdout_) stdout_->Finish();
  }

 private:
  void Begin(size_t input) {
    current_ = input;
    started_ = true;
    broken_ = false;
    sink_.reset();
  }

  // The current input's output, opened when first needed. Throws InputError.
  ByteSink& sink() {
    const Input& in = inputs_[current_];
    if (in.output.empty()) {
      if (!stdout_) stdout_ = OpenStdoutSink(in.out.compression);
      return *stdout_;
    }
    if (!sink_) sink_ = OpenFileSink(in.output, in.out.compression);
    return *sink_;
  }

  void WriteRecords(const Result& r) {
    if (r.compressed) return sink().WriteMembers(r.out);
    size_t begin = 0;
    for (size_t end : r.record_ends) {
      sink().Write(std::string_view(r.out).substr(begin, end - begin));
      sink().EndMember();
      begin = end;
    }
    sink().Write(std::string_view(r.out).substr(begin));
  }

  // The input failed: its output is not written (a file output is dropped; what went to
  // stdout is gone), and with --on-error fail the run stops.
  void FailInput(const Input& input, std::string_view reason) {
    if (!reason.empty()) {
      ++report_->inputs_failed;
      report_->failures.push_back({input.label, std::string(reason)});
    }
    broken_ = true;
    if (!input.output.empty()) sink_.reset();
    if (options_.fail_fast) Stop();
  }

  const std::vector<Input>& inputs_;
  const CleanOptions& options_;
  ExplainSink& explain_;
  RunReport* report_;
  SiteCounter* counter_;  // counting: nothing is written, lines are counted
  size_t current_ = 0;
  bool started_ = false, broken_ = false, stopped_ = false;
  std::unique_ptr<ByteSink> sink_, stdout_;
};

// ---- Running -------------------------------------------------------------------------

// Writes the output of an input read whole under its temporary name: the file system's
// part of writing a small page (making the file) costs more than cleaning it, and here
// it runs in parallel; the writer only renames.
void StageFile(const Input& input, Result* r) {
  try {
    r->file = std::make_unique<StagedFile>(input.output, input.out.compression);
    r->file->Write(r->out);
    r->file->Close();
  } catch (const InputError& e) {
    r->file.reset();
    r->file_error = e.what();
  }
  r->out.clear();
}

// Compresses records that go each in their own member (WET) into |r->out|, as the
// output's sink would have: records compress apart, so here, in parallel, rather than
// in the writer, which is serial.
void CompressMembers(const Input& input, Result* r) {
  auto raw = std::make_unique<StringSink>();
  const StringSink* members = raw.get();
  std::unique_ptr<ByteSink> sink = Compress(std::move(raw), input.out.compression);
  size_t begin = 0;
  for (size_t end : r->record_ends) {
    sink->Write(std::string_view(r->out).substr(begin, end - begin));
    sink->EndMember();
    begin = end;
  }
  r->out = members->data();
  r->compressed = true;
}

// Reads (if the feeder left it to us), cleans and encodes a work: what can run on any
// thread.
Result Process(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting, Work& work) {
  const Input& input = inputs[work.input];
  if (work.unread) Feeder::Read(input, &work);
  Result r = cleaner.Clean(input, work);
  if (counting || input.output.empty() || !work.failure.empty()) return r;
  if (ReadWhole(input)) {
    if (!r.page_failed) StageFile(input, &r);
  } else if (input.out.compression != Compression::kNone && !r.record_ends.empty() &&
             r.record_ends.back() == r.out.size()) {
    CompressMembers(input, &r);
  }
  return r;
}

// Reads, cleans and writes every input. With one thread everything happens here; with
// more, workers read and clean batches while this thread writes them in input order.
void Run(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting,
         size_t max_record_bytes, Writer& writer, Progress& progress, RunReport* report, int threads) {
  Feeder feeder(inputs, max_record_bytes);
  struct Batch {
    std::vector<Work> works;
    std::vector<Result> results;
    size_t bytes = 0;
    void Process(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting) {
      for (Work& work : works) {
        results.push_back(boilerstrip::Process(inputs, cleaner, counting, work));
        bytes += work.chunk.bytes;
        // The writer needs only the output: a chunk's input goes back now, not when its
        // turn to be written comes, so the window holds one copy of each chunk, not two.
        std::vector<Item>().swap(work.chunk.items);
      }
    }
  };
  auto write = [&](Batch& b) {
    for (size_t i = 0; i < b.works.size(); ++i) writer.Write(b.works[i], b.results[i]);
    progress.Update(report->documents, feeder.raw_bytes());
    if (writer.stopped()) feeder.Stop();
  };
  if (threads <= 1) {
    Batch b;
    while (feeder.Next(&b.works)) {
      b.results.clear();
      b.Process(inputs, cleaner, counting);
      write(b);
    }
    return;
  }
  std::mutex mu, feed_mu;
  std::condition_variable ready, room;  // a result arrived; the window moved
  std::map<uint64_t, Batch> done;
  uint64_t issued = 0, emitted = 0, total = UINT64_MAX;
  size_t window_bytes = 0;
  auto worker = [&] {
    for (;;) {
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] {
          return total != UINT64_MAX ||
                 (issued - emitted < kWindowChunks && (window_bytes < kWindowBytes || issued == emitted));
        });
        if (total != UINT64_MAX) return;
      }
      Batch b;
      uint64_t seq;
      {
        std::lock_guard feed_lock(feed_mu);
        bool got = feeder.Next(&b.works);
        std::lock_guard lock(mu);
        if (!got) {
          if (total == UINT64_MAX) total = issued;
          ready.notify_all();
          room.notify_all();
          return;
        }
        seq = issued++;
      }
      b.Process(inputs, cleaner, counting);
      std::lock_guard lock(mu);
      window_bytes += b.bytes;
      done.emplace(seq, std::move(b));
      if (seq == emitted) ready.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (;;) {
    Batch b;
    {
      std::unique_lock lock(mu);
      ready.wait(lock, [&] { return done.count(emitted) || emitted == total; });
      if (emitted == total) break;
      auto it = done.find(emitted);
      b = std::move(it->second);
      done.erase(it);
      ++emitted;
      window_bytes -= b.bytes;
    }
    room.notify_all();
    write(b);
  }
  for (std::thread& t : pool) t.join();
}

// ---- Planning ------------------------------------------------------------------------

bool IsInputName(const std::string& name) { return FormatOfFileName(name).has_value(); }

StreamFormat InputFormat(std::string_view name, const CleanOptions& options) {
  StreamFormat f = FormatOfFileName(name).value_or(StreamFormat{Format::kText, CompressionOf(name)});
  if (options.format) {
    f.format = options.format->format;
    if (options.format->compression) f.compression = *options.format->compression;
  }
  return f;
}

StreamFormat OutputFormat(StreamFormat in, const CleanOptions& options, bool to_stdout) {
  StreamFormat out{in.format == Format::kWarc ? Format::kJsonl : in.format == Format::kHtml ? Format::kText : in.format,
                   to_stdout ? Compression::kNone : in.compression};
  if (options.output_format) {
    out.format = options.output_format->format;
    if (options.output_format->compression) out.compression = *options.output_format->compression;
  }
  if (out.format == Format::kWarc) out.format = Format::kWet;
  bool ok = out.format == in.format || (in.format == Format::kWarc && out.format != Format::kText) ||
            (in.format == Format::kHtml && out.format == Format::kText);
  if (!ok)
    throw ConfigError(fmt::format("cannot write {} input as {} (text stays text, jsonl stays jsonl, "
                                  "warc becomes jsonl or wet)",
                                  FormatName(in.format), FormatName(out.format)));
  return out;
}

// The inputs of a run, in order. |counting|: nothing is written, so outputs are not planned.
std::vector<Input> PlanInputs(const CleanOptions& options, RunReport* report, bool counting) {
  std::vector<Input> inputs;
  bool use_stdin = options.inputs.empty() || (options.inputs.size() == 1 && options.inputs[0] == "-");
  if (use_stdin) {
    if (!options.output_dir.empty())
      throw ConfigError("-o needs input files or directories; stdin is cleaned to stdout");
    if (options.resume) throw ConfigError("--resume needs -o: stdin is cleaned to stdout");
    Input in;
    in.label = "-";
    in.in.format = options.format ? options.format->format : Format::kText;
    in.in.compression = options.format ? options.format->compression.value_or(Compression::kNone)
                                       : Compression::kNone;
    in.out = OutputFormat(in.in, options, true);
    inputs.push_back(in);
    return inputs;
  }
  if (options.resume && options.output_dir.empty())
    throw ConfigError("--resume needs -o: it skips inputs whose output file exists");
  fs::path out_dir(options.output_dir);
  std::vector<std::pair<std::string, std::string>> missing;
  std::vector<InputFile> found = FindInputs(options.inputs, IsInputName, options.excludes, out_dir, &missing);
  for (const auto& [input, reason] : missing) {
    spdlog::error("{}: {}", input, reason);
    ++report->inputs_failed;
    report->failures.push_back({input, reason});
  }
  std::unordered_set<std::string> outputs;
  std::optional<StreamFormat> stdout_format;
  // A page's site is its folder, the same for the folder's pages, which come together.
  // Without a current directory (deleted under us), relative paths keep relative sites.
  std::error_code cwd_ec;
  fs::path cwd = fs::current_path(cwd_ec);
  std::string folder = "\n";  // the parent folder of no path
  std::error_code out_ec;
  bool out_dir_exists = !out_dir.empty() && (fs::exists(out_dir, out_ec) || out_ec);
  std::string site;
  for (size_t i = 0; i < found.size(); ++i) {
    if (static_cast<int>(i % options.shards) != options.shard) continue;
    InputFile& file = found[i];
    Input in;
    in.path = file.path;
    in.label = file.path;
    std::string_view name = file.path;
    size_t slash = name.rfind('/');
    std::string_view parent = name.substr(0, slash == name.npos ? 0 : slash);
    name.remove_prefix(slash == name.npos ? 0 : slash + 1);
    if (parent != folder) {
      folder = parent;
      fs::path path(file.path);
      site = (path.is_absolute() ? path : cwd / path).lexically_normal().parent_path().string();
    }
    in.site = site;
    in.in = InputFormat(name, options);
    in.out = OutputFormat(in.in, options, out_dir.empty());
    in.size = file.size;
    std::error_code ec;
    if (counting) {
    } else if (out_dir.empty()) {
      if (stdout_format && stdout_format->format != in.out.format)
        throw ConfigError(fmt::format("{} would go to stdout as {} after {} output; use -o DIR",
                                      in.label, FormatName(in.out.format), FormatName(stdout_format->format)));
      stdout_format = in.out;
    } else {
      in.output = out_dir / OutputFileName(file.relative, in.in, in.out);
      // In an output folder yet to be made (a first run), no output exists: no stat each.
      bool exists = out_dir_exists && fs::exists(in.output, ec);
      if (exists && fs::equivalent(in.output, in.path, ec))
        throw ConfigError(fmt::format("refusing to write over input {}", in.label));
      if (!outputs.insert(in.output.lexically_normal().native()).second)
        throw ConfigError(fmt::format("two inputs would be written to {}", in.output.string()));
      if (options.resume && exists) {
        ++report->inputs_resumed;
        continue;
      }
    }
    inputs.push_back(std::move(in));
  }
  if (report->inputs_resumed)
    spdlog::info("--resume: {} input(s) already have their output, skipped", report->inputs_resumed);
  return inputs;
}

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // A closed stdout is an error the writer reports, not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
}

// One pass over |inputs|: cleaning them, or with |counter| counting their site lines.
void Pass(const std::vector<Input>& inputs, const CleanOptions& options, const Engine& engine,
          ExplainSink& explain, RunReport* report, SiteCounter* counter) {
  uint64_t total = 0;
  for (const Input& in : inputs) total += in.size;
  Progress progress(options.progress, total);
  Writer writer(inputs, options, explain, report, counter);
  ChunkCleaner cleaner(engine, options, counter != nullptr);
  Run(inputs, cleaner, counter != nullptr, options.max_page_bytes, writer, progress, report,
      std::max(1, options.threads));
  try {
    writer.Finish();
  } catch (const InputError& e) {
    spdlog::error("{}", e.what());
    report->failures.push_back({"-", e.what()});
  }
  progress.Finish(report->documents);
}

// Writes the explanation, report and summary; returns the exit code.
int Conclude(const CleanOptions& options, const RunReport& report, ExplainSink& explain) {
  int code = kExitOk;
  if (g_signal) {
    spdlog::warn("stopped by signal {}; outputs not complete were not written", g_signal.load());
    code = 128 + g_signal;
  } else if (!report.failures.empty()) {
    code = kExitInputFailed;
  }
  explain.Finish();
  if (!options.report_path.empty()) WriteFileAtomic(options.report_path, report.ToJson());
  if (options.summary) std::cerr << report.Summary(12);
  return code;
}

}  // namespace

void ParseShard(const std::string& value, CleanOptions* options) {
  size_t slash = value.find('/');
  int k = -1, n = 0;
  auto parse = [](std::string_view s, int* v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(value).substr(0, slash), &k) ||
      !parse(std::string_view(value).substr(slash + 1), &n) || n < 1 || k < 0 || k >= n)
    throw ConfigError(fmt::format("--shard {}: expected K/N with 0 <= K < N (e.g. 3/16)", value));
  options->shard = k;
  options->shards = n;
}

int RunClean(const CleanOptions& options, Engine& engine) {
  RunReport report;
  std::vector<Input> inputs = PlanInputs(options, &report, false);
  ExplainSink explain(options.explain_to);
  InstallSignalHandlers();
  if (options.site_lines) {
    if (options.shards > 1)
      throw ConfigError("--site-lines counts every input on this machine; with --shard, use "
                        "`boilerstrip count`, `merge` and `clean --site-counts`");
    CleanOptions all = options;
    all.resume = false;  // the counts cover every input, done or not
    RunReport count_report;
    std::vector<Input> count_inputs = PlanInputs(all, &count_report, true);
    SiteCounter counter;
    ExplainSink none("");
    Pass(count_inputs, all, engine, none, &count_report, &counter);
    if (g_signal) return Conclude(options, count_report, none);
    spdlog::info("site lines: {} distinct lines in {} documents", counter.distinct_lines(), count_report.documents);
    engine.SetSiteCounts(SiteCounts(counter));
  }
  Pass(inputs, options, engine, explain, &report, nullptr);
  return Conclude(options, report, explain);
}

int RunCount(const CleanOptions& options, const Engine& engine, const std::string& out) {
  RunReport report;
  std::vector<Input> inputs = PlanInputs(options, &report, true);
  InstallSignalHandlers();
  SiteCounter counter;
  ExplainSink none("");
  Pass(inputs, options, engine, none, &report, &counter);
  bool stopped = g_signal || (options.fail_fast && !report.failures.empty());
  if (!stopped) {
    counter.Write(out);
    spdlog::info("{}: {} distinct lines in {} documents", out, counter.distinct_lines(), report.documents);
  }
  return Conclude(options, report, none);
}

}  // namespace boilerstrip
