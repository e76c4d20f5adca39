"""Illustrative plan-like files made on the spot (tests, the demo and `bench_document`):
a PDF laid out by WeasyPrint in any of the six languages, a French Word document with a heading
hierarchy, numbered items and an action matrix, a Russian text file. No real plan's text."""

from __future__ import annotations

import html
import zipfile
from io import BytesIO

# Per language: pillar, objective and action headings' words, actions, table header, a lead
# body, a timeframe and a cost.
CONTENT: dict[str, dict[str, object]] = {
    "ar": {
        "pillar": "المحور",
        "ordinals": ["الأول", "الثاني", "الثالث", "الرابع", "الخامس"],
        "objective": "الهدف",
        "pillars": ["الوقاية والتعليم", "الشباب والمجتمعات المحلية", "الحوكمة وسيادة القانون"],
        "objectives": ["تعزيز قدرة المدارس على بناء التفكير النقدي", "دعم مبادرات الشباب"],
        "actions": [
            "تدريب المعلمين على التفكير النقدي والحوار في جميع المدارس الحكومية.",
            "إطلاق برنامج وطني لدعم المبادرات التي يقودها الشباب في المحافظات.",
            "إنشاء لجان مجتمعية للإحالة والوقاية في البلديات.",
            "تطوير خطاب بديل على وسائل التواصل الاجتماعي بالشراكة مع الشباب.",
            "تعزيز مشاركة المرأة في لجان الوقاية المحلية.",
        ],
        "header": ["الإجراء", "الجهة المسؤولة", "الإطار الزمني", "التكلفة"],
        "lead": "وزارة التربية والتعليم",
        "timeframe": "2025-2027",
        "cost": "250,000 دولار",
        "intro": "مقدمة",
        "intro_text": "أعدت هذه الخطة بعد مشاورات واسعة مع المؤسسات الوطنية والمجتمع المدني.",
    },
    "fr": {
        "pillar": "Axe",
        "ordinals": ["1", "2", "3", "4", "5"],
        "objective": "Objectif",
        "pillars": ["Prévention et éducation", "Jeunesse et communautés", "Gouvernance"],
        "objectives": [
            "Renforcer l'esprit critique à l'école",
            "Soutenir les initiatives des jeunes",
        ],
        "actions": [
            "Former les enseignants à l'esprit critique et au dialogue dans toutes les écoles.",
            "Lancer un programme national de soutien aux initiatives portées par les jeunes.",
            "Créer des comités communautaires de prévention dans les communes.",
            "Développer des contre-discours en ligne avec des jeunes influenceurs.",
            "Renforcer la participation des femmes aux comités locaux de prévention.",
        ],
        "header": ["Action", "Responsable", "Calendrier", "Coût"],
        "lead": "Ministère de l'Éducation nationale",
        "timeframe": "2025-2027",
        "cost": "250 000 EUR",
        "intro": "Introduction",
        "intro_text": "Ce plan a été préparé après de larges consultations nationales.",
    },
    "en": {
        "pillar": "Pillar",
        "ordinals": ["1", "2", "3", "4", "5"],
        "objective": "Objective",
        "pillars": ["Prevention and education", "Youth and communities", "Governance"],
        "objectives": ["Strengthen critical thinking in schools", "Support youth initiatives"],
        "actions": [
            "Train teachers in critical thinking and dialogue in all public schools.",
            "Launch a national programme supporting youth-led initiatives in every province.",
            "Set up community prevention and referral committees in municipalities.",
            "Develop online counter-narratives together with young influencers.",
            "Strengthen the participation of women in local prevention committees.",
        ],
        "header": ["Action", "Lead agency", "Timeframe", "Cost"],
        "lead": "Ministry of Education",
        "timeframe": "2025-2027",
        "cost": "USD 250,000",
        "intro": "Introduction",
        "intro_text": "This plan was prepared after broad national consultations.",
    },
    "ru": {
        "pillar": "Направление",
        "ordinals": ["1", "2", "3", "4", "5"],
        "objective": "Цель",
        "pillars": ["Профилактика и образование", "Молодежь и общины", "Управление"],
        "objectives": ["Развитие критического мышления в школах", "Поддержка инициатив молодежи"],
        "actions": [
            "Обучить учителей навыкам критического мышления и диалога во всех школах.",
            "Запустить национальную программу поддержки молодежных инициатив в регионах.",
            "Создать общественные комитеты по профилактике в муниципалитетах.",
            "Разработать альтернативные нарративы в социальных сетях вместе с молодежью.",
            "Расширить участие женщин в местных комитетах по профилактике.",
        ],
        "header": ["Мероприятие", "Ответственный", "Сроки", "Стоимость"],
        "lead": "Министерство образования",
        "timeframe": "2025-2027",
        "cost": "250 000 долларов",
        "intro": "Введение",
        "intro_text": "План подготовлен по итогам широких национальных консультаций.",
    },
    "es": {
        "pillar": "Eje",
        "ordinals": ["1", "2", "3", "4", "5"],
        "objective": "Objetivo",
        "pillars": ["Prevención y educación", "Juventud y comunidades", "Gobernanza"],
        "objectives": ["Fortalecer el pensamiento crítico en las escuelas", "Apoyar a la juventud"],
        "actions": [
            "Capacitar a los docentes en pensamiento crítico y diálogo en todas las escuelas.",
            "Lanzar un programa nacional de apoyo a iniciativas lideradas por jóvenes.",
            "Crear comités comunitarios de prevención en los municipios.",
            "Desarrollar contranarrativas en línea junto con jóvenes.",
            "Reforzar la participación de las mujeres en los comités locales de prevención.",
        ],
        "header": ["Acción", "Responsable", "Plazo", "Costo"],
        "lead": "Ministerio de Educación",
        "timeframe": "2025-2027",
        "cost": "250.000 USD",
        "intro": "Introducción",
        "intro_text": "Este plan se elaboró tras amplias consultas nacionales.",
    },
    "zh": {
        "pillar": "支柱",
        "ordinals": ["一", "二", "三", "四", "五"],
        "objective": "目标",
        "pillars": ["预防与教育", "青年与社区", "治理与法治"],
        "objectives": ["加强学校的批判性思维教育", "支持青年倡议"],
        "actions": [
            "在所有公立学校培训教师开展批判性思维和对话教育。",
            "启动支持青年主导倡议的国家方案。",
            "在各市镇设立社区预防和转介委员会。",
            "与青年合作在社交媒体上开发替代叙事。",
            "加强妇女对地方预防委员会的参与。",
        ],
        "header": ["行动", "负责单位", "时间", "费用"],
        "lead": "教育部",
        "timeframe": "2025-2027",
        "cost": "25万美元",
        "intro": "引言",
        "intro_text": "本计划是在广泛的全国协商之后制定的。",
    },
}
FONTS = {
    "ar": "'Noto Naskh Arabic', 'Noto Sans Arabic', sans-serif",
    "zh": "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
}


def plan_html(language: str, pages: int = 1, statements: list[str] | None = None) -> str:
    """An illustrative plan of about `pages` A4 pages: headings, numbered actions, and an
    action matrix every third page. With `statements`, the actions are those texts in turn,
    each made unique by its number (so no two segments are the same text: benchmarks)."""
    c = CONTENT[language]
    esc = html.escape
    direction = "rtl" if language == "ar" else "ltr"
    font = FONTS.get(language, "'Noto Sans', sans-serif")
    parts = [
        f'<html lang="{language}" dir="{direction}"><head><style>'
        f"body {{ font-family: {font}; font-size: 11pt; }} "
        "section { break-after: page; } table { border-collapse: collapse; } "
        "td, th { border: 1px solid #999; padding: 2pt 6pt; }</style></head><body>",
        f"<section><h2>{esc(str(c['intro']))}</h2><p>{esc(str(c['intro_text']))}</p>",
    ]
    ordinals, pillars = list(c["ordinals"]), list(c["pillars"])  # type: ignore[call-overload]
    objectives, actions = list(c["objectives"]), list(c["actions"])  # type: ignore[call-overload]
    header = list(c["header"])  # type: ignore[call-overload]
    counter = 0

    def action_text(text: str, code: str) -> str:
        nonlocal counter
        if not statements:
            return text
        counter += 1
        return f"{statements[(counter - 1) % len(statements)]} ({code})"

    for page in range(pages):
        if page:
            parts.append("<section>")
        p = page % len(ordinals)
        parts.append(f"<h2>{esc(str(c['pillar']))} {ordinals[p]}: {esc(pillars[p % 3])}</h2>")
        for o, objective in enumerate(objectives, start=1):
            parts.append(f"<h3>{esc(str(c['objective']))} {p + 1}.{o}: {esc(objective)}</h3>")
            for a, action in enumerate(actions[:3] if page % 3 == 2 else actions, start=1):
                code = f"{page + 1}.{o}.{a}"
                parts.append(f"<p>{p + 1}.{o}.{a}. {esc(action_text(action, code))}</p>")
        if page % 3 == 2:
            cells = "".join(f"<th>{esc(h)}</th>" for h in header)
            rows = "".join(
                f"<tr><td>{esc(action_text(action, f'{page + 1}.T{t}'))}</td>"
                f"<td>{esc(str(c['lead']))}</td>"
                f"<td>{esc(str(c['timeframe']))}</td><td>{esc(str(c['cost']))}</td></tr>"
                for t, action in enumerate(actions[3:], start=1)
            )
            parts.append(f"<table><tr>{cells}</tr>{rows}</table>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def pdf_from_html(markup: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return bytes(
        HTML(string=markup, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()
    )


def plan_pdf(language: str, pages: int = 1, statements: list[str] | None = None) -> bytes:
    return pdf_from_html(plan_html(language, pages, statements))


def image_only_pdf() -> bytes:
    """A PDF page with a drawing and no text layer, as a scan would be."""
    markup = (
        "<html><body><div style='width: 10cm; height: 14cm; background: #777; "
        "border: 4px solid black'></div></body></html>"
    )
    return pdf_from_html(markup)


def encrypted_pdf(language: str = "en") -> bytes:
    import pypdf

    reader = pypdf.PdfReader(BytesIO(plan_pdf(language)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner-secret")  # noqa: S106
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def french_docx() -> bytes:
    """A French plan: heading hierarchy, numbered items, an action matrix, a page break."""
    import docx

    document = docx.Document()
    document.add_heading("Plan national de prévention de l'extrémisme violent", level=0)
    document.add_heading("Introduction", level=1)
    document.add_paragraph("Ce plan a été préparé après de larges consultations nationales.")
    document.add_heading("Axe 1 : Prévention et éducation", level=1)
    document.add_heading("Objectif 1.1 : Renforcer l'esprit critique à l'école", level=2)
    document.add_paragraph(
        "1.1.1. Former les enseignants à l'esprit critique et au dialogue dans toutes les écoles."
    )
    document.add_paragraph(
        "Créer des clubs de débat dans les lycées des régions frontalières.",
        style="List Number",
    )
    document.add_paragraph("Responsable : Ministère de l'Éducation nationale")
    document.add_page_break()  # type: ignore[no-untyped-call]
    document.add_heading("Axe 2 : Jeunesse et communautés", level=1)
    document.add_heading("Objectif 2.1 : Soutenir les initiatives des jeunes", level=2)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["Action", "Responsable", "Calendrier", "Coût"], strict=True
    ):
        cell.text = text
    for row in (
        (
            "Lancer un fonds pour les initiatives portées par les jeunes.",
            "Ministère de la Jeunesse",
            "2025-2026",
            "500 000 EUR",
        ),
        (
            "Créer des comités communautaires de prévention dans les communes.",
            "Ministère de l'Intérieur",
            "2026",
            "120 000 EUR",
        ),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def russian_text() -> bytes:
    return "\n".join(
        [
            "Национальный план по предупреждению насильственного экстремизма",
            "",
            "Введение",
            "План подготовлен по итогам широких национальных консультаций.",
            "",
            "Направление 1. Профилактика и образование",
            "Цель 1.1. Развитие критического мышления в школах",
            "1.1.1. Обучить учителей навыкам критического мышления и диалога во всех школах.",
            "Ответственный: Министерство образования",
            "Сроки: 2025-2027",
            "1.1.2. Создать дискуссионные клубы для старшеклассников.",
            "Направление 2. Молодежь и общины",
            "Цель 2.1. Поддержка инициатив молодежи",
            "- Запустить национальную программу поддержки молодежных инициатив в регионах.",
            "- Создать общественные комитеты по профилактике в муниципалитетах.",
        ]
    ).encode()


def zip_bomb_docx() -> bytes:
    """A DOCX-looking archive whose content expands hundreds of times its size."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", "<w:document>" + " " * (20 * 1024 * 1024) + "</w:document>"
        )
    return out.getvalue()
