"""The default assessment template: three or four questions per capacity dimension.

Each question is a capability statement the team rates from 0 (absent) to 4 (sustained). English
is the original; the other five languages are translations. Data here, not imported from the
app, so the migration stays as it was written.
"""

from typing import Any

from django.db import migrations

CODE = "pve-capacity"
NAME = {
    "ar": "تقييم الاحتياجات من القدرات في مجال منع التطرف العنيف",
    "zh": "防止暴力极端主义能力需求评估",
    "en": "PVE capacity-needs assessment",
    "fr": "Évaluation des besoins en capacités pour la prévention de l’extrémisme violent",
    "ru": "Оценка потребностей в потенциале в области предупреждения насильственного экстремизма",
    "es": "Evaluación de las necesidades de capacidad para la prevención del extremismo violento",
}

QUESTIONS: list[tuple[str, dict[str, str]]] = [
    (
        "institutions",
        {
            "en": "A lead agency has a clear, formal mandate to coordinate the prevention of violent extremism across government.",
            "ar": "لدى جهة رائدة ولاية رسمية وواضحة لتنسيق منع التطرف العنيف على مستوى الحكومة كلها.",
            "fr": "Une agence chef de file dispose d’un mandat formel et clair pour coordonner la prévention de l’extrémisme violent dans l’ensemble du gouvernement.",
            "es": "Un organismo rector tiene un mandato formal y claro para coordinar la prevención del extremismo violento en todo el gobierno.",
            "ru": "Ведущее ведомство имеет четкий официальный мандат на координацию предупреждения насильственного экстремизма в масштабах всего правительства.",
            "zh": "一个牵头机构拥有明确的正式授权，在整个政府范围内协调防止暴力极端主义工作。",
        },
    ),
    (
        "institutions",
        {
            "en": "An inter-ministerial committee or equivalent body meets regularly and records its decisions.",
            "ar": "تجتمع لجنة مشتركة بين الوزارات أو هيئة مماثلة بانتظام وتوثّق قراراتها.",
            "fr": "Un comité interministériel ou un organe équivalent se réunit régulièrement et consigne ses décisions.",
            "es": "Un comité interministerial u órgano equivalente se reúne periódicamente y deja constancia de sus decisiones.",
            "ru": "Межведомственный комитет или аналогичный орган регулярно собирается и фиксирует свои решения.",
            "zh": "部际委员会或同等机构定期开会并记录其决定。",
        },
    ),
    (
        "institutions",
        {
            "en": "A secretariat with dedicated staff and budget supports the coordination body.",
            "ar": "تدعم هيئةَ التنسيق أمانةٌ لها موظفون مخصصون وميزانية مخصصة.",
            "fr": "Un secrétariat doté de personnel et d’un budget propres appuie l’organe de coordination.",
            "es": "Una secretaría con personal y presupuesto propios presta apoyo al órgano de coordinación.",
            "ru": "Секретариат с выделенным персоналом и бюджетом обеспечивает работу координационного органа.",
            "zh": "一个拥有专职人员和预算的秘书处为协调机构提供支持。",
        },
    ),
    (
        "institutions",
        {
            "en": "Focal points in the relevant ministries and local authorities are designated and active.",
            "ar": "عُيّنت نقاط اتصال في الوزارات والسلطات المحلية المعنية وهي تؤدي عملها بفاعلية.",
            "fr": "Des points focaux sont désignés et actifs dans les ministères et les autorités locales concernés.",
            "es": "Se han designado puntos focales activos en los ministerios y las autoridades locales pertinentes.",
            "ru": "В соответствующих министерствах и органах местной власти назначены и активно работают координаторы.",
            "zh": "相关部委和地方当局已指定协调人，且协调人积极开展工作。",
        },
    ),
    (
        "evidence",
        {
            "en": "Recent research identifies the local drivers of violent extremism, both push and pull factors.",
            "ar": "تحدد بحوث حديثة الدوافع المحلية للتطرف العنيف، سواء عوامل الدفع أو عوامل الجذب.",
            "fr": "Des recherches récentes identifient les facteurs locaux de l’extrémisme violent, qu’il s’agisse de facteurs d’incitation ou d’attraction.",
            "es": "Investigaciones recientes determinan los factores locales que impulsan el extremismo violento, tanto de empuje como de atracción.",
            "ru": "Недавние исследования выявляют местные движущие факторы насильственного экстремизма — как выталкивающие, так и притягивающие.",
            "zh": "近期研究查明了暴力极端主义在当地的驱动因素，包括推动因素和拉动因素。",
        },
    ),
    (
        "evidence",
        {
            "en": "Existing prevention initiatives, and the support of donors and UN entities, are mapped.",
            "ar": "جرى رسم خريطة للمبادرات الوقائية القائمة وللدعم المقدّم من الجهات المانحة وكيانات الأمم المتحدة.",
            "fr": "Les initiatives de prévention existantes et l’appui des donateurs et des entités des Nations Unies sont cartographiés.",
            "es": "Se han cartografiado las iniciativas de prevención existentes y el apoyo de los donantes y las entidades de las Naciones Unidas.",
            "ru": "Составлена карта существующих профилактических инициатив и поддержки со стороны доноров и структур ООН.",
            "zh": "已对现有的预防举措以及捐助方和联合国实体提供的支持进行摸底。",
        },
    ),
    (
        "evidence",
        {
            "en": "Data and research findings are used to set the plan’s priorities.",
            "ar": "تُستخدم البيانات ونتائج البحوث في تحديد أولويات الخطة.",
            "fr": "Les données et les résultats de recherche servent à fixer les priorités du plan.",
            "es": "Los datos y los resultados de las investigaciones se utilizan para fijar las prioridades del plan.",
            "ru": "Приоритеты плана определяются на основе данных и результатов исследований.",
            "zh": "利用数据和研究结果确定计划的优先事项。",
        },
    ),
    (
        "legal",
        {
            "en": "The plan rests on an adopted legal or policy instrument.",
            "ar": "تستند الخطة إلى صك قانوني أو سياساتي معتمد.",
            "fr": "Le plan repose sur un instrument juridique ou politique adopté.",
            "es": "El plan se basa en un instrumento jurídico o normativo aprobado.",
            "ru": "План опирается на принятый правовой или программный документ.",
            "zh": "该计划以一项已通过的法律或政策文书为基础。",
        },
    ),
    (
        "legal",
        {
            "en": "Relevant laws and policies have been reviewed for consistency with human rights and the rule of law.",
            "ar": "رُوجعت القوانين والسياسات ذات الصلة للتحقق من اتساقها مع حقوق الإنسان وسيادة القانون.",
            "fr": "Les lois et politiques pertinentes ont été examinées au regard des droits humains et de l’état de droit.",
            "es": "Se han examinado las leyes y políticas pertinentes para verificar su coherencia con los derechos humanos y el estado de derecho.",
            "ru": "Соответствующие законы и политика проверены на соответствие правам человека и принципу верховенства права.",
            "zh": "已审查相关法律和政策是否符合人权和法治。",
        },
    ),
    (
        "legal",
        {
            "en": "Sectoral policies (education, youth, social protection, media) refer to the prevention of violent extremism.",
            "ar": "تشير السياسات القطاعية (التعليم والشباب والحماية الاجتماعية والإعلام) إلى منع التطرف العنيف.",
            "fr": "Les politiques sectorielles (éducation, jeunesse, protection sociale, médias) font référence à la prévention de l’extrémisme violent.",
            "es": "Las políticas sectoriales (educación, juventud, protección social, medios de comunicación) hacen referencia a la prevención del extremismo violento.",
            "ru": "Отраслевые стратегии (образование, молодежь, социальная защита, СМИ) учитывают предупреждение насильственного экстремизма.",
            "zh": "部门政策（教育、青年、社会保护、媒体）提及防止暴力极端主义。",
        },
    ),
    (
        "society",
        {
            "en": "Civil society, religious and community leaders, the media, the private sector and academia are consulted when the plan is drafted and reviewed.",
            "ar": "يُستشار المجتمع المدني والقادة الدينيون والمجتمعيون ووسائل الإعلام والقطاع الخاص والأوساط الأكاديمية عند صياغة الخطة ومراجعتها.",
            "fr": "La société civile, les responsables religieux et communautaires, les médias, le secteur privé et le monde universitaire sont consultés lors de l’élaboration et de la révision du plan.",
            "es": "Se consulta a la sociedad civil, los líderes religiosos y comunitarios, los medios de comunicación, el sector privado y el mundo académico al redactar y revisar el plan.",
            "ru": "При разработке и пересмотре плана проводятся консультации с гражданским обществом, религиозными и общинными лидерами, СМИ, частным сектором и научными кругами.",
            "zh": "在起草和审查计划时征求民间社会、宗教和社区领袖、媒体、私营部门和学术界的意见。",
        },
    ),
    (
        "society",
        {
            "en": "Participants in consultations are told how their input was used.",
            "ar": "يُبلَّغ المشاركون في المشاورات بكيفية الاستفادة من مساهماتهم.",
            "fr": "Les participants aux consultations sont informés de la suite donnée à leurs contributions.",
            "es": "Se informa a quienes participan en las consultas de cómo se utilizaron sus aportaciones.",
            "ru": "Участникам консультаций сообщают, как были использованы их предложения.",
            "zh": "向参与磋商者反馈其意见的采纳情况。",
        },
    ),
    (
        "society",
        {
            "en": "Civil-society organizations have a defined role in implementing the plan.",
            "ar": "لمنظمات المجتمع المدني دور محدد في تنفيذ الخطة.",
            "fr": "Les organisations de la société civile ont un rôle défini dans la mise en œuvre du plan.",
            "es": "Las organizaciones de la sociedad civil tienen una función definida en la ejecución del plan.",
            "ru": "Организации гражданского общества играют определенную роль в осуществлении плана.",
            "zh": "民间社会组织在计划执行中具有明确的作用。",
        },
    ),
    (
        "gender_youth",
        {
            "en": "A gender analysis informs the plan’s objectives and actions.",
            "ar": "يستند تحديد أهداف الخطة وإجراءاتها إلى تحليل قائم على النوع الاجتماعي.",
            "fr": "Une analyse de genre éclaire les objectifs et les actions du plan.",
            "es": "Un análisis de género sustenta los objetivos y las acciones del plan.",
            "ru": "Цели и мероприятия плана основаны на гендерном анализе.",
            "zh": "计划的目标和行动以性别分析为依据。",
        },
    ),
    (
        "gender_youth",
        {
            "en": "Women and women’s organizations take part in decisions about the plan.",
            "ar": "تشارك النساء والمنظمات النسائية في اتخاذ القرارات المتعلقة بالخطة.",
            "fr": "Les femmes et les organisations de femmes participent aux décisions relatives au plan.",
            "es": "Las mujeres y las organizaciones de mujeres participan en las decisiones sobre el plan.",
            "ru": "Женщины и женские организации участвуют в принятии решений по плану.",
            "zh": "妇女和妇女组织参与有关计划的决策。",
        },
    ),
    (
        "gender_youth",
        {
            "en": "Young people take part in designing and carrying out the plan’s actions.",
            "ar": "يشارك الشباب في تصميم إجراءات الخطة وتنفيذها.",
            "fr": "Les jeunes participent à la conception et à la mise en œuvre des actions du plan.",
            "es": "Los jóvenes participan en el diseño y la ejecución de las acciones del plan.",
            "ru": "Молодежь участвует в разработке и осуществлении мероприятий плана.",
            "zh": "青年参与计划行动的设计和实施。",
        },
    ),
    (
        "monitoring",
        {
            "en": "The plan has a results framework with indicators, baselines and targets.",
            "ar": "للخطة إطار للنتائج يتضمن مؤشرات وخطوط أساس وغايات.",
            "fr": "Le plan dispose d’un cadre de résultats assorti d’indicateurs, de valeurs de référence et de cibles.",
            "es": "El plan cuenta con un marco de resultados con indicadores, líneas de base y metas.",
            "ru": "План содержит систему результатов с показателями, исходными и целевыми значениями.",
            "zh": "该计划有一个包含指标、基线和目标的成果框架。",
        },
    ),
    (
        "monitoring",
        {
            "en": "Responsible bodies report progress at set intervals.",
            "ar": "تقدّم الجهات المسؤولة تقارير عن التقدم المحرز في مواعيد محددة.",
            "fr": "Les organes responsables rendent compte des progrès à intervalles fixes.",
            "es": "Los organismos responsables informan sobre los avances a intervalos establecidos.",
            "ru": "Ответственные органы отчитываются о ходе работы с установленной периодичностью.",
            "zh": "负责机构按规定的时间间隔报告进展情况。",
        },
    ),
    (
        "monitoring",
        {
            "en": "Evaluations are planned, and their findings lead to revisions of the plan.",
            "ar": "يُخطَّط للتقييمات، وتؤدي نتائجها إلى تنقيح الخطة.",
            "fr": "Des évaluations sont prévues et leurs conclusions conduisent à réviser le plan.",
            "es": "Se planifican evaluaciones y sus conclusiones dan lugar a revisiones del plan.",
            "ru": "Оценки планируются, и по их итогам план пересматривается.",
            "zh": "已规划评价工作，评价结果促成计划的修订。",
        },
    ),
    (
        "monitoring",
        {
            "en": "Data are broken down by sex, age group and area where relevant.",
            "ar": "تُصنَّف البيانات حسب الجنس والفئة العمرية والمنطقة حيثما كان ذلك مناسباً.",
            "fr": "Les données sont ventilées par sexe, tranche d’âge et zone lorsque c’est pertinent.",
            "es": "Los datos se desglosan por sexo, grupo de edad y zona cuando procede.",
            "ru": "Данные разбиваются по полу, возрастным группам и территориям, где это уместно.",
            "zh": "酌情按性别、年龄组和地区对数据进行分列。",
        },
    ),
    (
        "costing",
        {
            "en": "The plan’s actions are costed.",
            "ar": "قُدِّرت تكاليف إجراءات الخطة.",
            "fr": "Les actions du plan sont chiffrées.",
            "es": "Se han calculado los costos de las acciones del plan.",
            "ru": "Затраты на мероприятия плана рассчитаны.",
            "zh": "已对计划的各项行动进行成本核算。",
        },
    ),
    (
        "costing",
        {
            "en": "Funding for the plan is identified in the national budget.",
            "ar": "حُدِّد تمويل الخطة في الميزانية الوطنية.",
            "fr": "Le financement du plan est inscrit au budget national.",
            "es": "La financiación del plan está prevista en el presupuesto nacional.",
            "ru": "Финансирование плана предусмотрено в государственном бюджете.",
            "zh": "国家预算中已确定计划的资金来源。",
        },
    ),
    (
        "costing",
        {
            "en": "A resource-mobilization strategy engages donors and partners, and their support is coordinated.",
            "ar": "تُشرك استراتيجية لتعبئة الموارد الجهات المانحة والشركاء، ويجري تنسيق دعمهم.",
            "fr": "Une stratégie de mobilisation des ressources associe les donateurs et les partenaires, et leur appui est coordonné.",
            "es": "Una estrategia de movilización de recursos involucra a donantes y asociados, y su apoyo está coordinado.",
            "ru": "Стратегия мобилизации ресурсов привлекает доноров и партнеров, а их поддержка координируется.",
            "zh": "资源调动战略使捐助方和伙伴参与进来，且其支持得到协调。",
        },
    ),
    (
        "communications",
        {
            "en": "A strategic communications plan supports the prevention objectives.",
            "ar": "تدعم خطةٌ للاتصالات الاستراتيجية أهدافَ الوقاية.",
            "fr": "Un plan de communication stratégique appuie les objectifs de prévention.",
            "es": "Un plan de comunicación estratégica respalda los objetivos de prevención.",
            "ru": "План стратегических коммуникаций поддерживает цели профилактики.",
            "zh": "一项战略传播计划为预防目标提供支持。",
        },
    ),
    (
        "communications",
        {
            "en": "Credible messengers, community voices among them, carry alternative and positive narratives.",
            "ar": "ينقل رسلٌ موثوقون، ومنهم أصوات من المجتمعات المحلية، روايات بديلة وإيجابية.",
            "fr": "Des messagers crédibles, dont des voix issues des communautés, portent des discours alternatifs et positifs.",
            "es": "Mensajeros creíbles, entre ellos voces de la comunidad, transmiten narrativas alternativas y positivas.",
            "ru": "Авторитетные голоса, в том числе представители общин, продвигают альтернативные и позитивные нарративы.",
            "zh": "包括社区代表在内的可信传播者传递替代性和正面的叙事。",
        },
    ),
    (
        "communications",
        {
            "en": "Online harms are addressed with measures that respect freedom of expression.",
            "ar": "يُتصدّى للأضرار على الإنترنت بتدابير تحترم حرية التعبير.",
            "fr": "Les préjudices en ligne sont traités par des mesures respectueuses de la liberté d’expression.",
            "es": "Los daños en línea se abordan con medidas que respetan la libertad de expresión.",
            "ru": "Вред в интернете устраняется мерами, уважающими свободу выражения мнений.",
            "zh": "以尊重言论自由的措施应对网络危害。",
        },
    ),
    (
        "localization",
        {
            "en": "Sub-national or local action plans adapt the national plan to local needs.",
            "ar": "تكيّف خطط العمل دون الوطنية أو المحلية الخطةَ الوطنية مع الاحتياجات المحلية.",
            "fr": "Des plans d’action infranationaux ou locaux adaptent le plan national aux besoins locaux.",
            "es": "Planes de acción subnacionales o locales adaptan el plan nacional a las necesidades locales.",
            "ru": "Субнациональные или местные планы действий адаптируют национальный план к местным потребностям.",
            "zh": "地方或次国家行动计划使国家计划适应当地需求。",
        },
    ),
    (
        "localization",
        {
            "en": "Local authorities have the resources and skills to carry out prevention actions.",
            "ar": "تمتلك السلطات المحلية الموارد والمهارات اللازمة لتنفيذ الإجراءات الوقائية.",
            "fr": "Les autorités locales disposent des ressources et des compétences nécessaires pour mener les actions de prévention.",
            "es": "Las autoridades locales cuentan con los recursos y las capacidades para llevar a cabo acciones de prevención.",
            "ru": "Органы местной власти располагают ресурсами и навыками для осуществления профилактических мер.",
            "zh": "地方当局具备开展预防行动所需的资源和技能。",
        },
    ),
    (
        "localization",
        {
            "en": "Local coordination mechanisms involve communities.",
            "ar": "تُشرك آليات التنسيق المحلية المجتمعات المحلية.",
            "fr": "Les mécanismes de coordination locaux associent les communautés.",
            "es": "Los mecanismos de coordinación locales involucran a las comunidades.",
            "ru": "Местные механизмы координации вовлекают общины.",
            "zh": "地方协调机制让社区参与其中。",
        },
    ),
    (
        "ddr",
        {
            "en": "Disengagement and reintegration programmes are linked to the prevention plan where relevant.",
            "ar": "ترتبط برامج فك الارتباط وإعادة الإدماج بخطة الوقاية حيثما كان ذلك مناسباً.",
            "fr": "Les programmes de désengagement et de réintégration sont reliés au plan de prévention lorsque c’est pertinent.",
            "es": "Los programas de desvinculación y reintegración están vinculados al plan de prevención cuando procede.",
            "ru": "Программы отказа от участия и реинтеграции увязаны с планом профилактики, где это уместно.",
            "zh": "脱离和重返社会方案酌情与预防计划挂钩。",
        },
    ),
    (
        "ddr",
        {
            "en": "Screening keeps people listed by the Security Council or suspected of terrorist acts out of DDR programmes (IDDRS 2.11).",
            "ar": "يستبعد الفرزُ من برامج نزع السلاح والتسريح وإعادة الإدماج الأشخاصَ المدرجين في قوائم مجلس الأمن أو المشتبه في ارتكابهم أعمالاً إرهابية (المعايير المتكاملة 2.11).",
            "fr": "Un filtrage écarte des programmes de DDR les personnes inscrites sur les listes du Conseil de sécurité ou soupçonnées d’actes terroristes (IDDRS 2.11).",
            "es": "Un proceso de selección excluye de los programas de DDR a las personas incluidas en las listas del Consejo de Seguridad o sospechosas de actos terroristas (IDDRS 2.11).",
            "ru": "Проверка не допускает к программам РДР лиц, включенных в перечни Совета Безопасности или подозреваемых в террористических актах (IDDRS 2.11).",
            "zh": "通过甄别，将被安全理事会列名或涉嫌实施恐怖行为的人员排除在解除武装、复员和重返社会方案之外（IDDRS 2.11）。",
        },
    ),
    (
        "ddr",
        {
            "en": "Communities that receive returning people are consulted and supported.",
            "ar": "تُستشار المجتمعات المحلية التي تستقبل العائدين وتُقدَّم لها المساندة.",
            "fr": "Les communautés qui accueillent les personnes de retour sont consultées et soutenues.",
            "es": "Se consulta y apoya a las comunidades que reciben a las personas que regresan.",
            "ru": "С общинами, принимающими возвращающихся лиц, проводятся консультации, и им оказывается поддержка.",
            "zh": "接收返回人员的社区得到咨询和支持。",
        },
    ),
]


def _stored(texts: dict[str, str]) -> dict[str, dict[str, str]]:
    # The shape of pveplan.core.i18n.build_multilingual: English original, others translated.
    return {
        code: {"text": text, "provenance": "original" if code == "en" else "translated"}
        for code, text in texts.items()
    }


def add_template(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("assessments", "AssessmentTemplate")
    Question = apps.get_model("assessments", "Question")
    template, _ = Template.objects.get_or_create(
        code=CODE, edition=1, defaults={"name": _stored(NAME), "is_active": True}
    )
    positions: dict[str, int] = {}
    for dimension, texts in QUESTIONS:
        positions[dimension] = positions.get(dimension, 0) + 1
        Question.objects.update_or_create(
            template=template,
            dimension=dimension,
            position=positions[dimension],
            defaults={"text": _stored(texts)},
        )


def remove_template(apps: Any, schema_editor: Any) -> None:
    Template = apps.get_model("assessments", "AssessmentTemplate")
    Template.objects.filter(code=CODE, edition=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_assessments_and_templates")]

    operations = [migrations.RunPython(add_template, remove_template)]
