"""Boilerplate lines per language, from the rule packs' own examples (rules/*.toml).

  kit = BoilerplateKit(root)
  kit.Line(rng, "de", "mid")        # a caption, an ad label, "Lesen Sie auch: ..." in German
  kit.Line(rng, "de", "footer")     # a footer line

Every [[rule]] of a pack lands in one of the page zones below by its id. Lines are varied so
that they do not repeat verbatim everywhere: numbers change, and the text after the label of
a prefix rule ("Read also: <headline>", "Photo: <name>") is made up for the page.
"""
import re
import tomllib

# Rule id -> the zone of the page where that kind of line appears.
ZONES = {
    "top": ["cookie_banner", "consent_line", "consent_buttons", "account_line", "account_row",
            "nav_furniture", "page_furniture", "subscribe_line"],
    "meta": ["byline_", "written_by", "published_meta", "reading_time", "reading_time_counters",
             "counters", "date_line",
             "date_source_line", "posted_in", "reporter_line", "anonymous_author", "credit_line"],
    "mid": ["ad_label", "read_also", "photo_credit", "caption_credit_tail", "video_prefix",
            "newsletter_prompt", "subscribe_prompt", "affiliate_notice", "read_more_line",
            "stock_photo_credit", "agency_credit_tail", "image_file_name"],
    "list": ["related_header", "latest_header", "popular_header", "latest_popular_header"],
    "toc": ["toc_header", "toc_toggle"],
    "end": ["tags_prefix", "share_line", "share_prefix", "share_platforms", "share_network_row",
            "share_liked", "prev_next", "comments_line", "comment_notices", "comment_login",
            "follow_prompt", "follow_line", "helpful_prompt", "found_mistake", "ctrl_enter",
            "page_tools", "recipe_furniture", "newsletter_line", "syndication_note", "hashtag_row",
            "paywall"],
    "footer": ["rights_reserved", "reprint_notice", "powered_by", "legal_links", "legal_links_key_first",
               "copyright_",
               "company_info", "press_license", "media_registration", "age_label"],
}
# Prefix rules whose text after the label is made up per page, and what goes there.
FILLERS = {"read_also": "headline", "prev_next": "headline", "video_prefix": "headline",
           "photo_credit": "name", "byline_label": "name", "tags_prefix": "words"}
LABEL_END = re.compile(r"^(.{1,30}?(?:: |：|: ?\| |】))")
# Made-up owners in the examples, replaced by the site's name.
PLACEHOLDER = re.compile(r"\b(?:Example(?: Media| Inc| News)?|Sitename|ACME(?: Inc)?|Beispiel(?: AG)?|"
                         r"Verlag|Muster Media|Cake Corner|Maria Bakes)(?: GmbH| AG| Inc\.?)?(?=[ .,|]|$)|"
                         r"\b(?:example\.com|be\.birmiss\.com)\b")


def ZoneOf(rule_id):
    for zone, prefixes in ZONES.items():
        if any(rule_id == p or (p.endswith("_") and rule_id.startswith(p)) for p in prefixes):
            return zone
    return None


def VaryNumbers(text, rng):
    """Changes counts at random and moves years back by one shift, so ranges stay ranges."""
    shift = rng.randint(-8, 0)

    def repl(m):
        n = int(m.group())
        if 1990 <= n <= 2030:
            return str(n + shift)
        return str(rng.randint(1, 2 * n + 9))
    return re.sub(r"\d+", repl, text)


class BoilerplateKit:
    """Examples of every pack by language and zone; English for zones a pack leaves empty."""

    def __init__(self, root):
        self.examples = {}  # lang -> zone -> [(rule_id, example)]
        self.home = {}      # lang -> the word for "Home" in breadcrumbs, where a pack shows it
        for pack in sorted((root / "rules").glob("*.toml")):
            if pack.name == "pipeline.toml":
                continue
            data = tomllib.loads(pack.read_text(encoding="utf-8"))
            lang = data["pack"]["lang"]
            zones = self.examples.setdefault(lang, {})
            for rule in data.get("rule", []):
                zone = ZoneOf(rule["id"])
                if zone:
                    zones.setdefault(zone, []).extend((rule["id"], e) for e in rule.get("examples", []))
                if rule["id"] == "breadcrumb" and rule.get("examples"):
                    self.home[lang] = re.split(r" [»>/›] ", rule["examples"][0])[0].split(": ")[-1]
        common = self.examples.pop("common", {})
        for zone, items in common.items():
            for lang in self.examples:
                self.examples[lang].setdefault(zone, []).extend(items)

    def Languages(self):
        return sorted(self.examples)

    def Home(self, lang):
        return self.home.get(lang, "Home")

    def Line(self, rng, lang, zone, fill=None, owner=None, english=0.15):
        """Returns one line of |zone| in |lang| (in English with probability |english|, as
        sites leave bits of their theme untranslated). |fill|(kind) makes up the text after
        a label: kind is "headline", "name" or "words". |owner| replaces made-up owners."""
        pack = self.examples.get(lang, {})
        if lang not in self.examples or zone not in pack or rng.random() < english:
            pack = self.examples["en"]
        rule_id, line = rng.choice(pack[zone])
        kind = FILLERS.get(rule_id)
        label = LABEL_END.match(line)
        if fill and kind and label and rng.random() < 0.8:
            line = label.group(1) + fill(kind)
        line = VaryNumbers(line, rng)
        return PLACEHOLDER.sub(owner, line) if owner else line
