#include "pipeline/toml_pack.h"

#include <fmt/format.h>

#include "pipeline/status.h"

namespace boilerstrip {

void PackFail(std::string_view file, const toml::node& node, std::string_view msg) {
  throw ConfigError(fmt::format("{}:{}: {}", file, node.source().begin.line, msg));
}

std::vector<std::string> PackStringList(std::string_view file, const toml::table& t, std::string_view key) {
  std::vector<std::string> out;
  const toml::node* node = t.get(key);
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) PackFail(file, *node, fmt::format("'{}' must be a list of strings", key));
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (!s) PackFail(file, item, fmt::format("'{}' must be a list of strings", key));
    out.push_back(s->get());
  }
  return out;
}

const toml::table& ParsePack(std::string_view name, std::string_view toml_text,
                             const std::set<std::string_view>& pack_keys, toml::table* root) {
  try {
    *root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}: {}", name, e.source().begin.line, e.description()));
  }
  const toml::table* pack = (*root)["pack"].as_table();
  if (!pack) throw ConfigError(fmt::format("{}:1: missing [pack] table", name));
  for (const auto& [key, value] : *root)
    if (key.str() != "pack" && key.str() != "rule")
      PackFail(name, value, fmt::format("unknown field '{}' (expected [pack] and [[rule]])", key.str()));
  for (const auto& [key, value] : *pack)
    if (!pack_keys.count(key.str())) PackFail(name, value, fmt::format("unknown field '{}' in [pack]", key.str()));
  return *pack;
}

}  // namespace boilerstrip
