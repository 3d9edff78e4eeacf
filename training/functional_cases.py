"""The team's functional test cases (``training/data/functional_<language>.tsv``), read and split.

Each file holds templates; ``{G}`` is filled with each of the file's groups and ``{P}`` with each
of its persons, a template with neither is one case. A template, with every case made from it,
lies in one half. Within each functionality of a file, templates are ranked by the sha256 of
their ids and dealt in turn, the first to the *report* half: each half gets every functionality
that has two templates or more, and no random state is involved. Word lists and matcher rules
may be improved looking at the tune half; only `make evaluate` looks at the report half, and
nothing is tuned on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES: tuple[str, ...] = ("en", "ar", "fa", "tr", "ckb", "kmr")
TUNE, REPORT = "tune", "report"

#: Categories a case may break, and "none".
CATEGORIES: tuple[str, ...] = ("threat", "personal_attack", "identity_attack", "none")

#: The functionalities every language's file covers (English has a few more).
FUNCTIONALITIES: tuple[str, ...] = (
    "threat_direct",  # "I know where you live", "you will pay for this"
    "threat_implied",  # "watch your back", "people like you end up in the river"
    "threat_group",  # violence against a group
    "insult",  # a personal attack without a swear word
    "dehumanisation",
    "derogation",
    "exclusion",
    "spelling",  # spacing, leetspeak, homoglyphs, Arabic-script letter variants
    "negated",  # "I would never say X are vermin"
    "counter",  # counter-speech
    "quotation",  # reporting what someone else said, and condemning it
    "reclaimed",  # self-description
    "neutral",
    "positive",
    "criticism",  # of the article or the newsroom: welcome, never flagged
)


@dataclass(frozen=True)
class Template:
    id: str
    language: str
    functionality: str
    category: str
    attack: bool
    template: str
    half: str = REPORT

    @property
    def aims_at_a_group(self) -> bool:
        return "{G}" in self.template


@dataclass(frozen=True)
class Case:
    template: Template
    text: str

    def __getattr__(self, name: str):
        # A case answers for its template: case.functionality, case.attack, case.half ...
        return getattr(self.template, name)


def _deal(templates: list[Template]) -> list[Template]:
    """Each template with its half: by functionality, in order of sha256(id), alternately."""
    halves: dict[str, str] = {}
    for functionality in {t.functionality for t in templates}:
        ranked = sorted(
            (t.id for t in templates if t.functionality == functionality),
            key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest(),
        )
        halves.update({i: REPORT if k % 2 == 0 else TUNE for k, i in enumerate(ranked)})
    return [replace(t, half=halves[t.id]) for t in templates]


def path(language: str) -> Path:
    return DATA / f"functional_{language}.tsv"


def read(language: str) -> tuple[list[Template], list[str], list[str]]:
    """(templates, groups, persons) of one language's file; a malformed line is refused."""
    templates: list[Template] = []
    groups: list[str] = []
    persons: list[str] = []
    file = path(language)
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{file.name}:{number}"
        if line.startswith("# groups:"):
            groups = [g.strip() for g in line.split(":", 1)[1].split(";") if g.strip()]
        elif line.startswith("# persons:"):
            persons = [p.strip() for p in line.split(":", 1)[1].split(";") if p.strip()]
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise ValueError(f"{where}: expected 5 tab-separated fields, got {len(fields)}")
        template_id, functionality, category, attack, text = fields
        if not template_id.startswith(f"{language}-"):
            raise ValueError(f"{where}: the id {template_id!r} must start with {language}-")
        if category not in CATEGORIES:
            raise ValueError(f"{where}: unknown category {category!r}")
        if attack not in ("yes", "no") or (attack == "yes") != (category != "none"):
            raise ValueError(f"{where}: attack must be yes exactly when a category is broken")
        templates.append(
            Template(template_id, language, functionality, category, attack == "yes", text)
        )
    ids = [t.id for t in templates]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{file.name}: template ids repeat")
    return _deal(templates), groups, persons


def cases(language: str, half: str | None = None) -> list[Case]:
    """Every case of one language (of one half, if given), templates filled."""
    templates, groups, persons = read(language)
    filled: list[Case] = []
    for template in templates:
        if half is not None and template.half != half:
            continue
        fillers = [("{G}", g) for g in groups] if template.aims_at_a_group else [(None, None)]
        for slot, value in fillers:
            text = template.template.replace(slot, value) if slot else template.template
            for person in persons if "{P}" in text else [None]:
                final = text.replace("{P}", person) if person else text
                filled.append(Case(template, final[:1].upper() + final[1:]))
    return filled
