"""The base demo set: accounts, government bodies and plans, as plain data."""

import datetime
from dataclasses import dataclass

from pveplan.accounts.models import OrganizationKind
from pveplan.core.permissions import Role
from pveplan.plans.models import Scope, Sensitivity, Status

DEMO_PASSWORD = "pveplan-demo-2026"  # noqa: S105 - published demo-only password
DEMO_EMAIL_DOMAIN = "demo.pveplan.example"  # .example: a domain that can never receive mail
ADMIN_USERNAME = "admin"
SYNTHETIC_PREFIX = "demo-synthetic-"
SYNTHETIC_SEED = "pveplan-demo-2026"


class DemoDataError(RuntimeError):
    """The reference data the demo builds on (from the data migrations) is missing."""


# --- Accounts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organization: str  # Organization code
    language: str
    first_name: str
    last_name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.PLATFORM_ADMIN, "unoct", "en", "Demo", "Administrator"),
    DemoUser("unoct.officer", Role.UNOCT_OFFICER, "unoct", "en", "Maria", "Estrada"),
    DemoUser("jordan.focal", Role.FOCAL_POINT, "jor", "ar", "Rania", "Haddad"),
    DemoUser("jordan.editor", Role.EDITOR, "jor", "ar", "Omar", "Khalil"),
    DemoUser("jordan.viewer", Role.VIEWER, "jor", "ar", "Lina", "Saleh"),
    DemoUser("lebanon.editor", Role.EDITOR, "lbn", "ar", "Karim", "Nassar"),
    DemoUser("mali.editor", Role.EDITOR, "mli", "fr", "Aminata", "Coulibaly"),
    DemoUser("asean.editor", Role.EDITOR, "asean", "en", "Siti", "Rahman"),
    DemoUser("undp.staff", Role.UN_STAFF, "undp", "en", "Daniel", "Mensah"),
    DemoUser("norway.donor", Role.DONOR, "norway-mfa", "en", "Ingrid", "Haugen"),
)


# --- Organizations of their own name (government bodies, a donor) --------------------------


@dataclass(frozen=True)
class DemoOrganization:
    code: str
    kind: str
    country: str  # ISO3
    names: dict[str, str]


def _body(code: str, country: str, **names: str) -> DemoOrganization:
    return DemoOrganization(code, OrganizationKind.GOVERNMENT_BODY, country, names)


DEMO_ORGANIZATIONS: tuple[DemoOrganization, ...] = (
    DemoOrganization(
        "norway-mfa",
        OrganizationKind.DONOR,
        "NOR",
        {
            "ar": "النرويج (وزارة الخارجية)",
            "zh": "挪威（外交部）",
            "en": "Norway (Ministry of Foreign Affairs)",
            "fr": "Norvège (Ministère des affaires étrangères)",
            "ru": "Норвегия (Министерство иностранных дел)",
            "es": "Noruega (Ministerio de Relaciones Exteriores)",
        },
    ),
    _body(
        "jor-cpbu",
        "JOR",
        ar="وحدة بناء السلام المجتمعي (رئاسة الوزراء)",
        zh="社区建设和平股（首相府）",
        en="Community Peace Building Unit (Prime Ministry)",
        fr="Unité de consolidation de la paix communautaire (Premier ministère)",
        ru="Группа по укреплению мира в общинах (канцелярия премьер-министра)",
        es="Unidad de Consolidación de la Paz Comunitaria (Presidencia del Gobierno)",
    ),
    _body(
        "lbn-pve-ncu",
        "LBN",
        ar="وحدة التنسيق الوطنية لمنع التطرف العنيف (رئاسة مجلس الوزراء)",
        zh="防止暴力极端主义国家协调股（部长会议主席府）",
        en="PVE National Coordination Unit (Presidency of the Council of Ministers)",
        fr="Unité nationale de coordination de la prévention de l'extrémisme violent (Présidence du Conseil des ministres)",
        ru="Национальная группа по координации предупреждения насильственного экстремизма (аппарат Председателя Совета министров)",
        es="Unidad Nacional de Coordinación para la Prevención del Extremismo Violento (Presidencia del Consejo de Ministros)",
    ),
    _body(
        "tun-cnlct",
        "TUN",
        ar="اللجنة الوطنية لمكافحة الإرهاب",
        zh="国家反恐委员会（CNLCT）",
        en="National Counter-Terrorism Committee (CNLCT)",
        fr="Commission nationale de lutte contre le terrorisme (CNLCT)",
        ru="Национальная комиссия по борьбе с терроризмом (CNLCT)",
        es="Comisión Nacional de Lucha contra el Terrorismo (CNLCT)",
    ),
    _body(
        "mar-habous",
        "MAR",
        ar="وزارة الأوقاف والشؤون الإسلامية",
        zh="宗教基金和伊斯兰事务部",
        en="Ministry of Endowments and Islamic Affairs",
        fr="Ministère des Habous et des Affaires islamiques",
        ru="Министерство хабусов и исламских дел",
        es="Ministerio de Habices y Asuntos Islámicos",
    ),
    _body(
        "irq-nsa",
        "IRQ",
        ar="مستشارية الأمن القومي",
        zh="国家安全顾问办公室",
        en="Office of the National Security Adviser",
        fr="Bureau du Conseiller à la sécurité nationale",
        ru="Аппарат советника по национальной безопасности",
        es="Oficina del Asesor de Seguridad Nacional",
    ),
    _body(
        "mli-marc",
        "MLI",
        ar="وزارة الشؤون الدينية والعبادة",
        zh="宗教事务和礼拜部",
        en="Ministry of Religious Affairs and Worship",
        fr="Ministère des Affaires religieuses et du Culte",
        ru="Министерство по делам религий и культа",
        es="Ministerio de Asuntos Religiosos y Culto",
    ),
    _body(
        "bfa-mat",
        "BFA",
        ar="وزارة الإدارة الإقليمية",
        zh="领土管理部",
        en="Ministry of Territorial Administration",
        fr="Ministère de l'Administration territoriale",
        ru="Министерство территориального управления",
        es="Ministerio de Administración Territorial",
    ),
    _body(
        "kgz-gknb",
        "KGZ",
        ar="لجنة الدولة للأمن القومي",
        zh="国家安全委员会",
        en="State Committee for National Security",
        fr="Comité d'État pour la sécurité nationale",
        ru="Государственный комитет национальной безопасности",
        es="Comité Estatal de Seguridad Nacional",
    ),
    _body(
        "tjk-gp",
        "TJK",
        ar="مكتب النائب العام",
        zh="总检察院",
        en="General Prosecutor's Office",
        fr="Bureau du Procureur général",
        ru="Генеральная прокуратура Республики Таджикистан",
        es="Fiscalía General",
    ),
    _body(
        "kaz-atc",
        "KAZ",
        ar="مركز مكافحة الإرهاب",
        zh="反恐怖主义中心",
        en="Anti-Terrorism Centre",
        fr="Centre antiterroriste",
        ru="Антитеррористический центр Республики Казахстан",
        es="Centro Antiterrorista",
    ),
    _body(
        "nga-onsa",
        "NGA",
        ar="مكتب مستشار الأمن القومي (مركز مكافحة الإرهاب)",
        zh="国家安全顾问办公室（反恐中心）",
        en="Office of the National Security Adviser (Counter-Terrorism Centre)",
        fr="Bureau du Conseiller à la sécurité nationale (Centre de lutte contre le terrorisme)",
        ru="Аппарат советника по национальной безопасности (Контртеррористический центр)",
        es="Oficina del Asesor de Seguridad Nacional (Centro de Lucha contra el Terrorismo)",
    ),
    _body(
        "ken-nctc",
        "KEN",
        ar="المركز الوطني لمكافحة الإرهاب",
        zh="国家反恐中心",
        en="National Counter Terrorism Centre",
        fr="Centre national de lutte contre le terrorisme",
        ru="Национальный контртеррористический центр",
        es="Centro Nacional de Lucha contra el Terrorismo",
    ),
    _body(
        "ken-nakuru-cef",
        "KEN",
        ar="منتدى المشاركة في مقاطعة ناكورو",
        zh="纳库鲁县参与论坛",
        en="Nakuru County Engagement Forum",
        fr="Forum de concertation du comté de Nakuru",
        ru="Форум взаимодействия округа Накуру",
        es="Foro de Participación del Condado de Nakuru",
    ),
    _body(
        "idn-bnpt",
        "IDN",
        ar="الوكالة الوطنية لمكافحة الإرهاب (BNPT)",
        zh="国家反恐局（BNPT）",
        en="National Counter Terrorism Agency (BNPT)",
        fr="Agence nationale de lutte contre le terrorisme (BNPT)",
        ru="Национальное агентство по борьбе с терроризмом (BNPT)",
        es="Agencia Nacional de Lucha contra el Terrorismo (BNPT)",
    ),
    _body(
        "bgd-mha",
        "BGD",
        ar="وزارة الداخلية",
        zh="内政部",
        en="Ministry of Home Affairs",
        fr="Ministère de l'Intérieur",
        ru="Министерство внутренних дел",
        es="Ministerio del Interior",
    ),
)


# --- Plans ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    body: str
    date: datetime.date
    instrument: str = ""


@dataclass(frozen=True)
class Step:
    """A status change made after registration, to give the plan a visible history."""

    to: str
    rationale: str


@dataclass(frozen=True)
class DemoPlan:
    code: str
    owner: str  # Organization code
    original_language: str
    titles: dict[str, str]
    summaries: dict[str, str]
    status: str
    sensitivity: str
    priority_areas: tuple[str, ...]  # PriorityArea codes
    scope: str = Scope.NATIONAL
    period: tuple[int | None, int | None] = (None, None)
    lead_body: str = ""  # Organization code
    adoption: Adoption | None = None
    parent: str = ""  # Plan code
    subnational_area: str = ""
    registered_as: str = ""  # the status it is registered in, when it has a history
    history: tuple[Step, ...] = ()  # status changes after registration; the last reaches `status`


_ALL_AREAS = ("PA1", "PA2", "PA3", "PA4", "PA5", "PA6", "PA7")

BASE_PLANS: tuple[DemoPlan, ...] = (
    DemoPlan(
        code="demo-jor-national-plan-2022",
        owner="jor",
        original_language="ar",
        titles={
            "ar": "الخطة الوطنية لمنع التطرف العنيف 2022–2026",
            "en": "National Plan to Prevent Violent Extremism 2022–2026",
        },
        summaries={
            "ar": "مثال توضيحي مستوحى من الجهود الأردنية: تجديد الخطاب الديني وتدريب الوعاظ، "
            "والمناهج التعليمية، وحملة إعلامية موجهة للشباب، ومنح لمنظمات المجتمع المحلي، "
            "بتنسيق من وحدة بناء السلام المجتمعي في رئاسة الوزراء ولجنة وزارية.",
            "en": "Illustrative example inspired by Jordan's efforts: renewed religious discourse "
            "and training of preachers, school curricula, a youth-focused media campaign and "
            "grants to community-based organizations, coordinated by the Community Peace "
            "Building Unit at the Prime Ministry with a ministerial committee.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA3", "PA4", "PA6", "PA7"),
        period=(2022, 2026),
        lead_body="jor-cpbu",
        adoption=Adoption(
            "Council of Ministers", datetime.date(2022, 2, 13), "Cabinet decision (illustrative)"
        ),
    ),
    DemoPlan(
        code="demo-jor-revision-draft-2027",
        owner="jor",
        original_language="ar",
        titles={
            "ar": "مسودة الخطة الوطنية المحدَّثة لمنع التطرف العنيف 2027–2031",
            "en": "Draft revised National Plan to Prevent Violent Extremism 2027–2031",
        },
        summaries={
            "ar": "مسودة سرية قيد الإعداد: مراجعة الخطة الحالية في ضوء تقييم منتصف المدة، "
            "مع محورين جديدين للمساواة بين الجنسين وللفضاء الرقمي. لا تُنشر قبل اعتمادها.",
            "en": "Confidential draft in preparation: it revises the current plan in the light of "
            "the mid-term evaluation, adding pillars on gender equality and the online space. "
            "Not for publication before adoption.",
        },
        status=Status.DRAFTING,
        sensitivity=Sensitivity.CONFIDENTIAL,
        priority_areas=("PA1", "PA3", "PA4", "PA5", "PA7"),
        period=(2027, 2031),
        lead_body="jor-cpbu",
    ),
    DemoPlan(
        code="demo-lbn-national-strategy-2018",
        owner="lbn",
        original_language="ar",
        titles={
            "ar": "الاستراتيجية الوطنية لمنع التطرف العنيف",
            "en": "National Strategy for the Prevention of Violent Extremism",
        },
        summaries={
            "ar": "مثال توضيحي مستوحى من الاستراتيجية اللبنانية التي أقرّها مجلس الوزراء عام 2018: "
            "تسعة محاور تعكس خطة عمل الأمين العام، من الحوار ومنع النزاعات إلى تمكين الشباب، "
            "بتنسيق وحدة التنسيق الوطنية لمنع التطرف العنيف في رئاسة مجلس الوزراء.",
            "en": "Illustrative example inspired by the strategy Lebanon's Council of Ministers "
            "endorsed in 2018: nine pillars mirroring the Secretary-General's Plan of Action, "
            "from dialogue and conflict prevention to empowering youth, coordinated by the PVE "
            "National Coordination Unit at the Presidency of the Council of Ministers.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=_ALL_AREAS,
        period=(2018, None),
        lead_body="lbn-pve-ncu",
        adoption=Adoption(
            "Council of Ministers",
            datetime.date(2018, 3, 27),
            "Council of Ministers decision (illustrative)",
        ),
    ),
    DemoPlan(
        code="demo-tun-national-strategy-2016",
        owner="tun",
        original_language="ar",
        titles={
            "ar": "الاستراتيجية الوطنية لمكافحة التطرف والإرهاب",
            "fr": "Stratégie nationale de lutte contre l'extrémisme et le terrorisme",
            "en": "National Strategy for Countering Extremism and Terrorism",
        },
        summaries={
            "ar": "مثال توضيحي مستوحى من الاستراتيجية التونسية لسنة 2016 ومحاورها الأربعة: "
            "الوقاية والحماية والتتبع والردّ. يُعرض هنا محور الوقاية: التربية والحوار، "
            "ومكافحة التطرف في السجون، ودور المرأة، والإدماج الاجتماعي والاقتصادي للفئات الهشة.",
            "fr": "Exemple illustratif inspiré de la stratégie tunisienne de 2016 et de ses quatre "
            "axes : prévention, protection, poursuite et riposte. L'axe prévention est présenté "
            "ici : éducation et dialogue, extrémisme en milieu carcéral, rôle des femmes, "
            "insertion socio-économique des groupes vulnérables.",
            "en": "Illustrative example inspired by Tunisia's 2016 strategy and its four axes: "
            "prevention, protection, pursuit and response. The prevention axis is shown here: "
            "education and dialogue, extremism in prisons, the role of women, and the "
            "socio-economic integration of vulnerable groups.",
        },
        status=Status.UNDER_REVIEW,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA5", "PA6"),
        period=(2016, 2021),
        lead_body="tun-cnlct",
        adoption=Adoption(
            "National Security Council",
            datetime.date(2016, 11, 7),
            "Decision of the National Security Council (illustrative)",
        ),
    ),
    DemoPlan(
        code="demo-mar-national-plan-2020",
        owner="mar",
        original_language="ar",
        titles={
            "ar": "الخطة الوطنية للوقاية من التطرف العنيف 2020–2026",
            "fr": "Plan national de prévention de l'extrémisme violent 2020–2026",
            "en": "National Plan for the Prevention of Violent Extremism 2020–2026",
        },
        summaries={
            "ar": "مثال توضيحي: تأطير الحقل الديني وتكوين الأئمة والمرشدات، وبرامج إعادة الإدماج "
            "داخل المؤسسات السجنية، وإشراك الشباب والمجتمع المدني. مشترك مع الشركاء دون نشره.",
            "fr": "Exemple illustratif : encadrement du champ religieux et formation des imams et "
            "des morchidates, programmes de réinsertion en milieu carcéral, participation des "
            "jeunes et de la société civile. Partagé avec les partenaires, non publié.",
            "en": "Illustrative example: oversight of the religious field and training of imams "
            "and morchidat (women religious guides), reintegration programmes in prisons, youth "
            "and civil-society participation. Shared with partners, not published.",
        },
        status=Status.ADOPTED,
        sensitivity=Sensitivity.PARTNERS,
        priority_areas=("PA1", "PA2", "PA3", "PA4"),
        period=(2020, 2026),
        lead_body="mar-habous",
        adoption=Adoption(
            "Government Council",
            datetime.date(2020, 6, 18),
            "Decision of the Government Council (illustrative)",
        ),
        registered_as=Status.VALIDATION,
        history=(Step(Status.ADOPTED, "Adopted by the Government Council (illustrative)."),),
    ),
    DemoPlan(
        code="demo-irq-national-strategy-2026",
        owner="irq",
        original_language="ar",
        titles={
            "ar": "الاستراتيجية الوطنية لمنع التطرف العنيف المؤدي إلى الإرهاب 2026–2030",
            "en": "National Strategy to Prevent Violent Extremism Conducive to Terrorism 2026–2030",
        },
        summaries={
            "ar": "مسودة توضيحية معروضة للتشاور مع الوزارات والمحافظات ومنظمات المجتمع المدني: "
            "المصالحة المجتمعية في المناطق المحررة، وإعادة إدماج العائدين، ودعم الشباب.",
            "en": "Illustrative draft in consultation with ministries, governorates and civil "
            "society: community reconciliation in liberated areas, reintegration of returnees, "
            "and support to young people.",
        },
        status=Status.CONSULTATION,
        sensitivity=Sensitivity.CONFIDENTIAL,
        priority_areas=("PA1", "PA2", "PA3", "PA4"),
        period=(2026, 2030),
        lead_body="irq-nsa",
        registered_as=Status.DRAFTING,
        history=(
            Step(Status.CONSULTATION, "First draft shared with ministries and governorates."),
        ),
    ),
    DemoPlan(
        code="demo-mli-pnlevt-2018",
        owner="mli",
        original_language="fr",
        titles={
            "fr": "Politique nationale de prévention et de lutte contre l'extrémisme violent et le "
            "terrorisme et son plan d'action 2018–2020",
            "en": "National Policy for Preventing and Countering Violent Extremism and Terrorism "
            "and its Action Plan 2018–2020",
        },
        summaries={
            "fr": "Exemple illustratif inspiré de la politique nationale malienne (PNLEVT), "
            "adoptée en Conseil des ministres le 13 décembre 2017 et par décret le 31 janvier "
            "2018 : une approche globale, de la prévention à la répression, associant treize "
            "ministères, un comité de coordination et un secrétariat permanent.",
            "en": "Illustrative example inspired by Mali's national policy (PNLEVT), adopted by "
            "the Council of Ministers on 13 December 2017 and by decree on 31 January 2018: a "
            "holistic approach from prevention to repression involving thirteen ministries, a "
            "coordination committee and a permanent secretariat.",
        },
        status=Status.SUPERSEDED,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA3", "PA6"),
        period=(2018, 2020),
        lead_body="mli-marc",
        adoption=Adoption(
            "Council of Ministers", datetime.date(2018, 1, 31), "Decree of 31 January 2018"
        ),
    ),
    DemoPlan(
        code="demo-bfa-snprev-action-plan-2027",
        owner="bfa",
        original_language="fr",
        titles={
            "fr": "Stratégie nationale de prévention de la radicalisation et de lutte contre "
            "l'extrémisme violent : plan d'action 2027–2029",
            "en": "National Strategy for the Prevention of Radicalisation and the Fight against "
            "Violent Extremism: Action Plan 2027–2029",
        },
        summaries={
            "fr": "Exemple illustratif : un nouveau plan d'action de la SNPREV soumis au comité de "
            "pilotage pour validation, avec des actions pour la cohésion sociale, les jeunes et "
            "les femmes dans les régions les plus touchées.",
            "en": "Illustrative example: a new SNPREV action plan submitted to the steering "
            "committee for validation, with actions for social cohesion, youth and women in the "
            "most affected regions.",
        },
        status=Status.VALIDATION,
        sensitivity=Sensitivity.PARTNERS,
        priority_areas=("PA1", "PA3", "PA4", "PA5"),
        period=(2027, 2029),
        lead_body="bfa-mat",
        registered_as=Status.DRAFTING,
        history=(
            Step(Status.VALIDATION, "Draft submitted to the steering committee for validation."),
        ),
    ),
    DemoPlan(
        code="demo-kgz-programme-2023",
        owner="kgz",
        original_language="ru",
        titles={
            "ru": "Программа по противодействию экстремизму и терроризму на 2023–2027 годы",
            "en": "Programme on Countering Extremism and Terrorism 2023–2027",
        },
        summaries={
            "ru": "Условный пример по мотивам программы Кыргызской Республики, утверждённой "
            "постановлением Кабинета министров № 141 от 15 марта 2023 года, с планом "
            "мероприятий, подготовленным Государственным комитетом национальной безопасности.",
            "en": "Illustrative example inspired by the Kyrgyz Republic's programme approved by "
            "Cabinet of Ministers resolution No. 141 of 15 March 2023, with an action plan "
            "drafted by the State Committee for National Security.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA3", "PA4", "PA7"),
        period=(2023, 2027),
        lead_body="kgz-gknb",
        adoption=Adoption(
            "Cabinet of Ministers",
            datetime.date(2023, 3, 15),
            "Resolution No. 141 of 15 March 2023",
        ),
    ),
    DemoPlan(
        code="demo-tjk-strategy-2021",
        owner="tjk",
        original_language="ru",
        titles={
            "ru": "Национальная стратегия Республики Таджикистан по противодействию экстремизму "
            "и терроризму на 2021–2025 годы",
            "en": "National Strategy of the Republic of Tajikistan on Countering Extremism and "
            "Terrorism 2021–2025",
        },
        summaries={
            "ru": "Условный пример: министерства и местные исполнительные органы принимают "
            "собственные планы и ежегодно, до 15 января, отчитываются перед Генеральной "
            "прокуратурой; секретариат по реализации стратегии обеспечивает координацию и "
            "мониторинг.",
            "en": "Illustrative example: ministries and local executive bodies adopt their own "
            "plans and report every year, by 15 January, to the General Prosecutor's Office; a "
            "strategy implementation secretariat coordinates and monitors.",
        },
        status=Status.EXPIRED,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA2", "PA3", "PA4", "PA6"),
        period=(2021, 2025),
        lead_body="tjk-gp",
        adoption=Adoption(
            "President of the Republic of Tajikistan",
            datetime.date(2021, 6, 1),
            "Decree No. 187 of 1 June 2021",
        ),
    ),
    DemoPlan(
        code="demo-kaz-programme-2018",
        owner="kaz",
        original_language="ru",
        titles={
            "ru": "Государственная программа по противодействию религиозному экстремизму и "
            "терроризму на 2018–2022 годы",
            "en": "State Programme on Countering Religious Extremism and Terrorism 2018–2022",
        },
        summaries={
            "ru": "Условный пример: профилактика радикализации среди молодёжи, реабилитация и "
            "реинтеграция, информационно-разъяснительная работа в интернете.",
            "en": "Illustrative example: preventing radicalisation among young people, "
            "rehabilitation and reintegration, and outreach online.",
        },
        status=Status.EXPIRED,
        sensitivity=Sensitivity.PARTNERS,
        priority_areas=("PA2", "PA4", "PA7"),
        period=(2018, 2022),
        lead_body="kaz-atc",
        adoption=Adoption(
            "Government of the Republic of Kazakhstan",
            datetime.date(2018, 3, 15),
            "Government decree (illustrative)",
        ),
    ),
    DemoPlan(
        code="demo-nga-pf-nap-2017",
        owner="nga",
        original_language="en",
        titles={
            "en": "Policy Framework and National Action Plan for Preventing and Countering "
            "Violent Extremism",
        },
        summaries={
            "en": "Illustrative example inspired by Nigeria's PF-NAP of 2017: institutionalising "
            "PCVE across ministries, departments and agencies, states and local governments; "
            "access to justice, human rights and the rule of law; engaging communities and "
            "building resilience; strategic communication, with the framework translated into "
            "major Nigerian languages.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA2", "PA3", "PA5", "PA7"),
        period=(2017, None),
        lead_body="nga-onsa",
        adoption=Adoption(
            "President of the Federal Republic of Nigeria",
            datetime.date(2017, 8, 24),
            "Presidential directive of 24 August 2017",
        ),
    ),
    DemoPlan(
        code="demo-ken-nscve-2016",
        owner="ken",
        original_language="en",
        titles={"en": "National Strategy to Counter Violent Extremism"},
        summaries={
            "en": "Illustrative example inspired by the strategy Kenya launched in September "
            "2016: nine pillars (psychosocial, education, political, security, faith-based and "
            "ideological, training and capacity building, arts and culture, legal and policy, "
            "media and online), localized through county action plans.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA3", "PA4", "PA6", "PA7"),
        period=(2016, None),
        lead_body="ken-nctc",
        adoption=Adoption(
            "President of the Republic of Kenya",
            datetime.date(2016, 9, 7),
            "Presidential launch (illustrative)",
        ),
    ),
    DemoPlan(
        code="demo-ken-nakuru-county-action-plan",
        owner="ken",
        scope=Scope.SUBNATIONAL,
        parent="demo-ken-nscve-2016",
        subnational_area="Nakuru County",
        original_language="en",
        titles={"en": "Nakuru County Action Plan to Counter Violent Extremism"},
        summaries={
            "en": "Illustrative example inspired by the County Engagement Forum's commitments: "
            "conflict-sensitive reporting training for journalists and bloggers, a weekly radio "
            "programme with positive alternative narratives, school peace clubs, and linking "
            "young people to income-generating activities.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA3", "PA4", "PA6", "PA7"),
        period=(2022, 2027),
        lead_body="ken-nakuru-cef",
        adoption=Adoption(
            "Nakuru County Engagement Forum",
            datetime.date(2022, 6, 1),
            "County launch (illustrative)",
        ),
    ),
    DemoPlan(
        code="demo-idn-ran-pe-2020",
        owner="idn",
        original_language="en",
        titles={
            "en": "National Action Plan on Preventing and Countering Violent Extremism that Leads "
            "to Terrorism 2020–2024 (RAN PE)",
        },
        summaries={
            "en": "Illustrative example based on an English translation of Presidential "
            "Regulation No. 7 of 2021 (original in Indonesian): three pillars (prevention; law "
            "enforcement, witness and victim protection and national legislation; partnership "
            "and international cooperation), 130 actions, coordinated by a joint secretariat led "
            "by BNPT.",
        },
        status=Status.UNDER_REVIEW,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA3", "PA7"),
        period=(2020, 2024),
        lead_body="idn-bnpt",
        adoption=Adoption(
            "President of the Republic of Indonesia",
            datetime.date(2021, 1, 6),
            "Presidential Regulation No. 7 of 2021",
        ),
    ),
    DemoPlan(
        code="demo-bgd-support-request",
        owner="bgd",
        original_language="en",
        titles={"en": "National Action Plan on Preventing Violent Extremism (support requested)"},
        summaries={
            "en": "Illustrative example: the Government asks UNOCT for support to develop a "
            "national PVE action plan, building on the working groups of donors and of the UN "
            "country team that the PCVE adviser in Dhaka coordinates.",
        },
        status=Status.SUPPORT_REQUESTED,
        sensitivity=Sensitivity.CONFIDENTIAL,
        priority_areas=("PA3", "PA4", "PA5"),
        lead_body="bgd-mha",
    ),
    DemoPlan(
        code="demo-asean-pcrve-2018",
        owner="asean",
        scope=Scope.REGIONAL,
        original_language="en",
        titles={
            "en": "ASEAN Plan of Action to Prevent and Counter the Rise of Radicalisation and "
            "Violent Extremism 2018–2025",
        },
        summaries={
            "en": "Illustrative registry entry for the ASEAN PoA PCRVE, adopted by the 12th ASEAN "
            "Ministerial Meeting on Transnational Crime in 2018, with four priority areas: "
            "prevention of radicalisation and violent extremism; counter-radicalisation and "
            "promotion of de-radicalisation; law enforcement and strengthening national "
            "legislation; partnership and regional cooperation. Its Bali Work Plan 2019–2025 is "
            "led by SOMTC and owned by 19 ASEAN sectoral bodies.",
        },
        status=Status.IMPLEMENTING,
        sensitivity=Sensitivity.PUBLIC,
        priority_areas=("PA1", "PA2", "PA4", "PA5", "PA7"),
        period=(2018, 2025),
        lead_body="asean-somtc",
        adoption=Adoption(
            "12th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
            datetime.date(2018, 10, 31),
            "Ministerial adoption (date illustrative)",
        ),
    ),
)


# --- Synthetic plans, for volume (`--scale N`) ----------------------------------------------
