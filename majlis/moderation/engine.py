"""The automatic moderator's library core: `assess(text) -> Assessment`.

It reads a comment the way a careful moderator would: undo the tricks (normalise), tell the
language, look for guideline-breaking words and phrases (word lists, evasion-proof), ask the
trained model of that language, weigh the comment against its article, and look at what lies
outside the text (links, phones, repeats, the commenter's record). Every score comes with the
spans of the original text behind it. No database, no network; models load once, lazily, and
everything here is safe to call from many threads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

import majlis
from majlis.moderation import calibration, classifiers, langid, learned, relevance
from majlis.moderation import signals as outside
from majlis.moderation.categories import CATEGORIES, OFF_TOPIC, PERSONAL_ATTACK, PROMOTION
from majlis.moderation.extractors import HANDLE
from majlis.moderation.matcher import Lexicon, load_lexicon
from majlis.moderation.policy import Policy, suggest
from majlis.moderation.prepared import Prepared, prepare
from majlis.moderation.reasons import Reason

ENGINE_VERSION = majlis.__version__
TOXICITY = "toxicity"
#: A site's learned heads: per language, by the score each replaces (`majlis learn`).
LearnedHeads = Mapping[str, Mapping[str, learned.LearnedHead]]
SCORE_KEYS: tuple[str, ...] = (TOXICITY, *CATEGORIES)
#: Shorter than this, the models have too little to read for an approval unseen.
MIN_WORDS = 3
#: Longer than this, the comment is longer than nearly all the models learnt from.
MAX_CHARACTERS = 3000
#: A word-list match at least this weighty the model does not back is a disagreement.
DISAGREEING_WEIGHT = 0.5
# A word of a phrase match: letters, digits, apostrophes, masks ("you're", "sh*t"), and the
# joiners and marks inside Arabic-script words ("می‌دانم" is one word).
_WORD = re.compile(r"[\w'’*\u200c\u200d\u0640\u064b-\u065f\u0670]+")
#: From this general (toxicity) score up, the model's words behind it are evidence too;
#: below `SURE_TOXICITY`, only those words the model finds offensive on their own (at least
#: `WORD_ALONE`): in a comment it doubts, "bridge" beside "overdue" is no highlight. Chosen
#: on the tune half of the held-out Civil Comments toxic-spans posts, against the share of
#: clean held-out comments given a highlight (`training/evaluate_spans.py`).
EXPLAINED_TOXICITY = 0.2
SURE_TOXICITY = 0.5
WORD_ALONE = 0.7


@dataclass(frozen=True)
class ArticleContext:
    """What the moderator knows of the article a comment sits under."""

    title: str
    body: str = ""
    tags: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A span of the comment, as the reader wrote it, behind one category's score."""

    category: str
    start: int
    end: int
    source: str  # "lexicon", "model", "link", "phone", "handle", "relevance", ...
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Assessment:
    """`reasons`: what the moderator reads beside the highlighted evidence: the policy's
    verdict, then a plain line for each signal that moved a score without a span of its own
    (copies, the commenter's record, relevance) and for the flood signals, which move none.
    `notes`: the engine's remarks (no model for the language, relevance, signals)."""

    language: str
    language_confidence: float
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]
    suggestion: str
    suggestion_categories: tuple[str, ...]
    reasons: tuple[str, ...]
    versions: dict[str, str]
    duration_ms: float
    notes: tuple[str, ...] = field(default=())
    # Per head, the calibrated probability of breaking the guidelines (None: not calibrated),
    # and what made the scores shaky: what the approval guard read.
    calibrated: dict[str, float] | None = None
    doubts: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


def _noisy_or(weights: Sequence[float]) -> float:
    """Several independent hints add up without ever passing 1."""
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - max(0.0, min(1.0, w))
    return 1.0 - remaining


def load_models() -> None:
    """Load every model and word list now, so the first comment of each language waits for
    nothing (a worker calls this at start; otherwise each loads on first use)."""
    load_lexicon()
    langid.versions()
    classifiers.load_all()
    calibration.load()
    relevance.load()


def versions() -> dict[str, str]:
    return dict(_versions())


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    # Read from the artifacts once: they do not change under a running process.
    return {
        "engine": ENGINE_VERSION,
        **classifiers.versions(),
        **langid.versions(),
        "calibration": calibration.version(),
    }


def assess(
    text: str,
    *,
    article: ArticleContext | None = None,
    language: str | None = None,
    signals: outside.Signals | None = None,
    policy: Policy | None = None,
    learned_heads: LearnedHeads | None = None,
) -> Assessment:
    return assess_many(
        [text],
        articles=[article],
        language=language,
        signals=[signals],
        policy=policy,
        learned_heads=learned_heads,
    )[0]


def assess_many(
    texts: Sequence[str],
    *,
    articles: Sequence[ArticleContext | None] | None = None,
    language: str | None = None,
    signals: Sequence[outside.Signals | None] | None = None,
    policy: Policy | None = None,
    explain: bool = True,
    learned_heads: LearnedHeads | None = None,
) -> list[Assessment]:
    """Assess a batch; the trained models score each language's comments in one call.

    ``explain=False`` leaves out the models' evidence (which n-grams raised a score), the
    costliest part of an assessment, for callers that only keep the scores (`majlis assess
    --csv`); word-list and signal evidence stay, and every score is the same.

    ``learned_heads``: per language, the site's own heads learned from its moderators
    (`majlis learn`), by the score each replaces: ``toxicity`` (the chance a moderator
    rejects the comment) and categories (the chance one rejects it for that category);
    each takes the place of the shipped score for that language's comments, and their
    versions join the assessment's.
    """
    started = time.perf_counter()
    count = len(texts)
    articles = list(articles) if articles is not None else [None] * count
    signals = list(signals) if signals is not None else [None] * count
    if len(articles) != count or len(signals) != count:
        raise ValueError("articles and signals must match texts one to one")
    lexicon = load_lexicon()

    # Each comment is read once (folded, its language told, cut into n-grams and words);
    # every part below reads these.
    prepared = [prepare(t, language) for t in texts]

    # One model call per language present in the batch.
    model_scores: list[dict[str, float]] = [{} for _ in texts]
    by_language: dict[str, list[int]] = {}
    for i, item in enumerate(prepared):
        by_language.setdefault(item.language, []).append(i)
    for lang, indices in by_language.items():
        predicted = classifiers.predict(
            [texts[i] for i in indices],
            lang,
            [prepared[i].gram_counts for i in indices],
            [prepared[i].promotion_counts for i in indices],
        )
        own = (learned_heads or {}).get(lang, {})
        if own:
            # Each stacked on every shipped score of the language, read before any is replaced.
            shipped = predicted
            grams = [prepared[i].gram_counts for i in indices]
            predicted = {**shipped, **{name: h.predict(grams, shipped) for name, h in own.items()}}
        for key, values in predicted.items():
            for slot, i in enumerate(indices):
                model_scores[i][key] = float(values[slot])

    per_item_ms = (time.perf_counter() - started) * 1000 / max(count, 1)
    results = []
    for i, item in enumerate(prepared):
        item_started = time.perf_counter()
        results.append(
            _combine(
                item,
                model_scores[i],
                explain,
                lexicon,
                articles[i],
                signals[i],
                policy,
                per_item_ms + (time.perf_counter() - item_started) * 1000,
                learned=frozenset((learned_heads or {}).get(item.language, {})),
            )
        )
    if learned_heads:
        for i, result in enumerate(results):
            own = learned_heads.get(result.language)
            if own:
                # The general head first, then the categories' (the desk shows them in a line).
                names = sorted(own, key=lambda name: (name != TOXICITY, name))
                label = ", ".join(own[name].version for name in names)
                results[i] = replace(result, versions={**result.versions, "learned": label})
    return results


def _combine(
    prepared: Prepared,
    model: dict[str, float],
    explain: bool,
    lexicon: Lexicon,
    article: ArticleContext | None,
    signal_input: outside.Signals | None,
    policy: Policy | None,
    shared_ms: float,
    learned: frozenset[str] = frozenset(),
) -> Assessment:
    item_started = time.perf_counter()
    text, lang, confidence = prepared.text, prepared.language, prepared.language_confidence
    evidence: list[Evidence] = []
    hints: dict[str, list[float]] = {c: [] for c in SCORE_KEYS}
    notes: list[str] = []

    # Word lists: every match is a hint for its category and for toxicity. The comment's own
    # language's list and English (mixed in everywhere); all lists when the language is unknown.
    languages = None if lang == "other" else {lang, "en"}
    lexicon_matches = lexicon.find(prepared.normalized, languages=languages)
    for match in lexicon_matches:
        hints[match.category].append(match.weight)
        if match.category != PROMOTION:
            hints[TOXICITY].append(match.weight)
        start, end = match.start, match.end
        if match.category == PERSONAL_ATTACK:
            # An insult's highlight is the insult, not the "you are a" that aims it; a
            # threat's is its whole construction ("I know where the reporter lives").
            start, end = _without_function_words(text, start, end)
        evidence.append(Evidence(match.category, start, end, "lexicon", match.term))

    # The trained model of this language, where one exists.
    for key, value in model.items():
        if key in hints:
            hints[key].append(value)
    if TOXICITY not in model:
        notes.append(Reason("word_lists_only", language=lang))

    # Links, phones, handles, repeats and the commenter's record.
    report = outside.assess_signals(prepared, signal_input or outside.Signals())
    hints[PROMOTION].append(report.spam_score)
    for span in report.evidence:
        evidence.append(Evidence(PROMOTION, span.start, span.end, span.kind, span.value))
    notes.extend(report.reasons)

    # What moved a score without a span to highlight, said plainly for the desk.
    why: list[str] = list(report.reasons)
    scores = {key: round(_noisy_or(values), 4) for key, values in hints.items()}
    if article is not None:
        off_topic, relevant = relevance.off_topic_score(
            prepared,
            title=article.title,
            body=article.body,
            tags=article.tags,
            comment_language=lang,
            article_language=article.language,
            signals_report=report,
        )
        # An advert is off-topic wherever it is posted.
        scores[OFF_TOPIC] = round(max(off_topic, scores[PROMOTION] * 0.9), 4)
        notes.extend(relevant)
        why.extend(relevant)
    else:
        scores[OFF_TOPIC] = 0.0

    calibrated = _calibrated(scores, lang)
    if learned:
        # A site's learned head is itself a probability, fitted on its moderators' decisions:
        # with the word lists' hints, it stands in for the shipped map of its score, and
        # gives Kurdish a calibrated score at all.
        shipped = calibrated or {}
        calibrated = {
            **shipped,
            **{
                name: round(max(scores[name], shipped.get(name, 0.0)), 4)
                for name in learned
                if name in scores
            },
        }
    doubts = _doubts(prepared, lexicon_matches, report)
    suggestion = suggest(
        scores,
        language=lang,
        language_confidence=confidence,
        policy=policy,
        calibrated=calibrated,
        doubts=doubts,
        learned=TOXICITY in learned,
    )
    if TOXICITY in model and explain:
        # The words behind the model's scores: those it is fairly sure of, and those the
        # verdict names where the model moved them.
        wanted = _explained_categories(model, suggestion.categories)
        explained = classifiers.explain_many(
            text,
            lang,
            wanted,
            top_k=3,
            counts=prepared.gram_counts,
            promotion_text=prepared.promotion_text,
            promotion_counts=prepared.promotion_counts,
        )
        if model[TOXICITY] < SURE_TOXICITY and TOXICITY in explained:
            explained[TOXICITY] = _standing_alone(text, lang, explained[TOXICITY])
        for category in wanted:
            spans = explained.get(category, [])
            for start, end, word in spans:
                start, end = _whole_words(text, start, end)
                evidence.append(Evidence(category, start, end, "model", word))
            if category != TOXICITY and not any(e.category == category for e in evidence):
                why.append(Reason("model_only", category=category, score=f"{model[category]:.2f}"))
    return Assessment(
        language=lang,
        language_confidence=round(confidence, 4),
        scores=scores,
        evidence=_tidy(evidence),
        suggestion=suggestion.verdict,
        suggestion_categories=suggestion.categories,
        reasons=tuple(dict.fromkeys((*suggestion.reasons, *why))),
        versions=versions(),
        duration_ms=round(shared_ms + (time.perf_counter() - item_started) * 1000, 3),
        notes=tuple(notes),
        calibrated=calibrated,
        doubts=tuple(doubts),
    )


def _calibrated(scores: dict[str, float], language: str) -> dict[str, float] | None:
    try:
        return calibration.calibrate(scores, language)
    except classifiers.ArtifactError:
        # No (or an altered) calibration: nothing is approved, the rest works on.
        return None


def _doubts(prepared: Prepared, matches, report: outside.SignalReport) -> list[str]:
    """What makes the scores shaky for this comment: the approval guard's condition (c)."""
    doubts = []
    # A handle (@name) is how readers answer each other; links and contacts are what a
    # promoter leaves, and the models read around them (measured: tune_policy.py).
    if any(span.kind != HANDLE for span in report.evidence):
        doubts.append(Reason("contact_details"))
    words = len(prepared.words)
    if words < MIN_WORDS:
        doubts.append(Reason("too_short", count=words))
    if len(prepared.text) > MAX_CHARACTERS:
        doubts.append(Reason("too_long"))
    for match in matches:
        if match.category != PROMOTION and match.weight >= DISAGREEING_WEIGHT:
            doubts.append(Reason("word_list", term=match.term, category=match.category))
    return list(dict.fromkeys(doubts))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a model's character n-gram to the words it lies in: a moderator reads words."""
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _standing_alone(
    text: str, language: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The spans whose word the language's model scores offensive on its own."""
    if not spans:
        return spans
    alone = classifiers.word_scores([text[a:b] for a, b, _ in spans], language, TOXICITY)
    return [span for span, score in zip(spans, alone, strict=True) if score >= WORD_ALONE]


def _without_function_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A phrase rule's match without the function words at its edges: "you are a troll"
    highlights "troll", "I know where the reporter lives" "know where the reporter lives".
    A match of function words only is left whole."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    meaningful = [(a, b) for a, b in words if _carries_meaning(text[a:b])]
    if not meaningful:
        return start, end
    return meaningful[0][0], meaningful[-1][1]


def _carries_meaning(word: str) -> bool:
    # A contraction is as empty as its first part: "you're", "he's".
    head = re.split(r"['’]", word, maxsplit=1)[0]
    return classifiers.carries_meaning(word) and classifiers.carries_meaning(head)


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "*_'’\u200c"


def _tidy(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    """In text order, one entry per category and span; a word-list match or a signal (a
    link, a phone number) hides the model's words that overlap it, whatever their category:
    "www" inside a highlighted link says nothing more."""
    kept: dict[tuple[str, int, int], Evidence] = {}
    for item in sorted(evidence, key=lambda e: e.source == "model"):
        if item.start >= item.end:
            continue
        key = (item.category, item.start, item.end)
        covered = item.source == "model" and any(
            k.source != "model" and k.start < item.end and item.start < k.end for k in kept.values()
        )
        if key not in kept and not covered:
            kept[key] = item
    return tuple(sorted(kept.values(), key=lambda e: (e.start, e.end, e.category)))


def _explained_categories(
    model: dict[str, float], named: Sequence[str], sure: float = 0.5, moved: float = 0.2
) -> list[str]:
    """Explaining costs time: the categories the model is fairly sure of, those the verdict
    names where the model's own score is high enough to have moved them, and the general
    head from `EXPLAINED_TOXICITY` up: the insult no category is sure of ("ignorant
    Republicans") still has its word shown."""
    wanted = [
        k
        for k, v in model.items()
        if k in CATEGORIES and (v >= sure or (k in named and v >= moved))
    ]
    if model.get(TOXICITY, 0.0) >= EXPLAINED_TOXICITY:
        wanted.append(TOXICITY)
    return wanted
