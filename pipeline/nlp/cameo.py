"""Converter: the CAMEO verb dictionary of PETRARCH2 -> eventpipe's base trigger lexicon.

Reads `CAMEO.verbpatterns.*.txt` (verb synonym blocks, synsets and phrase patterns; format in
PETRARCH2's `dictionaries.rst`) and the PLOVER crosswalk `CAMEO2PLOVER-2021.txt` (CAMEO code ->
PLOVER type), and writes the rules as JSON in the schema of `pipeline/data/triggers.yaml`:

- a verb of a block with a code gives a bare rule `{lemma, type, cameo}`;
- a pattern after the verb (`- * DIPLOMATIC TIES [161]`) gives a rule whose direct object has
  the phrase's head noun (a synset `&NAME` gives all its members);
- a pattern that starts with a preposition (`- * AGAINST + [173]`) gives a rule with that
  particle/preposition, and with its object noun as `pobj` when one follows;
- a pattern coded `[---]` (no event) becomes a `not_object` of the bare rule;
- a pattern holds for the verb its comment names (`# SEVER, CUT`), not for every synonym;
- patterns with words before the verb, longer than four words, or codes the crosswalk does not
  map (CAMEO 01/02, statements and appeals) are left out, and so are the verbs and patterns
  listed in `pipeline/data/lexicon_filter.yaml` (noisy on news), and the light verbs of
  `pipeline.nlp.modality` ("imposed sanctions": the own lexicon types the event noun).

Run: `python -m pipeline.nlp.cameo VERBS.txt CROSSWALK.txt [--out pipeline/data/cameo_verbs.json]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.lexicon import BASE_LEXICON
from pipeline.nlp.rule_words import load_rule_words
from pipeline.settings import DATA_DIR

FILTER_YAML = DATA_DIR / "lexicon_filter.yaml"
MAX_PATTERN_WORDS = 4
_CODE = re.compile(r"\[([^\]]*)\]")
# the dictionary's own closed class: words that open a prepositional phrase in a pattern
PREPOSITIONS = {
    "against", "on", "with", "to", "toward", "towards", "into", "at", "upon", "onto", "from",
    "for", "of", "in", "over", "about", "by", "off", "out", "up", "down", "away", "back",
    "behind", "alongside", "across", "through", "under", "between", "among", "after",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "new", "all", "any"}


def read_crosswalk(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type from `CAMEO2PLOVER-2021.txt` (`code: TYPE, mode, context`)."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        kind = rest.split(",", 1)[0].strip()
        if code.strip().isdigit() and kind.isalpha():
            table.setdefault(code.strip(), kind.upper())
    return table


def plover_type(code: str, crosswalk: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code (its longest listed prefix), or None."""
    code = code.split(":", 1)[0].strip()
    if not code.isdigit():
        return None
    while len(code) >= 2:
        if code in crosswalk:
            return crosswalk[code]
        code = code[:-1]
    return None


def _words(token: str, synsets: dict[str, list[str]]) -> list[str]:
    """Lower-case head words of one pattern token (a word, `A_B` phrase or `&SYNSET`)."""
    token = token.strip("{}()").split("_")[-1] or token.strip("{}()_")
    if token.startswith("&"):
        return synsets.get(token.rstrip("_").upper(), [])
    return [token.replace("_", " ").split()[-1].lower()] if token else []


def _verb_of(line: str) -> tuple[str, str | None] | None:
    """(lemma, particle) of a verb line (`SAY {SAYS SAID}`, `+CLEAR_UP`, `RESCIND [160]`)."""
    head = line.split("#", 1)[0].split("{", 1)[0].split("[", 1)[0].strip()
    if not head or " " in head:
        return None
    parts = head.split("_")
    if len(parts) == 1:
        return parts[0].lstrip("+").lower(), None
    if not parts[0].startswith("+") or len(parts) != 2:
        return None  # "WIRE_+TAP": the parser rarely sees pre-verb compounds
    return parts[0][1:].lower(), parts[1].lower()


def read_verbs(path: Path) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """Synsets and verb blocks (`verbs`: [(lemma, particle, code)], `patterns`) of the file."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict[str, Any]] = []
    current_set: str | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("---") else raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("&"):
            current_set = line.strip().rstrip("_").upper()
            synsets[current_set] = []
            continue
        if line.startswith("+") and current_set is not None and not blocks:
            synsets[current_set].append(line[1:].strip().replace("_", " ").split()[-1].lower())
            continue
        if line.startswith("---"):
            code = _CODE.search(line)
            blocks.append({"code": code.group(1) if code else "---", "verbs": [], "patterns": []})
            current_set = None
            continue
        if not blocks:
            continue
        if line.startswith("-"):
            code = _CODE.search(line)
            if code:
                text = line[1 : code.start()].strip()
                note = raw.split("#", 1)[1].split("<", 1)[0] if "#" in raw else ""
                found_in = {w.lower() for w in re.findall(r"[A-Za-z_]+", note)}
                blocks[-1]["patterns"].append((text, code.group(1).strip(), found_in))
            continue
        verb = _verb_of(line)
        if verb:
            code = _CODE.search(line)
            blocks[-1]["verbs"].append((*verb, code.group(1).strip() if code else None))
    return synsets, blocks


def _pattern_rule(text: str, synsets: dict[str, list[str]]) -> dict[str, Any] | None:
    """Conditions (object / particle / pobj) of a post-verb pattern, or None if unusable."""
    if "*" not in text:
        return None
    before, after = text.split("*", 1)
    if before.strip():
        return None  # words before the verb: the subject's context, not the verb's
    tokens = [t for t in after.replace("_+", " +").split() if t not in ("+", "$", "%", "^")]
    tokens = [t for t in tokens if t.lower() not in _DETERMINERS]
    if not tokens or len(tokens) > MAX_PATTERN_WORDS:
        return None
    lowered = [t.lower() for t in tokens]
    if lowered[0] in PREPOSITIONS:
        rule: dict[str, Any] = {"particle": lowered[0]}
        if len(tokens) > 1 and lowered[1] not in PREPOSITIONS:
            words = _words(tokens[1], synsets)
            if not words:
                return None
            rule["pobj"] = words
        return rule
    cut = next((i for i, w in enumerate(lowered) if w in PREPOSITIONS), len(tokens))
    words = _words(tokens[cut - 1], synsets)
    return {"object": words} if words else None


def convert(
    verbs_path: Path,
    crosswalk_path: Path,
    filter_path: Path = FILTER_YAML,
    modality_words_path: Path | None = None,
) -> list[dict[str, Any]]:
    """The base trigger rules (triggers.yaml schema) converted from the CAMEO verb dictionary,
    without the light verbs of `modality_words_path` (default: the shipped file)."""
    light_verbs = load_rule_words(modality_words_path=modality_words_path).light_verbs
    crosswalk = read_crosswalk(crosswalk_path)
    synsets, blocks = read_verbs(verbs_path)
    drop = load_filter(filter_path)
    rules: dict[tuple, dict[str, Any]] = {}
    for block in blocks:
        conditions = []
        nulls: set[str] = set()
        for text, code, found_in in block["patterns"]:
            cond = _pattern_rule(text, synsets)
            if cond is None:
                continue
            if code.startswith("---"):
                nulls.update(cond.get("object", []))
                continue
            kind = plover_type(code, crosswalk)
            if kind is not None:
                conditions.append((cond, kind, code.split(":", 1)[0], found_in))
        for lemma, particle, own_code in block["verbs"]:
            if lemma in drop["verbs"] or not lemma.isalpha():
                continue
            if lemma in light_verbs:
                continue  # "imposed sanctions": the own lexicon types the event noun
            code = (own_code or block["code"]).split(":", 1)[0].strip()
            kind = None if code.startswith("---") else plover_type(code, crosswalk)
            if kind is not None and lemma not in drop["bare"]:
                entry: dict[str, Any] = {"lemma": lemma, "type": kind, "cameo": code}
                if particle:
                    entry["particle"] = particle
                if nulls:
                    entry["not_object"] = sorted(nulls)
                rules.setdefault((lemma, particle, None), entry)
            for cond, ckind, ccode, found_in in conditions:
                if found_in and lemma not in found_in and f"{lemma}_{particle}" not in found_in:
                    continue  # a pattern holds for the verb it was found with, not its synonyms
                if particle and "particle" in cond:
                    continue
                words = tuple(cond.get("object", ()))
                if {f"{lemma} {w}" for w in words} & drop["patterns"]:
                    continue
                entry = {"lemma": lemma, "type": ckind, "cameo": ccode, **cond}
                if particle:
                    entry["particle"] = particle
                key = (lemma, entry.get("particle"), words, tuple(cond.get("pobj", ())))
                rules.setdefault(key, entry)
    return list(rules.values())


def load_filter(path: Path = FILTER_YAML) -> dict[str, set[str]]:
    """The converter's drop lists: `verbs` (no rule at all), `bare` (only with a pattern),
    `patterns` ("verb object" pairs)."""
    data = read_yaml_mapping(str(path), "lexicon filter", "'verbs', 'bare' and 'patterns'")
    out: dict[str, set[str]] = {}
    for key in ("verbs", "bare", "patterns"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"'{key}' must be a list of words", str(path))
        out[key] = {v.lower() for v in value}
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: convert the dictionary and write the JSON base lexicon."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("verbs", type=Path)
    parser.add_argument("crosswalk", type=Path)
    parser.add_argument("--out", type=Path, default=BASE_LEXICON)
    args = parser.parse_args(argv)
    for path in (args.verbs, args.crosswalk):
        if not path.is_file():
            print(f"not found: {path}", file=sys.stderr)
            return 2
    rules = convert(args.verbs, args.crosswalk)
    payload = {
        "source": f"{args.verbs.name} (PETRARCH2, MIT) via {args.crosswalk.name} (CC BY-SA 4.0)",
        "events": rules,
    }
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(rules)} rules -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
