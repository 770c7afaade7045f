"""The opinions a letter gives: standard opinion phrases in its conclusions, not in its
conditions, assumptions or qualifications.

"When the Board has duly authorized the issuance ..., the Shares will be validly issued,
fully paid and nonassessable" gives three opinions, not four. The walk follows how
opinions are laid out: an opening ("we are of the opinion that:"), numbered opinions,
sub-items that list conditions ("when: a. ... b. ...") followed by the conclusion, page
furniture between them, and a numbering that starts again for the qualifications.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPINION_START = re.compile(
    r"\b(?:(?:are|am|is)\s+of\s+(?:the\s+)?(?:following\s+)?opinion|(?:it\s+is|in)\s+(?:our|my)\s+opinion|"
    r"advise\s+you\s+that"
    # a tax letter whose only opinion is the disclosure it confirms: "the statements ...
    # constitute the opinion of Baird Kessler L.L.P."
    r"|constitutes?\s+(?:our|the)\s+opinion)",
    re.I,
)
_OPINION_END = re.compile(
    r"^(?:(?:The|These|Such|All|Each\s+of\s+the)\s+(?:above\s+|foregoing\s+)?opinions?"
    r"|The\s+foregoing|This\s+opinion|Our\s+opinion|My\s+opinion|(?:We|I)\s+(?:hereby\s+)?consent"
    r"|In\s+rendering|We\s+express|We\s+have\s+(?:also\s+)?assumed|Very\s+truly|Sincerely"
    r"|(?:[IVX]+\.\s+)?(?:Qualifications|Assumptions|Exceptions|Limitations)\b)",
    re.I,
)
_CLOSING_OR_CONSENT = re.compile(
    r"^(?:We|I)\s+(?:hereby\s+)?consent|^(?:Very\s+truly|Sincerely)", re.I
)
_ANNOUNCES_CONDITIONS = re.compile(
    r"\b(?:when|if|upon|assuming|provided(?:\s+that)?|once|after)\s*:\s*$", re.I
)
_PHRASES = re.compile(
    r"\b(?:legal,\s+valid\s+and\s+binding\s+obligations?|valid,\s+binding\s+and\s+enforceable\s+obligations?"
    r"|legally\s+valid\s+and\s+binding\s+obligations?|valid\s+and\s+legally\s+binding\s+obligations?"
    r"|legal\s+and\s+binding\s+obligations?"
    r"|valid\s+and\s+binding\s+obligations?|legally\s+binding\s+obligations?|binding\s+obligations?"
    r"|duly\s+authori[sz]ed|duly\s+executed\s+and\s+delivered|validly\s+issued"
    r"|legally\s+issued\s+and\s+allotted|legally\s+issued"  # "allotted": Cayman, BVI
    r"|fully\s+paid(?:-in)?(?:\s+as\s+to\s+(?:their|its|the)\s+nominal\s+value)?"
    # "duly incorporated and existing" (Maryland, Bermuda) is one phrase; "duly incorporated
    # and validly existing" is two
    r"|non-?assessable|duly\s+incorporated\s+and\s+existing|duly\s+incorporated|duly\s+organized|duly\s+formed|duly\s+created|validly\s+existing|in\s+good\s+standing"
    # "is a corporation existing under the CBCA" (Canada): existing, with no "validly"
    r"|existing(?=\s+under\b)"
    # Canadian opinions on a corporation's standing
    r"|valid\s+and\s+subsisting|has\s+not\s+been\s+dissolved"
    r"|reserved\s+for\s+issuance|enforceable\s+in\s+accordance\s+with\s+(?:their|its)\s+terms"
    # debt under an indenture or a mortgage: "will be entitled to the benefits of the Indenture"
    r"|entitled\s+to\s+the\s+benefits?(?:\s+and\s+security)?\s+of\s+the"
    r"\s+(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
    # "... of the Mortgage or the Indenture, as applicable"
    r"(?:\s+(?:or|and)\s+the\s+(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))?)\b",
    re.I,
)
# An opinion phrase is a predicate: "are validly issued", "will be ..., fully paid and ...".
_PREDICATE = re.compile(
    r"(?:\b(?:be|been|are|is|was|were|being|remain|constitute|constitutes|has|have)\s+"
    r"(?:(?:a|an|the)\s+)?|(?:,|\band|\bor|\bcase)\s*"
    r"|\bissued\s+as\s+|\bcredited\s+as\s+|\b(?:corporation|company|partnership|entity)(?:\s*\([^()]*\))?\s+"
    r"|\blimited\s+by\s+shares\s+"
    # "is duly incorporated and existing under the laws of Bermuda in good standing"
    r"|\bunder\s+the\s+laws\s+of\s+(?:the\s+)?(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s+)$",
    re.I,
)
_CONDITION = re.compile(
    # "upon" after a participle describes ("Shares sold upon exercise of the option")
    r"\b(?:when|if|(?<!based\s)(?<!relied\s)(?<!rely\s)(?<!sold\s)(?<!issued\s)(?<!issuable\s)"
    r"(?<!purchased\s)(?<!acquired\s)upon|assuming|assume|assumed|assumes"
    # "provided that" makes a condition; "the Guarantees provided for therein" does not
    r"|provided(?!\s+(?:for|by|in|under|herein|therein)\b)|once|after|until"
    r"|unless(?!\s+otherwise\s+(?:noted|indicated|stated|specified)))\b",
    re.I,
)
_CONCLUDES = re.compile(
    r"\b(?:(?:will|shall)\s+(?:be|constitute|have\s+been)|(?<!that\s)(?<!which\s)constitutes?)\b"
    # "... and, assuming due authentication ..., are valid and binding obligations"
    r"|,\s+(?:are|is)\b"
    # "upon completion of the proceedings ..., the Shares have been duly authorized": the
    # condition ends where the opinion's subject starts
    r"|(?<=,)\s+the\s+(?-i:Shares|Securities|Notes)\s+(?:have|has)\s+been\s+(?:duly\b|$)",
    re.I,
)
# Opinions named by what they conclude rather than by one fixed phrase: counsel's own
# wording varies ("has the necessary corporate power and authority", "has taken all
# corporate action necessary"), so each is recorded under the name practice gives it.
_ENTITY = r"(?:corporate|limited\s+liability\s+company|partnership|trust)"
# "Section 368(a)(1)(F) of the Internal Revenue Code of 1986": the subsection kept, the Code
# by its short name
_OF_CODE = (
    r"(?P<sub>(?:\(\d+\)(?:\([A-Z]\))?)?)"
    r"(?P<code>\s+of\s+the\s+(?:Internal\s+Revenue\s+)?Code(?:\s+of\s+1986)?(?:,\s+as\s+amended)?\b)?"
)


def _of_code(match: re.Match[str]) -> str:
    return match.group("sub") + (" of the Code" if match.group("code") else "")


_NAMED = (
    (
        re.compile(
            rf"\bha(?:s|ve)\s+(?:the\s+)?(?:(?:full|requisite|necessary|all\s+requisite|all\s+necessary)"
            rf"\s+)?(?P<kind>{_ENTITY}(?:\s+or\s+{_ENTITY})?)\s+power"
            r"(?:\s+and\s+(?P<authority>authority|capacity))?",
            re.I,
        ),
        lambda m: (
            f"{_kind(m)} power"
            + (f" and {m.group('authority').lower()}" if m.group("authority") else "")
        ),
    ),
    (
        re.compile(
            rf"\bha(?:s|ve)\s+taken\s+all\s+(?:necessary\s+|requisite\s+)?(?P<kind>{_ENTITY})\s+action",
            re.I,
        ),
        lambda m: f"{_kind(m)} action taken",
    ),
    (
        re.compile(
            r"\b(?:do|does|will|shall)\s+not\b(?:[^.;]|(?<=\s)[a-z]\.(?=\s)){0,160}?\b(?:violate|breach|contravene|conflict\s+with"
            r"|result\s+in\s+(?:a\s+|any\s+)?(?:violation|breach|contravention))",
            re.I,
        ),
        lambda m: "no violation",
    ),
    (  # units of an LLC or a partnership: what "non-assessable" says of shares
        re.compile(
            r"\bno\s+obligation\s+to\s+make\s+(?:any\s+)?(?:further\s+)?(?:payments?|contributions?)\b"
            r"[^.;]{0,240}?\bsolely\s+by\s+reason\s+of\b",
            re.I,
        ),
        lambda m: "no obligation to make payments or contributions solely by reason of ownership",
    ),
    (
        re.compile(
            r"\bqualif(?:ication|y|ied|ies)\s+(?:and\s+taxation\s+|to\s+be\s+taxed\s+)?as\s+a\s+"
            r"(?:REIT|real\s+estate\s+investment\s+trust)\b",
            re.I,
        ),
        lambda m: "qualification and taxation as a REIT",
    ),
    (
        re.compile(
            r"\bqualif(?:ication|y|ied|ies)\s+(?:and\s+taxation\s+)?as\s+a\s+"
            r"(?:RIC|regulated\s+investment\s+company)\b",
            re.I,
        ),
        lambda m: "qualification as a regulated investment company",
    ),
    (
        re.compile(
            rf"\breorganization\"?\s+within\s+the\s+meaning\s+of\s+Section\s+368\(a\){_OF_CODE}",
            re.I,
        ),
        lambda m: f"reorganization within the meaning of Section 368(a){_of_code(m)}",
    ),
    (
        re.compile(
            r"\ba\s+party\s+to\s+(?:a|the|that)\s+\"?reorganization\"?\s+within\s+the\s+meaning"
            rf"\s+of\s+Section\s+368\(b\){_OF_CODE}",
            re.I,
        ),
        lambda m: f"party to the reorganization within the meaning of Section 368(b){_of_code(m)}",
    ),
    (
        re.compile(
            r"\b(?<!not\s)(?:be\s+)?(?:treated|classified)\s+(?:for\s+(?:U\.S\.\s+)?federal\s+income"
            r"\s+tax\s+purposes\s+)?as\s+a\s+partnership\b(?!\s+taxable)",
            re.I,
        ),
        lambda m: "treated as a partnership",
    ),
    (
        re.compile(r"\b(?:treated|classified)\s+as\s+a\s+grantor\s+trust\b", re.I),
        lambda m: "treated as a grantor trust",
    ),
    (
        re.compile(
            r"\bnot\s+be\s+(?:treated|classified)\s+as\s+(?:an\s+association|a\s+publicly\s+traded"
            r"\s+partnership)(?:\s+or\s+(?:a\s+)?publicly\s+traded\s+partnership)?\s+taxable\s+as\s+a"
            r"\s+corporation",
            re.I,
        ),
        lambda m: "not taxable as a corporation",
    ),
    (  # asset-backed notes: "the Notes will be characterized as debt"
        re.compile(r"\b(?:characterized|treated)\s+as\s+(?:debt|indebtedness)\b", re.I),
        lambda m: "characterized as debt",
    ),
    (
        re.compile(
            r"\b(?:fairly\s+and\s+)?accurately\s+(?:summariz|summaris|describ)e[sd]?"
            r"|\b(?:is|are)\s+(?:accurate|correct)\s+in\s+all\s+material\s+respects",
            re.I,
        ),
        # "are accurate in all material respects": the finding, whatever its verb
        lambda m: re.sub(r"^(?:is|are)\s+", "", " ".join(m.group(0).lower().split())),
    ),
    (
        re.compile(r"\bconstitutes?\s+(?:our|the)\s+opinion\b", re.I),
        lambda m: " ".join(m.group(0).lower().split()),
    ),
)


_RECEIPTS_SUBJECT = re.compile(
    r"\b(?:depositary\s+)?receipts\b(?:\s+(?:evidencing|representing)\s+[^.;,]{1,80}?)?"
    r"\s+(?:will\s+be|are|have\s+been|shall\s+be)\s+(?:duly\s+authori[sz]ed\s+and\s+)?$",
    re.I,
)


def _kind(match: re.Match[str]) -> str:
    return " ".join(match.group("kind").lower().split())


_SENTENCE_END = re.compile(r"(?<![A-Z])\.\s+(?=[A-Z(])")
_ITEM = re.compile(r"\((?:[ivx]{1,5}|[a-h]|\d{1,2})\)")
_FIRST_ITEM = re.compile(r"\((?:i|a|1)\)")


@dataclass(frozen=True)
class _Paragraph:
    text: str
    conditions_only: bool = False  # a sub-item of "when:" lists a condition, not an opinion


def _item_style(paragraph: str) -> tuple[str, int] | None:
    """How a paragraph is numbered ("1.", "(1)", "(i)", "(a)", "a.") and its number."""
    match = re.match(r"\(?(\d{1,2})[.)]\s", paragraph)
    if match:
        return "number", int(match.group(1))
    if re.match(r"\([ivx]{1,5}\)\s", paragraph):
        return "roman", 0
    return ("letter", 0) if re.match(r"(?:\([a-z]\)|[a-z][.)])\s", paragraph) else None


class _Walk:
    """State of the walk through the paragraphs after the opinion's opening."""

    def __init__(self, intro: str) -> None:
        self.chosen = [_Paragraph(intro)]
        self.main: str | None = None  # numbering style of the opinions
        self.last_number = 0
        self.sub: str | None = None  # numbering style of the current opinion's sub-items
        self.conditions = False
        self.plain_allowed = intro.rstrip().endswith(":")

    def accepts_item(self, item: tuple[str, int]) -> bool:
        style, number = item
        if self.main is None or (style == self.main and style != self.sub):
            if style == "number" and number <= self.last_number:
                return False  # numbering starts again: the qualifications
            self.main, self.sub, self.conditions = style, None, False
            self.last_number = number if style == "number" else self.last_number
            return True
        if style == self.sub:
            return True
        if self.chosen[-1].text.rstrip().endswith(":"):
            self.sub = style
            self.conditions = bool(_ANNOUNCES_CONDITIONS.search(self.chosen[-1].text))
            return True
        return False

    def take(self, text: str) -> None:
        item = _item_style(text)
        if item is None and _CONCLUDES.search(text):
            self.sub, self.conditions = None, False  # the conclusion after the conditions
        self.chosen.append(_Paragraph(text, self.conditions))

    def continues_at(self, paragraphs: list[str], index: int) -> int | None:
        """Paragraphs to step over (page furniture, a remark) before the opinions go on."""
        for offset in range(1, 5):
            if index + offset >= len(paragraphs):
                return None
            skipped = paragraphs[index : index + offset]
            if any(_CLOSING_OR_CONSENT.match(p) for p in skipped):
                return None
            upcoming = paragraphs[index + offset]
            item = _item_style(upcoming)
            if (
                item
                and item[0] == self.main
                and item[0] != self.sub
                and (item[0] != "number" or item[1] > self.last_number)
            ):
                return offset  # the numbering carries on, whatever came between
            if any(_OPINION_END.match(p) for p in skipped):
                continue
            if (item and (item[0] == self.sub or self.chosen[-1].text.rstrip().endswith(":"))) or (
                item is None and upcoming[:1].islower()
            ):
                return offset  # sub-items or a sentence continued after a page break
        return None


def _opinion_paragraphs(body: str) -> list[_Paragraph]:
    paragraphs = body.split("\n")
    found = ((i, m) for i, p in enumerate(paragraphs) if (m := OPINION_START.search(p)))
    start, opening = next(found, (None, None))
    if start is None or opening is None:
        return []
    walk = _Walk(paragraphs[start][opening.start() :])
    index = start + 1
    while index < min(len(paragraphs), start + 80):
        text = paragraphs[index]
        item = _item_style(text)
        if item is not None:
            if not walk.accepts_item(item):
                break
            walk.take(text)
        elif text[:1].islower() and walk.main is not None:
            walk.take(text)  # a conclusion after "when: a. ... b. ...", or a continued sentence
        elif walk.main is None and walk.plain_allowed and not _OPINION_END.match(text):
            walk.take(text)  # "I am of the opinion that:" followed by plain paragraphs
        else:
            step = walk.continues_at(paragraphs, index) if walk.main is not None else None
            if step is None:
                break
            index += step
            continue
        index += 1
    return walk.chosen


def _is_condition(paragraph: str, position: int) -> bool:
    """Whether the phrase at `position` sits in a condition or assumption ("When the Board
    has duly authorized ...", "(assuming ... have been duly authorized)") rather than in the
    conclusion: within its sentence or list item, is there a condition word not yet
    followed by a "will be" / "will constitute"?"""
    before = paragraph[:position]
    masked = before
    while True:  # words inside closed parentheses belong to another clause
        unmasked, masked = masked, re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), masked)
        if unmasked == masked:
            break
    boundaries = [masked.rfind(";"), masked.rfind(":")] + [
        m.end() for m in _SENTENCE_END.finditer(masked)
    ]
    scope_start = max(boundaries + [0])
    scope = masked[scope_start:]
    condition = max((m.start() for m in _CONDITION.finditer(scope)), default=-1)
    conclusion = max((m.start() for m in _CONCLUDES.finditer(scope)), default=-1)
    if condition > conclusion:
        return True
    # An item (ii), (b), ... of a list opened by "when (i)" or "Assuming (i)" inherits the
    # condition, until a "will be" after the item's start.
    items = list(_ITEM.finditer(before[scope_start:]))
    if items and conclusion < items[-1].start():
        firsts = [m.start() for m in _FIRST_ITEM.finditer(before)]
        if firsts and _CONDITION.search(before[max(0, firsts[-1] - 60) : firsts[-1]]):
            return True
    return False


def opinions_given(body: str) -> list[str]:
    """The standard opinion phrases the letter concludes with, as the letter spells them.

    A phrase counts only in its standard words: "in each case enforceable in accordance with
    their terms" gives "enforceable in accordance with their terms", while "binding
    obligations of the Company, enforceable against the Company in accordance with their
    terms" is the closing of the binding-obligations opinion and is not rewritten into it."""
    found: list[str] = []
    paragraphs = _opinion_paragraphs(body)
    for paragraph in paragraphs:
        if paragraph.conditions_only:
            continue
        text = paragraph.text
        chained_end = -1  # "validly issued fully paid": a phrase right after another one
        for match in _PHRASES.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            chained = (
                chained_end >= 0
                and re.fullmatch(r"[\s,]*(?:and\s+)?", text[chained_end : match.start()])
                is not None
            )
            if not (_PREDICATE.search(before) or chained) or _is_condition(text, match.start()):
                chained_end = -1
                continue
            chained_end = match.end()
            phrase = " ".join(match.group(0).split())
            # lower case, but "... entitled to the benefits of the Indenture" keeps its term's
            if not phrase.lower().startswith("entitled to"):
                phrase = phrase.lower()
            phrase = re.sub(r"obligation$", "obligations", phrase)
            # one name for "as to their / its / the nominal value" (Swiss letters)
            phrase = re.sub(
                r"as to (?:their|its|the) nominal value$", "as to nominal value", phrase
            )
            if phrase == "validly issued" and _RECEIPTS_SUBJECT.search(
                text[max(0, match.start() - 200) : match.start()]  # the subject just before
            ):
                # The depositary receipts opinion ("the depositary receipts ... will be
                # validly issued and will entitle the holders ...") is its own opinion.
                phrase = "depositary receipts validly issued"
            if phrase not in found:
                found.append(phrase)
    conclusions = " ".join(p.text for p in paragraphs if not p.conditions_only)
    for pattern, name in _NAMED:
        for match in pattern.finditer(conclusions):
            if not _is_condition(conclusions, match.start()) and name(match) not in found:
                found.append(name(match))
                break
    return found
