"""The demo's follow-up actions, for the five seeded commitments.

Days are relative to the day the demo is loaded, so some actions are always overdue and
some due soon. Each Dutch title is unique: the loader recognises an action by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EVA = "eva@utrecht.demo.example"  # the demo's policy officer
INEKE = "ineke@taalschool.demo.example"  # partner at Taalschool Utrecht
TAALSCHOOL = "Taalschool Utrecht"


@dataclass(frozen=True)
class DemoUpdate:
    days_ago: int
    texts: dict[str, tuple[str, str]]  # locale -> (what happened, what comes next)
    next_in_days: int | None = None
    public: bool = True
    by_partner: bool = False
    approved: bool = True


@dataclass(frozen=True)
class DemoAction:
    key: str
    titles: dict[str, str]
    description: str
    commitments: tuple[str, ...]
    status: str = "in_progress"
    progress: int = 0
    starts_in: int = -60
    due_in: int | None = 60
    department: str = "Asiel en Integratie"
    organisation: str | None = None
    parent: str | None = None
    weight: int = 1
    rollup: bool = False
    public: bool = True
    stopped_reason: str = ""
    signals: tuple[str, ...] = ()  # keys of demo signals
    round: bool = False  # linked to the latest closed round
    updates: tuple[DemoUpdate, ...] = field(default_factory=tuple)


ACTIONS: list[DemoAction] = [
    DemoAction(
        "taal-oefenen",
        {
            "nl": "Taal oefenen drie keer per week in het Welkomhuis",
            "en": "Language practice three times a week in the Welkomhuis",
            "ar": "ممارسة اللغة ثلاث مرات في الأسبوع في بيت الترحيب",
        },
        "Inburgeraars oefenen Nederlands in de praktijk: op dinsdag, woensdag en donderdag, "
        "met vrijwilligers en een docent van de taalschool.",
        ("21/T40",),
        progress=0,
        rollup=True,
        starts_in=-90,
        due_in=45,
        signals=("taalcafe-dinsdag",),
        round=True,
        updates=(
            DemoUpdate(
                30,
                {
                    "nl": ("De groep op dinsdag is gestart met twaalf deelnemers.",
                           "Een tweede groep op donderdag."),
                    "ar": ("بدأت مجموعة يوم الثلاثاء باثني عشر مشاركاً.",
                           "مجموعة ثانية يوم الخميس."),
                    "en": ("The Tuesday group started with twelve participants.",
                           "A second group on Thursday."),
                },
                next_in_days=14,
            ),
        ),
    ),
    DemoAction(
        "taal-oefenen-groepen",
        {"nl": "Oefengroepen op dinsdag, woensdag en donderdag"},
        "De taalschool levert een docent per groep; het Welkomhuis de ruimte.",
        ("21/T40",),
        organisation=TAALSCHOOL,
        department="",
        parent="taal-oefenen",
        weight=2,
        progress=60,
        starts_in=-80,
        due_in=30,
        updates=(
            DemoUpdate(
                6,
                {"nl": ("De groep op woensdag loopt; op donderdag ontbreekt nog een docent.",
                        "We zoeken een docent voor donderdag.")},
                next_in_days=21,
                by_partner=True,
                approved=False,
            ),
        ),
    ),
    DemoAction(
        "taal-oefenen-vrijwilligers",
        {"nl": "Vrijwilligers werven voor de oefengroepen"},
        "Samen met IWCU en de Stem-leden die zelf al vrijwilliger zijn.",
        ("21/T40",),
        parent="taal-oefenen",
        status="done",
        progress=100,
        starts_in=-90,
        due_in=-20,
    ),
    DemoAction(
        "nieuwe-locatie",
        {
            "nl": "Zoeken naar een nieuwe locatie voor het Welkomhuis",
            "en": "Finding a new location for the Welkomhuis",
            "ti": "ንዌልኮምሁስ ሓድሽ ቦታ ምንዳይ",
        },
        "Een plek die met de bus goed bereikbaar is vanuit Overvecht en Kanaleneiland.",
        ("20/T581",),
        progress=40,
        starts_in=-200,
        due_in=-20,
        department="Vastgoed",
        signals=("welkomhuis-ver", "welkomhuis-nieuwe-plek"),
        updates=(
            DemoUpdate(
                50,
                {
                    "nl": ("Twee panden bekeken, in Zuilen en in Overvecht.",
                           "Een besluit van het college over het pand in Overvecht."),
                    "ti": ("ክልተ ህንጻታት ተራእዮም፡ ኣብ ዙይለንን ኦቨርቨኽትን።",
                           "ውሳነ ኮሌጅ ብዛዕባ እቲ ህንጻ ኣብ ኦቨርቨኽት።"),
                    "en": ("Two buildings visited, in Zuilen and in Overvecht.",
                           "A decision by the executive on the building in Overvecht."),
                },
                next_in_days=30,
            ),
            DemoUpdate(
                12,
                {"nl": ("De huurprijs van het pand in Overvecht is nog niet rond.",
                        "Nieuw overleg met de eigenaar.")},
                public=False,
            ),
        ),
    ),
    DemoAction(
        "pendelbus",
        {"nl": "Pendelbus van Overvecht naar het Welkomhuis"},
        "Een proef met een busje op dinsdag en donderdag.",
        ("20/T581",),
        status="stopped",
        progress=10,
        stopped_reason="De nieuwe locatie ligt dichterbij; een pendelbus is dan niet meer nodig.",
        starts_in=-120,
        due_in=-30,
        public=False,
    ),
    DemoAction(
        "focusgroep",
        {"nl": "Indicatoren bespreken met de focusgroep"},
        "Met (voormalig) inburgeraars, zorgorganisaties en de Hogeschool Utrecht.",
        ("20/T580",),
        status="planned",
        starts_in=-5,
        due_in=10,
        signals=("focusgroep-indicatoren",),
    ),
    DemoAction(
        "uitval-melden",
        {"nl": "Taalscholen melden uitgevallen lessen binnen een week"},
        "Afspraak in het kwaliteitskader: elke uitgevallen les wordt gemeld en ingehaald.",
        ("21/T36",),
        organisation=TAALSCHOOL,
        department="",
        progress=50,
        starts_in=-100,
        due_in=-7,
        signals=("lessen-uitval",),
        updates=(
            DemoUpdate(
                15,
                {
                    "nl": ("Alle docenten melden uitval nu in één systeem.",
                           "Inhaallessen plannen in de vakantie."),
                    "uk": ("Усі викладачі тепер повідомляють про скасовані уроки в одній системі.",
                           "Запланувати додаткові уроки на канікули."),
                },
                next_in_days=40,
                by_partner=True,
            ),
        ),
    ),
    DemoAction(
        "gastvrouwen",
        {"nl": "Leden van De Stem ontvangen nieuwkomers in het Welkomhuis"},
        "Een training voor gastvrouwen en gastheren, gegeven door voormalig inburgeraars.",
        ("21/T37", "21/T40"),
        status="done",
        progress=100,
        starts_in=-300,
        due_in=-100,
    ),
]
