"""Candidate pillars, objectives and actions in a document's blocks (pure functions).

What becomes what:
- a heading named by a keyword in any of the six UN languages ("Pillar 2", "Axe 2", "المحور
  الأول", "Objectif 1.2", "Цель 3", "目标一") takes the keyword's kind;
- other headings (DOCX heading styles; short numbered lines in PDFs and text; upper-case roman
  numerals; Chinese 一、) take their level: 1 → pillar, 2 → objective, 3 and below → action;
  "1" is level 1, "1.2" level 2, "1.2.3" level 3;
- numbered sentences, lettered items (a), б), أ-) and bullets become actions under the
  latest pillar or objective; bullets only there (elsewhere they are other text);
- tables whose header names an action and a lead body, timeframe or cost (an action matrix)
  give one action per row, with those fields; an objective column gives objectives;
- "Lead: …", "Responsable : …", "الجهة المسؤولة: …" (and timeframe/cost) in or after an action
  fill its fields;
- everything else (and anything under a heading like "Introduction" or "Annex") is "other"
  text: kept for the reviewer, not classified.

Parents follow the hierarchy pillar > objective > action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pveplan.documents.ingest.extract import Block

MAX_HEADING = 160  # a numbered line longer than this is a sentence, not a heading
MAX_TEXT = 4000

PILLAR, OBJECTIVE, ACTION, OTHER = "pillar", "objective", "action", "other"
LEVEL_KIND = {1: PILLAR, 2: OBJECTIVE, 3: ACTION}

# Keyword heads of headings, per kind, in the six languages (lower case; matched at the start).
KEYWORDS = {
    PILLAR: [
        # en
        "pillar", "strategic pillar", "axis", "strategic axis", "strategic area",
        "strategic priority", "priority area", "component", "thematic area", "focus area",
        # fr
        "pilier", "axe", "axe stratégique", "domaine stratégique", "domaine prioritaire",
        "composante",
        # es
        "pilar", "eje", "eje estratégico", "área estratégica", "área prioritaria", "componente",
        # ru
        "направление", "стратегическое направление", "приоритетное направление", "компонент",
        "опора",
        # ar
        "المحور", "محور", "الركيزة", "ركيزة", "المجال", "مجال", "الدعامة",
        # zh
        "支柱", "战略支柱", "领域", "重点领域", "方向", "战略方向",
    ],
    OBJECTIVE: [
        "objective", "strategic objective", "specific objective", "general objective",
        "overall objective", "goal", "strategic goal", "outcome", "expected outcome",
        "objectif", "objectif stratégique", "objectif spécifique", "objectif général",
        "résultat", "résultat attendu",
        "objetivo", "objetivo estratégico", "objetivo específico", "objetivo general", "meta",
        "resultado", "resultado esperado",
        "цель", "стратегическая цель", "задача", "ожидаемый результат",
        "الهدف", "هدف", "الغاية", "النتيجة", "النتيجة المتوقعة",
        "目标", "战略目标", "具体目标", "总体目标", "预期成果",
    ],
    ACTION: [
        "action", "activity", "measure", "intervention", "output",
        "activité", "mesure", "produit",
        "acción", "accion", "actividad", "medida", "intervención", "producto",
        "мероприятие", "действие", "мера",
        "الإجراء", "إجراء", "النشاط", "نشاط", "التدبير", "تدبير",
        "行动", "活动", "措施",
    ],
}  # fmt: skip

# Headings that open text that is not plan structure.
NON_STRUCTURE = [
    "introduction", "foreword", "preface", "context", "background", "executive summary",
    "summary", "acronyms", "abbreviations", "glossary", "table of contents", "contents",
    "annex", "appendix", "references", "bibliography", "methodology", "definitions",
    "monitoring and evaluation", "acknowledgements",
    "avant-propos", "préface", "contexte", "résumé", "sigles", "acronymes", "glossaire",
    "table des matières", "sommaire", "annexe", "références", "méthodologie", "définitions",
    "remerciements",
    "introducción", "prólogo", "contexto", "antecedentes", "resumen", "siglas", "glosario",
    "índice", "anexo", "referencias", "metodología", "definiciones",
    "введение", "предисловие", "контекст", "предыстория", "резюме", "сокращения", "глоссарий",
    "содержание", "оглавление", "приложение", "методология", "определения",
    "مقدمة", "المقدمة", "تمهيد", "السياق", "خلفية", "الخلفية", "ملخص", "الملخص", "المختصرات",
    "مسرد", "المحتويات", "فهرس", "الفهرس", "ملحق", "الملحق", "المراجع", "المنهجية", "تعاريف",
    "التعاريف",
    "引言", "前言", "序言", "背景", "摘要", "概述", "缩略语", "术语", "目录", "附件", "附录",
    "参考文献", "方法", "定义",
]  # fmt: skip

# Table header words: which column holds what.
COLUMN_WORDS = {
    "action": [
        "action", "activity", "activities", "measure", "intervention", "activité", "activités",
        "mesure", "mesures", "acción", "acciones", "actividad", "actividades", "medida",
        "medidas", "мероприят", "действи", "меры", "мера", "إجراء", "الإجراء", "الإجراءات",
        "نشاط", "النشاط", "الأنشطة", "التدابير", "行动", "活动", "措施",
    ],
    "lead": [
        "lead", "responsib", "implementing", "implementer", "agency", "owner", "responsable",
        "chef de file", "pilote", "porteur", "entité", "institution", "ответствен",
        "исполнител", "المسؤول", "مسؤول", "الجهة", "المنفذ", "المنفذة", "负责", "牵头",
        "责任", "执行",
    ],
    "timeframe": [
        "timeframe", "time frame", "timeline", "period", "deadline", "schedule", "when",
        "calendrier", "échéance", "échéancier", "délai", "période", "plazo", "cronograma",
        "calendario", "período", "periodo", "срок", "период", "график", "الإطار الزمني",
        "الجدول الزمني", "المدة", "التوقيت", "الفترة", "时间", "期限", "时限", "时间表",
    ],
    "cost": [
        "cost", "budget", "funding", "resources", "amount", "coût", "cout", "financement",
        "ressources", "montant", "costo", "coste", "presupuesto", "financiación", "recursos",
        "стоимост", "бюджет", "финансирован", "ресурс", "التكلفة", "تكلفة", "الكلفة",
        "الميزانية", "ميزانية", "التمويل", "الموارد", "费用", "成本", "预算", "经费", "资金",
    ],
    "objective": [
        "objective", "objectif", "objetivo", "цель", "задача", "الهدف", "هدف", "目标",
    ],
}  # fmt: skip

# "Lead: …" and the like in running text.
FIELD_LABELS = {
    "lead": [*COLUMN_WORDS["lead"][:4], "lead agency", "lead body", "responsable", "ответственный", "ответственные", "исполнитель", "الجهة المسؤولة", "الجهة المنفذة", "المسؤول", "负责单位", "牵头单位", "负责部门", "责任单位", "entidad responsable"],
    "timeframe": ["timeframe", "time frame", "timeline", "deadline", "calendrier", "échéance",
                  "délai", "plazo", "calendario", "cronograma", "сроки", "срок",
                  "الإطار الزمني", "الجدول الزمني", "المدة", "时间", "时限", "期限"],
    "cost": ["cost", "estimated cost", "budget", "coût", "coût estimé", "costo", "coste",
             "presupuesto", "стоимость", "бюджет", "التكلفة", "الكلفة", "الميزانية", "费用",
             "预算", "成本"],
}  # fmt: skip
FIELD_LIMITS = {"lead": 300, "timeframe": 100, "cost": 100}


@dataclass
class Candidate:
    """A segment found: `parent` is the index of its parent candidate in the list."""

    position: int
    page: int
    kind: str
    text: str
    number: str = ""
    parent: int | None = None
    lead_body: str = ""
    timeframe: str = ""
    cost: str = ""


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_DIGIT = r"[0-9٠-٩۰-۹]"
_NUMBER = rf"{_DIGIT}+(?:[.\-]{_DIGIT}+)*"
_ROMAN = r"(?:[IVXLC]+|[ivxlc]+)"
_ARABIC_ORDINALS = (
    "الأول|الاول|الأولى|الاولى|الثاني|الثانية|الثالث|الثالثة|الرابع|الرابعة|الخامس|الخامسة|"
    "السادس|السادسة|السابع|السابعة|الثامن|الثامنة|التاسع|التاسعة|العاشر|العاشرة"
)
_CHINESE_NUMERALS = "[一二三四五六七八九十百]+"
_QUALIFIER = r"(?:strategic|specific|general|overall|key|main|priority|thematic|стратегическ\w*|основн\w*|战略|具体|总体|主要)\s*"
# What may follow a keyword: a number, roman numeral, ordinal, letter, then a separator.
_AFTER_KEYWORD = (
    rf"(?:\s*(?:n[°o]\s*)?(?P<num>{_NUMBER}|{_ARABIC_ORDINALS}|{_CHINESE_NUMERALS})"
    rf"|\s+(?P<letter>{_ROMAN}|[A-Za-z])\b)?\s*(?:[:：.\-–—)]|$|\s)"
)
_KEYWORD_RES = {
    kind: re.compile(
        rf"^\s*(?:{_QUALIFIER})?(?:第{_CHINESE_NUMERALS})?(?P<kw>{_alternation(words)})"
        rf"{_AFTER_KEYWORD}",
        re.IGNORECASE,
    )
    for kind, words in KEYWORDS.items()
}
_NON_STRUCTURE_RE = re.compile(
    rf"^\s*(?:{_NUMBER}[.)]?\s*|{_ROMAN}[.)]\s*|{_CHINESE_NUMERALS}[、.．]\s*)?"
    rf"(?:{_alternation(NON_STRUCTURE)})(?:\W|$)",
    re.IGNORECASE,
)
# Items: "1.", "1.2.3", "2)", "(3)", "١."
_NUMBERED = re.compile(rf"^\s*\(?(?P<num>{_NUMBER})(?P<sep>[.)]|\s|[.、．])\s*(?P<rest>\S.*)$")
_ROMAN_ITEM = re.compile(r"^\s*(?P<num>[IVXLC]{1,6})[.)]\s+(?P<rest>\S.*)$")
_CHINESE_ITEM = re.compile(
    rf"^\s*(?P<paren>[（(])?(?P<num>{_CHINESE_NUMERALS})(?:[）)]|[、.．])\s*(?P<rest>\S.*)$"
)
_LETTER_ITEM = re.compile(
    r"^\s*\(?(?P<num>[a-zа-яё]|[أابتثجحخدذرزسشصضطظعغفقكلمنهوي])\s*[)\-–.]\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[-–—•▪●○◦*·■□►➢✓✔]\s*(?P<rest>\S.*)$")
_FIELD_RES = {
    name: re.compile(
        rf"(?:^|[\s;,(])(?:{_alternation(words)})\w*\s*[:：]\s*(?P<value>[^;|\n]+)", re.IGNORECASE
    )
    for name, words in FIELD_LABELS.items()
}
_SENTENCE_END = re.compile(r"[.!?。！？؟;؛]\s*$")


def _to_ascii_digits(value: str) -> str:
    return value.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))


def _depth(number: str) -> int:
    return len([p for p in re.split(r"[.\-]", number) if p])


def _components(number: str) -> list[int]:
    parts = [p for p in re.split(r"[.\-]", number) if p]
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else []


def keyword_kind(text: str) -> tuple[str, str] | None:
    """(kind, number) when `text` opens with a pillar/objective/action keyword."""
    for kind in (OBJECTIVE, PILLAR, ACTION):
        match = _KEYWORD_RES[kind].match(text)
        if match:
            return kind, _to_ascii_digits(match.group("num") or match.group("letter") or "")
    return None


def is_non_structure_heading(text: str) -> bool:
    return len(text) <= MAX_HEADING and bool(_NON_STRUCTURE_RE.match(text))


@dataclass
class Line:
    """What one line or paragraph is: a heading (with its level), an item, or running text."""

    role: str  # "heading", "item", "bullet", "field", "text", "skip"
    text: str
    number: str = ""
    level: int = 0  # for headings: 1, 2, 3...
    kind: str = ""  # a keyword's kind, when one named it
    styled: bool = False  # a DOCX heading style says it is a heading


def read_line(text: str, *, heading_level: int | None = None, list_item: bool = False) -> Line:
    """The role of one line of text (or DOCX paragraph with its heading level)."""
    text = text.strip()
    if not text:
        return Line("skip", text)
    if is_non_structure_heading(text) and (heading_level or len(text) <= 80):
        return Line("heading", text, level=heading_level or 1, kind=OTHER)
    named = keyword_kind(text)
    if named and len(text) <= 400:
        kind, number = named
        level = {PILLAR: 1, OBJECTIVE: 2, ACTION: 3}[kind]
        return Line("heading", text, number=number, level=level, kind=kind)
    if _field_only(text):
        return Line("field", text)
    if heading_level:
        match = _NUMBERED.match(text)
        number = _to_ascii_digits(match.group("num")) if match else ""
        level = _depth(number) if number and _depth(number) > 1 else heading_level
        return Line("heading", text, number=number, level=level, styled=True)
    short = len(text) <= MAX_HEADING and not _SENTENCE_END.search(text)
    match = _NUMBERED.match(text)
    if match and not _looks_like_a_quantity(match, short):
        number = _to_ascii_digits(match.group("num"))
        if short and (match.group("sep") != ")" or _depth(number) > 1):
            return Line("heading", text, number=number, level=_depth(number))
        return Line("item", text, number=number, level=_depth(number))
    match = _ROMAN_ITEM.match(text)
    if match and short:
        return Line("heading", text, number=match.group("num"), level=1)
    match = _CHINESE_ITEM.match(text)
    if match:
        level = 2 if match.group("paren") else 1
        if short:
            return Line("heading", text, number=match.group("num"), level=level)
        return Line("item", text, number=match.group("num"), level=level)
    match = _LETTER_ITEM.match(text)
    if match:
        return Line("item", text, number=match.group("num") + ")", level=3)
    match = _BULLET.match(text)
    if match:
        return Line("bullet", match.group("rest"))
    if list_item:
        return Line("bullet", text)
    return Line("text", text)


def _looks_like_a_quantity(match: re.Match[str], short: bool) -> bool:
    """ "2025 will see…" or "500 teachers trained" open with a number that numbers nothing."""
    number = match.group("num")
    plain = not re.search(r"[.\-]", number)
    return match.group("sep").isspace() and plain and (len(number) >= 3 or not short)


def _field_only(text: str) -> bool:
    """A line that is only "Lead: …" (or timeframe/cost)."""
    return any(regex.match(text) for regex in _FIELD_RES.values())


def fields_in(text: str) -> dict[str, str]:
    """Lead body, timeframe and cost written as "Label: value" in `text`."""
    found = {}
    for name, regex in _FIELD_RES.items():
        match = regex.search(text)
        if match:
            value = match.group("value").strip().rstrip(".،,")
            found[name] = value[: FIELD_LIMITS[name]]
    return found


def _cell_role(header: str) -> str | None:
    lowered = header.lower()
    for role in ("lead", "timeframe", "cost", "objective", "action"):
        if any(word in lowered for word in COLUMN_WORDS[role]):
            return role
    return None


def matrix_columns(header: list[str]) -> dict[str, int] | None:
    """Column index of each role when `header` is an action matrix's header row, else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        role = _cell_role(cell)
        if role and role not in columns:
            columns[role] = index
    fields = sum(1 for role in ("lead", "timeframe", "cost") if role in columns)
    if fields == 0 or (fields == 1 and "action" not in columns):
        return None
    if "action" not in columns:
        free = [i for i in range(len(header)) if i not in columns.values()]
        if not free:
            return None
        columns["action"] = free[0]
    return columns


class _Builder:
    def __init__(self) -> None:
        self.found: list[Candidate] = []
        self.pillar: int | None = None
        self.objective: int | None = None
        self.in_structure = False  # under a pillar/objective heading
        self.under_other = False  # under a heading like "Introduction"
        self.keyword_context: int | None = None  # the open pillar/objective a keyword named
        self.list_depth: int | None = None  # depth of the numbers of the list being read
        self.last_open: int | None = None  # the candidate a continuation line would extend

    def add(self, page: int, kind: str, text: str, number: str = "", **fields: str) -> int:
        if kind == PILLAR:
            parent = None
        elif kind == OBJECTIVE:
            parent = self.pillar
        elif kind == ACTION:
            parent = self.objective if self.objective is not None else self.pillar
        else:
            parent = self.objective if self.objective is not None else self.pillar
            parent = parent if self.in_structure else None
        index = len(self.found)
        self.found.append(
            Candidate(
                position=index,
                page=page,
                kind=kind,
                text=text[:MAX_TEXT],
                number=number[:30],
                parent=parent,
                lead_body=fields.get("lead", ""),
                timeframe=fields.get("timeframe", ""),
                cost=fields.get("cost", ""),
            )
        )
        if kind == PILLAR:
            self.pillar, self.objective, self.in_structure = index, None, True
            self.under_other = False
        elif kind == OBJECTIVE:
            self.objective, self.in_structure, self.under_other = index, True, False
        return index

    def heading(self, page: int, line: Line) -> None:
        if line.kind == OTHER:
            self.pillar = self.objective = None
            self.in_structure, self.under_other = False, True
            self.keyword_context = None
            self.add(page, OTHER, line.text, line.number)
            self.last_open = None
            return
        kind = line.kind or LEVEL_KIND.get(min(line.level, 3), ACTION)
        if not line.kind and not line.styled and kind != ACTION and not self._continues(line):
            # "1. …" under "Objective 2": a list of actions, not a new pillar.
            self.item(page, line, bullet=False)
            return
        fields = fields_in(line.text) if kind == ACTION else {}
        index = self.add(page, kind, line.text, line.number, **fields)
        self.last_open = index if kind == ACTION else None
        self.list_depth = None
        if line.kind in (PILLAR, OBJECTIVE):
            self.keyword_context = index
        elif kind == PILLAR:
            self.keyword_context = None

    def _continues(self, line: Line) -> bool:
        """Whether a numbered heading may open a new level here: no keyword heading is open,
        or its number extends the open one's ("1.2" under "Pillar 1")."""
        if self.list_depth == _depth(line.number):
            return False  # the next item of a list of actions
        if self.keyword_context is None:
            return True
        number = self.found[self.keyword_context].number
        if number and line.number.startswith(number + "."):
            return True
        # "2" after "Objective 1.1": a new section; "1" after "Objective 1": a list starts.
        mine, theirs = _components(line.number), _components(number)
        depth = len(mine)
        return bool(mine) and len(theirs) >= depth and mine > theirs[:depth]

    def item(self, page: int, line: Line, bullet: bool) -> None:
        structural = self.in_structure or (not bullet and not self.under_other)
        kind = ACTION if structural else OTHER
        index = self.add(page, kind, line.text, line.number, **fields_in(line.text))
        self.last_open = index
        self.list_depth = _depth(line.number) if line.number and _components(line.number) else None

    def field(self, page: int, line: Line) -> None:
        target = self._last_action()
        if target is None:
            self.add(page, OTHER, line.text)
            return
        for name, value in fields_in(line.text).items():
            attribute = {"lead": "lead_body"}.get(name, name)
            if not getattr(target, attribute):
                setattr(target, attribute, value)

    def _last_action(self) -> Candidate | None:
        for candidate in reversed(self.found[-3:]):
            if candidate.kind == ACTION:
                return candidate
            if candidate.kind in (PILLAR, OBJECTIVE):
                return None
        return None

    def text(self, page: int, line: Line) -> None:
        previous = self.found[self.last_open] if self.last_open is not None else None
        if previous is not None and not _SENTENCE_END.search(previous.text):
            # A wrapped line of the item before.
            previous.text = f"{previous.text} {line.text}"[:MAX_TEXT]
            for name, value in fields_in(line.text).items():
                attribute = {"lead": "lead_body"}.get(name, name)
                setattr(previous, attribute, getattr(previous, attribute) or value)
            return
        self.last_open = self.add(page, OTHER, line.text)

    def table(self, block: Block) -> None:
        rows = block.rows or []
        columns = matrix_columns(rows[0]) if rows else None
        if columns is None:
            for row in rows:
                text = " | ".join(cell for cell in row if cell)
                if text:
                    self.add(block.page, OTHER, text)
            self.last_open = None
            return
        previous_objective = ""
        for row in rows[1:]:
            cells = [c.strip() for c in row]
            if len({c for c in cells if c}) == 1 and len(cells) > 1:
                # A row spanning the table: a heading inside it ("Objective 1.2 ...").
                line = read_line(next(c for c in cells if c))
                if line.role == "heading":
                    self.heading(block.page, line)
                    continue

            def cell(role: str, cells: list[str] = cells) -> str:
                index = columns.get(role)
                return cells[index] if index is not None and index < len(cells) else ""

            objective = cell("objective")
            if objective and objective != previous_objective:
                named = keyword_kind(objective)
                self.add(block.page, OBJECTIVE, objective, named[1] if named else "")
                previous_objective = objective
            action = cell("action")
            if not action:
                continue
            match = _NUMBERED.match(action)
            number = _to_ascii_digits(match.group("num")) if match else ""
            self.add(
                block.page,
                ACTION,
                action,
                number,
                lead=cell("lead")[:300],
                timeframe=cell("timeframe")[:100],
                cost=cell("cost")[:100],
            )
        self.last_open = None


def _text_table(lines: list[str]) -> list[list[str]]:
    return [
        [c.strip() for c in re.split(r"\t|\s\|\s|^\||\|$", line) if c.strip()] for line in lines
    ]


def _is_table_line(text: str) -> bool:
    return text.count("\t") >= 2 or text.count(" | ") >= 2


def segment(blocks: list[Block]) -> list[Candidate]:
    """The candidate segments of a document's blocks, in reading order."""
    builder = _Builder()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.rows is not None:
            builder.table(block)
            index += 1
            continue
        if _is_table_line(block.text):
            # Lines of cells separated by tabs or " | " in text files: a table.
            end = index
            while (
                end < len(blocks) and blocks[end].rows is None and _is_table_line(blocks[end].text)
            ):
                end += 1
            if end - index >= 2:
                rows = _text_table([b.text for b in blocks[index:end]])
                builder.table(Block(page=block.page, rows=rows))
                index = end
                continue
        line = read_line(block.text, heading_level=block.heading_level, list_item=block.list_item)
        if line.role == "heading":
            builder.heading(block.page, line)
        elif line.role in ("item", "bullet"):
            builder.item(block.page, line, bullet=line.role == "bullet")
        elif line.role == "field":
            builder.field(block.page, line)
        elif line.role == "text":
            builder.text(block.page, line)
        index += 1
    return builder.found


STRUCTURAL = (PILLAR, OBJECTIVE, ACTION)
