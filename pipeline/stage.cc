#include "pipeline/stage.h"

#include <algorithm>

#include <fmt/format.h>

#include "pipeline/status.h"

namespace boilerstrip {

StageOptions::StageOptions(const toml::table* table, std::string where)
    : table_(table), where_(std::move(where)) {}

const toml::node* StageOptions::Get(std::string_view key) {
  used_.emplace(key);
  return table_ ? table_->get(key) : nullptr;
}

int StageOptions::Int(std::string_view key, int fallback, int min, int max) {
  const toml::node* node = Get(key);
  if (!node) return fallback;
  const auto* v = node->as_integer();
  if (!v || v->get() < min || v->get() > max)
    throw ConfigError(fmt::format("{}:{}: option '{}' must be an integer from {} to {}", where_,
                                  node->source().begin.line, key, min, max));
  return static_cast<int>(v->get());
}

double StageOptions::Double(std::string_view key, double fallback, double min, double max) {
  const toml::node* node = Get(key);
  if (!node) return fallback;
  std::optional<double> v = node->value<double>();
  if (!v || *v < min || *v > max)
    throw ConfigError(fmt::format("{}:{}: option '{}' must be a number from {} to {}", where_,
                                  node->source().begin.line, key, min, max));
  return *v;
}

bool StageOptions::Bool(std::string_view key, bool fallback) {
  const toml::node* node = Get(key);
  if (!node) return fallback;
  const auto* v = node->as_boolean();
  if (!v)
    throw ConfigError(fmt::format("{}:{}: option '{}' must be true or false", where_,
                                  node->source().begin.line, key));
  return v->get();
}

std::string StageOptions::Choice(std::string_view key, std::string_view fallback,
                                 std::initializer_list<std::string_view> allowed) {
  const toml::node* node = Get(key);
  if (!node) return std::string(fallback);
  std::optional<std::string> v = node->value<std::string>();
  if (v && std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return *v;
  std::string list;
  for (std::string_view a : allowed) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", a);
  throw ConfigError(fmt::format("{}:{}: option '{}' must be one of {}", where_,
                                node->source().begin.line, key, list));
}

void StageOptions::Finish() const {
  if (!table_) return;
  for (const auto& [key, value] : *table_) {
    if (key.str() == "name") continue;
    if (!used_.count(key.str()))
      throw ConfigError(fmt::format("{}:{}: unknown option '{}'", where_,
                                    value.source().begin.line, key.str()));
  }
}

void LineStage::Apply(Document& doc) const {
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    if (!doc.blocks[i].kept()) continue;
    if (std::optional<std::string_view> rule = Judge(doc, i)) Remove(doc.blocks[i], *rule);
  }
}

}  // namespace boilerstrip
