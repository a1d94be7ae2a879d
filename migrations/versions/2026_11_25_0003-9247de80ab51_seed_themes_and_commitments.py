"""seed themes and commitments

Every installation starts with the fifteen themes and the five council commitments
(toezeggingen) from the progress letter of 21 June 2022. Rows that already exist (a
slug or a code an admin added by hand) are left as they are. The data is written
out here, and only here: a migration must not import the app, and admins keep the
lists up to date in Stem itself from then on.

Revision ID: 9247de80ab51
Revises: 4de4cef88bcc
Create Date: 2026-11-25 09:00:00.000000
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9247de80ab51"
down_revision = "4de4cef88bcc"
branch_labels = None
depends_on = None

# (slug, {locale: name}) in the order they are shown.
THEMES = [
    (
        "kansrijke-start",
        {
            "nl": "Kansrijke Start",
            "en": "Promising Start (Kansrijke Start)",
            "ar": "البداية الواعدة (Kansrijke Start)",
            "fa_AF": "شروع امیدوارکننده (Kansrijke Start)",
            "ti": "ተስፋ ዘለዎ ጅማሮ (Kansrijke Start)",
            "tr": "Umut Veren Başlangıç (Kansrijke Start)",
            "uk": "Перспективний старт (Kansrijke Start)",
            "so": "Bilow Rajo Leh (Kansrijke Start)",
        },
    ),
    (
        "brede-intake",
        {
            "nl": "Brede intake",
            "en": "Broad intake interview",
            "ar": "المقابلة الأولى الشاملة",
            "fa_AF": "مصاحبهٔ جامع آغازین",
            "ti": "ሰፊ ቃለ-መሕትት መእተዊ",
            "tr": "Kapsamlı giriş görüşmesi",
            "uk": "Розширена вступна співбесіда",
            "so": "Wareysiga bilowga ee ballaaran",
        },
    ),
    (
        "leerbaarheidstoets",
        {
            "nl": "Leerbaarheidstoets",
            "en": "Learnability test",
            "ar": "اختبار القدرة على التعلّم",
            "fa_AF": "آزمون توانایی یادگیری",
            "ti": "መፈተኒ ዓቕሚ ምምሃር",
            "tr": "Öğrenebilirlik testi",
            "uk": "Тест на здатність до навчання",
            "so": "Imtixaanka awoodda barashada",
        },
    ),
    (
        "pip-leerroute",
        {
            "nl": "PIP en leerroute",
            "en": "Integration plan (PIP) and learning route",
            "ar": "خطة الاندماج والمشاركة (PIP) ومسار التعلّم",
            "fa_AF": "برنامهٔ ادغام و مشارکت (PIP) و مسیر یادگیری",
            "ti": "ትልሚ ምውህሃድን ተሳትፎን (PIP)ን መስመር ትምህርትን",
            "tr": "Uyum ve katılım planı (PIP) ve öğrenme yolu",
            "uk": "План інтеграції та участі (PIP) і навчальний маршрут",
            "so": "Qorshaha is-dhexgalka (PIP) iyo jidka barashada",
        },
    ),
    (
        "taalonderwijs-b1",
        {
            "nl": "Taalonderwijs (B1-route)",
            "en": "Language lessons (B1 route)",
            "ar": "تعليم اللغة (مسار B1)",
            "fa_AF": "آموزش زبان (مسیر B1)",
            "ti": "ትምህርቲ ቋንቋ (መስመር B1)",
            "tr": "Dil eğitimi (B1 yolu)",
            "uk": "Навчання мови (маршрут B1)",
            "so": "Waxbarashada luqadda (jidka B1)",
        },
    ),
    (
        "z-route",
        {
            "nl": "Z-route",
            "en": "Z route (self-reliance)",
            "ar": "مسار الاعتماد على النفس (Z-route)",
            "fa_AF": "مسیر خودکفایی (Z-route)",
            "ti": "መስመር ርእሰ-ምኽኣል (Z-route)",
            "tr": "Z yolu (kendi kendine yetebilme)",
            "uk": "Z-маршрут (самостійність)",
            "so": "Jidka Z (isku-filnaansho)",
        },
    ),
    (
        "onderwijsroute",
        {
            "nl": "Onderwijsroute",
            "en": "Education route",
            "ar": "المسار الدراسي",
            "fa_AF": "مسیر تحصیلی",
            "ti": "መስመር ትምህርቲ ንቐጻሊ መጽናዕቲ",
            "tr": "Eğitim yolu",
            "uk": "Освітній маршрут",
            "so": "Jidka waxbarashada (dugsi iyo jaamacad)",
        },
    ),
    (
        "welkomhuis",
        {
            "nl": "Welkomhuis",
            "en": "Welcome House (Welkomhuis)",
            "ar": "بيت الترحيب (Welkomhuis)",
            "fa_AF": "خانهٔ خوش‌آمد (Welkomhuis)",
            "ti": "ገዛ ኣቀባብላ (Welkomhuis)",
            "tr": "Hoş Geldin Evi (Welkomhuis)",
            "uk": "Дім привітання (Welkomhuis)",
            "so": "Guriga soo-dhaweynta (Welkomhuis)",
        },
    ),
    (
        "buurtteam",
        {
            "nl": "Buurtteam",
            "en": "Neighbourhood team",
            "ar": "فريق الحي",
            "fa_AF": "تیم محله",
            "ti": "ጉጅለ ከባቢ",
            "tr": "Mahalle ekibi",
            "uk": "Команда підтримки в районі",
            "so": "Kooxda xaafadda",
        },
    ),
    (
        "werk-participatie",
        {
            "nl": "Werk en participatie",
            "en": "Work and participation",
            "ar": "العمل والمشاركة",
            "fa_AF": "کار و مشارکت",
            "ti": "ስራሕን ተሳትፎን",
            "tr": "İş ve katılım",
            "uk": "Робота та участь у суспільстві",
            "so": "Shaqo iyo ka-qaybgal",
        },
    ),
    (
        "gezondheid-zorg",
        {
            "nl": "Gezondheid en zorg",
            "en": "Health and care",
            "ar": "الصحة والرعاية",
            "fa_AF": "صحت و مراقبت",
            "ti": "ጥዕናን ክንክንን",
            "tr": "Sağlık ve bakım",
            "uk": "Здоров'я та догляд",
            "so": "Caafimaad iyo daryeel",
        },
    ),
    (
        "huisvesting",
        {
            "nl": "Huisvesting",
            "en": "Housing",
            "ar": "السكن",
            "fa_AF": "مسکن",
            "ti": "መንበሪ ገዛ",
            "tr": "Konut",
            "uk": "Житло",
            "so": "Guryaha",
        },
    ),
    (
        "duo-lening-elip",
        {
            "nl": "DUO-lening / ELIP",
            "en": "DUO loan / ELIP",
            "ar": "قرض DUO / ELIP",
            "fa_AF": "قرضهٔ DUO / ELIP",
            "ti": "ልቓሕ DUO / ELIP",
            "tr": "DUO kredisi / ELIP",
            "uk": "Позика DUO / ELIP",
            "so": "Deynta DUO / ELIP",
        },
    ),
    (
        "oekraiense-vluchtelingen",
        {
            "nl": "Oekraïense vluchtelingen",
            "en": "Refugees from Ukraine",
            "ar": "اللاجئون من أوكرانيا",
            "fa_AF": "پناهندگان اوکراینی",
            "ti": "ካብ ዩክሬን ዝመጹ ስደተኛታት",
            "tr": "Ukraynalı mülteciler",
            "uk": "Біженці з України",
            "so": "Qaxootiga ka yimid Ukraine",
        },
    ),
    (
        "overig",
        {
            "nl": "Overig",
            "en": "Other",
            "ar": "موضوعات أخرى",
            "fa_AF": "موارد دیگر",
            "ti": "ካልእ",
            "tr": "Diğer",
            "uk": "Інше",
            "so": "Arrimo kale",
        },
    ),
]

LETTER = "Raadsbrief Voortgang nieuwe aanpak inburgering, 21 juni 2022 (kenmerk 10036026)"
LETTER_DATE = date(2022, 6, 21)
DEPARTMENT = "Asiel en Integratie"

# (code, title, description); the letter of 21 June 2022 reported on all five and
# closed them ("Met deze brief zijn de hieronder genoemde toezeggingen afgedaan").
COMMITMENTS = [
    (
        "21/T37",
        "Voormalige en huidige inburgeraars nauw betrekken",
        "Voormalige en huidige inburgeraars zijn nauw betrokken bij de opgave inburgering. "
        "Een deel van hen heeft zich verenigd in klankbordgroep De Stem, die de gemeente "
        "maandelijks vraagt om feedback en signalen over de aanpak inburgering. Voormalig "
        "inburgeraars geven ook trainingen en ontvangen nieuwkomers in het Welkomhuis.",
    ),
    (
        "21/T40",
        "Functies van het Welkomhuis, waaronder taal oefenen in de praktijk",
        "De functies van het Welkomhuis krijgen een duidelijke invulling: begeleiding, "
        "ontmoetings- en netwerkplek, wegwijzer, praktische hulp, taallessen en taal oefenen "
        "in de praktijk. Het Welkomhuis richt zich op inburgeraars; andere Utrechters zijn "
        "ook welkom. Het verwijst sterker door naar het bestaande aanbod in buurten en wijken "
        "en krijgt zo een brugfunctie.",
    ),
    (
        "20/T580",
        "Lokale initiatieven; betekenisvol sturen en verantwoorden met een focusgroep",
        "Inburgeraars kunnen gebruikmaken van het grote en diverse aanbod van lokale "
        "initiatieven voor vluchtelingen, onder meer in Plan Einstein. Om de vorderingen te "
        "volgen werkt de gemeente aan bruikbare indicatoren. Die ontwikkelt en bespreekt zij "
        "met een focusgroep van (voormalig) inburgeraars, maatschappelijke (zorg)organisaties "
        "en de Hogeschool Utrecht.",
    ),
    (
        "20/T581",
        "Nieuwe locatie voor het Welkomhuis",
        "Gebruikers van het Welkomhuis in het Krachtstation (Kanaleneiland) gaven aan dat "
        "deze locatie minder goed past bij het doel en de functies van het Welkomhuis. De "
        "gemeente zoekt een nieuwe locatie en hoopt uiterlijk eind 2022 te verhuizen.",
    ),
    (
        "21/T36",
        "Kwaliteit en financiële kaders van de inkoop van taalonderwijs",
        "Het taalonderwijs voor de B1-route en de Z-route is voor meerdere jaren ingekocht. "
        "Naast het landelijke keurmerk Blik op Werk gelden extra kwaliteitseisen voor de "
        "docenten en het kwaliteitsplan van de taalaanbieder. Taalaanbieders krijgen een vast "
        "budget per cursist: zo is vooraf duidelijk wat er te besteden is.",
    ),
]

themes = sa.table(
    "themes",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("names", sa.JSON),
    sa.column("position", sa.Integer),
    sa.column("reply_days", sa.Integer),
    sa.column("active", sa.Boolean),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("title", sa.String),
    sa.column("description", sa.Text),
    sa.column("made_on", sa.Date),
    sa.column("due_on", sa.Date),
    sa.column("status", sa.String),
    sa.column("fulfilled_on", sa.Date),
    sa.column("fulfilled_by", sa.String),
    sa.column("department", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _now(bind) -> datetime:
    now = datetime.now(UTC)
    # The app stores UTC without a zone on SQLite (see stem.core.db.UTCDateTime).
    return now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now


def upgrade():
    bind = op.get_bind()
    have_slugs = set(bind.execute(sa.select(themes.c.slug)).scalars())
    have_codes = set(bind.execute(sa.select(commitments.c.code)).scalars())
    new_themes = [
        {"slug": slug, "names": names, "position": position, "reply_days": 10, "active": True}
        for position, (slug, names) in enumerate(THEMES)
        if slug not in have_slugs
    ]
    if new_themes:
        op.bulk_insert(themes, new_themes)
    now = _now(bind)
    new_commitments = [
        {
            "code": code,
            "title": title,
            "description": description,
            "made_on": None,
            "due_on": None,
            "status": "fulfilled",
            "fulfilled_on": LETTER_DATE,
            "fulfilled_by": LETTER,
            "department": DEPARTMENT,
            "created_at": now,
        }
        for code, title, description in COMMITMENTS
        if code not in have_codes
    ]
    if new_commitments:
        op.bulk_insert(commitments, new_commitments)


def downgrade():
    # Only what nobody uses yet: a theme with signals or questions, or a commitment
    # linked to a signal or a question, stays.
    signals = sa.table("signals", sa.column("theme_id", sa.Integer))
    questions = sa.table(
        "questions", sa.column("theme_id", sa.Integer), sa.column("id", sa.Integer)
    )
    signal_links = sa.table("signal_commitments", sa.column("commitment_id", sa.Integer))
    question_links = sa.table("question_commitments", sa.column("commitment_id", sa.Integer))
    op.execute(
        themes.delete().where(
            themes.c.slug.in_([slug for slug, _names in THEMES]),
            ~sa.exists().where(signals.c.theme_id == themes.c.id),
            ~sa.exists().where(questions.c.theme_id == themes.c.id),
        )
    )
    op.execute(
        commitments.delete().where(
            commitments.c.code.in_([code for code, _title, _description in COMMITMENTS]),
            ~sa.exists().where(signal_links.c.commitment_id == commitments.c.id),
            ~sa.exists().where(question_links.c.commitment_id == commitments.c.id),
        )
    )
