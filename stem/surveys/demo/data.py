"""The texts of the demo survey in all eight languages, and the answers the demo members gave.

Order of every tuple of translations: nl, en, ar, fa_AF, ti, tr, uk, so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOCALES = ("nl", "en", "ar", "fa_AF", "ti", "tr", "uk", "so")
REVIEWED_LOCALES = ("nl", "en", "ar")  # checked by a native speaker; the others not yet

SURVEY_NAME = "Maandelijkse ronde: Welkomhuis en taalles"


def texts(*values: str) -> dict[str, str]:
    """A text in the eight languages, in the order of LOCALES."""
    return dict(zip(LOCALES, values, strict=True))


TITLE = texts(
    "Maandelijkse ronde: Welkomhuis en taalles",
    "Monthly round: Welcome House and language classes",
    "الجولة الشهرية: بيت الترحيب ودروس اللغة",
    "دور ماهانه: خانهٔ خوش‌آمد و صنف زبان",
    "ወርሓዊ ዙር፡ ገዛ ኣቀባብላ (Welkomhuis) ከምኡ'ውን ትምህርቲ ቋንቋ",
    "Aylık tur: Welkomhuis ve dil kursu",
    "Щомісячне опитування: Welkomhuis і мовні курси",
    "Wareegga bishii: Welkomhuis iyo casharrada luqadda",
)
INTRO = texts(
    "Zeven korte vragen over het Welkomhuis, je taalles en de hulp die je krijgt. "
    "Het duurt ongeveer vijf minuten. Je antwoorden zijn anoniem.",
    "Seven short questions about the Welcome House, your language classes and the help you "
    "get. It takes about five minutes. Your answers are anonymous.",
    "سبعة أسئلة قصيرة عن بيت الترحيب ودروس اللغة والمساعدة التي تحصل عليها. "
    "يستغرق ذلك حوالي خمس دقائق. إجاباتك مجهولة الهوية.",
    "هفت سوال کوتاه دربارهٔ خانهٔ خوش‌آمد، صنف زبان شما و کمکی که دریافت می‌کنید. "
    "حدود پنج دقیقه وقت می‌گیرد. جواب‌های شما بی‌نام است.",
    "ብዛዕባ ገዛ ኣቀባብላ፡ ትምህርቲ ቋንቋኻን እትረኽቦ ሓገዝን ሸውዓተ ሓጸርቲ ሕቶታት። ኣስታት ሓሙሽተ ደቓይቕ ይወስድ። መልስታትካ ብዘይ ስም እዮም።",
    "Welkomhuis, dil kursunuz ve aldığınız destek hakkında yedi kısa soru. "
    "Yaklaşık beş dakika sürer. Cevaplarınız anonimdir.",
    "Сім коротких запитань про Welkomhuis, ваші мовні курси та допомогу, яку ви отримуєте. "
    "Це займе близько п'яти хвилин. Ваші відповіді анонімні.",
    "Toddoba su'aalood oo gaaban oo ku saabsan Welkomhuis, casharradaada luqadda iyo "
    "caawimaadda aad hesho. Waxay qaadanaysaa qiyaastii shan daqiiqo. Jawaabahaagu waa "
    "qarsoodi.",
)

VERY_BAD = texts(
    "Heel slecht", "Very bad", "سيئ جدًا", "خیلی بد", "ኣዝዩ ሕማቕ", "Çok kötü", "Дуже погано",
    "Aad u xun",
)  # fmt: skip
BAD = texts("Slecht", "Bad", "سيئ", "بد", "ሕማቕ", "Kötü", "Погано", "Xun")
OKAY = texts("Gaat wel", "Okay", "مقبول", "قابل قبول", "ማእከላይ", "İdare eder", "Нормально", "Caadi")
GOOD = texts("Goed", "Good", "جيد", "خوب", "ጽቡቕ", "İyi", "Добре", "Wanaagsan")
VERY_GOOD = texts(
    "Heel goed", "Very good", "جيد جدًا", "خیلی خوب", "ኣዝዩ ጽቡቕ", "Çok iyi", "Дуже добре",
    "Aad u wanaagsan",
)  # fmt: skip
YES = texts("Ja", "Yes", "نعم", "بلی", "እወ", "Evet", "Так", "Haa")
NO = texts("Nee", "No", "لا", "نخیر", "ኣይፋል", "Hayır", "Ні", "Maya")


@dataclass(frozen=True)
class DemoQuestion:
    key: str
    kind: str
    text: dict[str, str]
    hint: dict[str, str] | None = None
    options: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    theme: str | None = None  # slug
    commitments: tuple[str, ...] = ()
    required: bool = True
    ask_contact: bool = False


QUESTIONS = [
    DemoQuestion(
        key="welkomhuis-tevreden",
        kind="smiley5",
        text=texts(
            "Hoe tevreden ben je over het Welkomhuis?",
            "How satisfied are you with the Welcome House (Welkomhuis)?",
            "ما مدى رضاك عن بيت الترحيب (Welkomhuis)؟",
            "از خانهٔ خوش‌آمد (Welkomhuis) چقدر راضی هستید؟",
            "ብገዛ ኣቀባብላ (Welkomhuis) ክንደይ ዕጉብ ኢኻ?",
            "Welkomhuis'ten ne kadar memnunsunuz?",
            "Наскільки ви задоволені Welkomhuis?",
            "Intee in le'eg ayaad ugu qanacsan tahay Welkomhuis?",
        ),
        hint=texts(
            "Denk aan de laatste keer dat je er was.",
            "Think of the last time you were there.",
            "فكّر في آخر مرة كنت فيها هناك.",
            "به آخرین باری که آنجا بودید فکر کنید.",
            "ነታ ናይ መወዳእታ ግዜ ኣብኡ ዝነበርካላ ሕሰብ።",
            "Oraya en son gittiğiniz zamanı düşünün.",
            "Згадайте, коли ви були там востаннє.",
            "Ka fikir markii ugu dambeysay ee aad halkaas joogtay.",
        ),
        options=[("1", VERY_BAD), ("2", BAD), ("3", OKAY), ("4", GOOD), ("5", VERY_GOOD)],
        theme="welkomhuis",
        commitments=("21/T40", "20/T581"),
    ),
    DemoQuestion(
        key="taalles-genoeg-uren",
        kind="yesno",
        text=texts(
            "Krijg je genoeg uren taalles per week?",
            "Do you get enough hours of language classes each week?",
            "هل تحصل على ساعات كافية من دروس اللغة كل أسبوع؟",
            "آیا هر هفته به اندازهٔ کافی ساعت صنف زبان دارید؟",
            "ኣብ ሰሙን እኹል ሰዓታት ትምህርቲ ቋንቋ ትረክብ ዶ?",
            "Her hafta yeterli saat dil dersi alıyor musunuz?",
            "Чи достатньо годин мовних занять ви отримуєте щотижня?",
            "Ma heshaa saacado ku filan oo casharro luqadda ah toddobaad kasta?",
        ),
        hint=texts(
            "Bijvoorbeeld in de B1-route of de Z-route.",
            "For example in the B1 route or the Z route.",
            "مثلًا في مسار B1 أو مسار Z.",
            "مثلاً در مسیر B1 یا مسیر Z.",
            "ንኣብነት ኣብ B1-route ወይ Z-route።",
            "Örneğin B1 rotasında veya Z rotasında.",
            "Наприклад, у маршруті B1 або маршруті Z.",
            "Tusaale ahaan B1-route ama Z-route.",
        ),
        options=[("yes", YES), ("no", NO)],
        theme="taalonderwijs-b1",
        commitments=("21/T36",),
    ),
    DemoQuestion(
        key="nederlands-oefenen",
        kind="single",
        text=texts(
            "Waar oefen je het meest Nederlands buiten de les?",
            "Where do you practise Dutch most outside your classes?",
            "أين تتدرّب على اللغة الهولندية أكثر خارج الدرس؟",
            "بیرون از صنف، بیشتر کجا هالندی تمرین می‌کنید؟",
            "ካብ ትምህርቲ ወጻኢ ኣበይ ኢኻ ብዝበለጸ ሆላንድኛ እትለማመድ?",
            "Ders dışında en çok nerede Hollandaca pratik yapıyorsunuz?",
            "Де ви найбільше практикуєте нідерландську поза заняттями?",
            "Xaggee ayaad inta badan ku celcelisaa Nederlandiska marka aadan fasalka joogin?",
        ),
        options=[
            (
                "welkomhuis",
                texts(
                    "Bij het Welkomhuis",
                    "At the Welcome House",
                    "في بيت الترحيب",
                    "در خانهٔ خوش‌آمد",
                    "ኣብ ገዛ ኣቀባብላ",
                    "Welkomhuis'te",
                    "У Welkomhuis",
                    "Xarunta Welkomhuis",
                ),
            ),
            (
                "werk",
                texts(
                    "Op mijn werk of vrijwilligerswerk",
                    "At work or when volunteering",
                    "في عملي أو في العمل التطوعي",
                    "در کار یا کار داوطلبانه",
                    "ኣብ ስራሕ ወይ ናይ ወለንታ ስራሕ",
                    "İşte veya gönüllü çalışmada",
                    "На роботі або волонтерстві",
                    "Shaqadayda ama shaqo tabarruc ah",
                ),
            ),
            (
                "buren",
                texts(
                    "Met buren of vrienden",
                    "With neighbours or friends",
                    "مع الجيران أو الأصدقاء",
                    "با همسایه‌ها یا دوستان",
                    "ምስ ጎረባብቲ ወይ ኣዕሩኽ",
                    "Komşularla veya arkadaşlarla",
                    "З сусідами або друзями",
                    "Deriska ama saaxiibada",
                ),
            ),
            (
                "thuis",
                texts(
                    "Thuis, met tv of apps",
                    "At home, with TV or apps",
                    "في المنزل، بالتلفاز أو بالتطبيقات",
                    "در خانه، با تلویزیون یا اپلیکیشن",
                    "ኣብ ገዛ፡ ብተለቪዥን ወይ ኣፕሊኬሽን",
                    "Evde, televizyon veya uygulamalarla",
                    "Удома, з телевізором або застосунками",
                    "Guriga, TV ama app-yada",
                ),
            ),
            (
                "bijna-niet",
                texts(
                    "Ik oefen bijna niet",
                    "I hardly practise",
                    "لا أتدرّب تقريبًا",
                    "تقریباً تمرین نمی‌کنم",
                    "ዳርጋ ኣይለማመድን እየ",
                    "Neredeyse hiç pratik yapmıyorum",
                    "Я майже не практикуюся",
                    "Ku dhawaad ma celceliyo",
                ),
            ),
        ],
        theme="taalonderwijs-b1",
        commitments=("21/T40",),
    ),
    DemoQuestion(
        key="brede-intake-duidelijk",
        kind="smiley3",
        text=texts(
            "Hoe duidelijk was de brede intake voor jou?",
            "How clear was the broad intake for you?",
            "ما مدى وضوح المقابلة الشاملة (brede intake) بالنسبة لك؟",
            "مصاحبهٔ جامع (brede intake) برای شما چقدر روشن بود؟",
            "እቲ ሰፊሕ ቃለ-መሕትት (brede intake) ንዓኻ ክንደይ ንጹር ነይሩ?",
            "Kapsamlı ön görüşme (brede intake) sizin için ne kadar açıktı?",
            "Наскільки зрозумілою для вас була розширена співбесіда (brede intake)?",
            "Intee in le'eg ayuu kuugu caddaa wareysiga ballaaran (brede intake)?",
        ),
        hint=texts(
            "Het eerste gesprek met de gemeente over je inburgering en je leerroute.",
            "The first meeting with the municipality about your integration and your "
            "learning route.",
            "المحادثة الأولى مع البلدية حول اندماجك ومسار تعلّمك.",
            "اولین گفتگو با شهرداری دربارهٔ ادغام شما و مسیر یادگیری‌تان.",
            "እቲ ቀዳማይ ዝርርብ ምስ ምምሕዳር ከተማ ብዛዕባ ምውህሃድካን መስመር ትምህርትኻን።",
            "Belediyeyle uyum süreciniz ve öğrenme rotanız hakkındaki ilk görüşme.",
            "Перша розмова з муніципалітетом про вашу інтеграцію та навчальний маршрут.",
            "Wadahadalka ugu horreeya ee dowladda hoose ee ku saabsan is-dhexgalkaaga iyo "
            "waddada waxbarashadaada.",
        ),
        options=[("1", BAD), ("2", OKAY), ("3", GOOD)],
        theme="brede-intake",
        commitments=("21/T37",),
    ),
    DemoQuestion(
        key="hulp-gevraagd",
        kind="multiple",
        text=texts(
            "Bij wie heb je de afgelopen maand hulp gevraagd?",
            "Who did you ask for help in the past month?",
            "ممّن طلبت المساعدة في الشهر الماضي؟",
            "در ماه گذشته از چه کسی کمک خواستید؟",
            "ኣብ ዝሓለፈ ወርሒ ካብ መን ሓገዝ ሓቲትካ?",
            "Geçen ay kimden yardım istediniz?",
            "До кого ви зверталися по допомогу минулого місяця?",
            "Bishii la soo dhaafay yaad caawimaad weydiisatay?",
        ),
        hint=texts(
            "Je mag meer dan één antwoord kiezen.",
            "You may choose more than one answer.",
            "يمكنك اختيار أكثر من إجابة.",
            "می‌توانید بیش از یک جواب انتخاب کنید.",
            "ካብ ሓደ ንላዕሊ መልሲ ክትመርጽ ትኽእል ኢኻ።",
            "Birden fazla cevap seçebilirsiniz.",
            "Можна вибрати кілька відповідей.",
            "Waxaad dooran kartaa in ka badan hal jawaab.",
        ),
        options=[
            (
                "buurtteam",
                texts(
                    "Het buurtteam",
                    "The neighbourhood team",
                    "فريق الحي (buurtteam)",
                    "تیم محله (buurtteam)",
                    "ጉጅለ ሰፈር (buurtteam)",
                    "Mahalle ekibi (buurtteam)",
                    "Команда району (buurtteam)",
                    "Kooxda xaafadda (buurtteam)",
                ),
            ),
            (
                "klantmanager",
                texts(
                    "Mijn klantmanager bij de gemeente",
                    "My client manager at the municipality",
                    "مسؤول ملفي في البلدية",
                    "مسئول پرونده‌ام در شهرداری",
                    "ኣብ ምምሕዳር ከተማ ዘሎ ሓላፊ ጉዳየይ",
                    "Belediyedeki danışmanım",
                    "Мій куратор у муніципалітеті",
                    "Maareeyaha kiiskayga ee dowladda hoose",
                ),
            ),
            (
                "vluchtelingenwerk",
                texts(
                    "Vluchtelingenwerk",
                    "Dutch Council for Refugees (Vluchtelingenwerk)",
                    "منظمة دعم اللاجئين (Vluchtelingenwerk)",
                    "سازمان کمک به پناهندگان (Vluchtelingenwerk)",
                    "ትካል ደገፍ ስደተኛታት (Vluchtelingenwerk)",
                    "Mülteci destek kuruluşu (Vluchtelingenwerk)",
                    "Організація допомоги біженцям (Vluchtelingenwerk)",
                    "Hay'adda taageerada qaxootiga (Vluchtelingenwerk)",
                ),
            ),
            (
                "taalschool",
                texts(
                    "Mijn taalschool",
                    "My language school",
                    "مدرسة اللغة التي أدرس فيها",
                    "آموزشگاه زبانم",
                    "ቤት ትምህርቲ ቋንቋይ",
                    "Dil okulum",
                    "Моя мовна школа",
                    "Dugsigayga luqadda",
                ),
            ),
            (
                "familie",
                texts(
                    "Familie of vrienden",
                    "Family or friends",
                    "العائلة أو الأصدقاء",
                    "خانواده یا دوستان",
                    "ስድራ ወይ ኣዕሩኽ",
                    "Aile veya arkadaşlar",
                    "Родина або друзі",
                    "Qoyska ama saaxiibada",
                ),
            ),
            (
                "niemand",
                texts(
                    "Niemand",
                    "Nobody",
                    "لا أحد",
                    "هیچ‌کس",
                    "ማንም",
                    "Hiç kimse",
                    "Ні до кого",
                    "Qofna",
                ),  # fmt: skip
            ),
        ],
        theme="buurtteam",
    ),
    DemoQuestion(
        key="gemeente-beter",
        kind="long_text",
        text=texts(
            "Wat kan de gemeente beter doen bij jouw inburgering?",
            "What could the municipality do better in your integration?",
            "ما الذي يمكن للبلدية أن تفعله بشكل أفضل في اندماجك؟",
            "شهرداری در روند ادغام شما چه کاری را می‌تواند بهتر انجام دهد؟",
            "ምምሕዳር ከተማ ኣብ ምውህሃድካ እንታይ ብዝበለጸ ክገብር ይኽእል?",
            "Belediye uyum sürecinizde neyi daha iyi yapabilir?",
            "Що муніципалітет може робити краще для вашої інтеграції?",
            "Maxay dowladda hoose si ka wanaagsan u samayn kartaa is-dhexgalkaaga?",
        ),
        hint=texts(
            "Schrijf wat je wilt. Je mag ook in je eigen taal schrijven.",
            "Write whatever you like. You may also write in your own language.",
            "اكتب ما تريد. يمكنك أيضًا الكتابة بلغتك.",
            "هرچه می‌خواهید بنویسید. می‌توانید به زبان خودتان هم بنویسید.",
            "ዝደለኻዮ ጽሓፍ። ብቋንቋኻ'ውን ክትጽሕፍ ትኽእል ኢኻ።",
            "İstediğinizi yazın. Kendi dilinizde de yazabilirsiniz.",
            "Пишіть що завгодно. Можна писати і своєю мовою.",
            "Qor waxaad rabto. Waxaad sidoo kale ku qori kartaa luqaddaada.",
        ),
        theme="overig",
        commitments=("21/T37", "20/T580"),
        required=False,
        ask_contact=True,
    ),
    DemoQuestion(
        key="gevoel-utrecht",
        kind="short_text",
        text=texts(
            "Welk woord past bij hoe je je nu voelt in Utrecht?",
            "Which word fits how you feel in Utrecht right now?",
            "ما الكلمة التي تصف شعورك في أوتريخت الآن؟",
            "کدام کلمه احساس فعلی شما در اوترخت را بیان می‌کند؟",
            "ሕጂ ኣብ ኡትረኽት ዘለካ ስምዒት ዝገልጽ ቃል ኣየናይ እዩ?",
            "Şu an Utrecht'te nasıl hissettiğinizi hangi kelime anlatıyor?",
            "Яке слово описує, як ви зараз почуваєтеся в Утрехті?",
            "Erayga ugu habboon ee sharraxaya sida aad hadda ku dareemayso Utrecht waa maxay?",
        ),
        theme="overig",
        required=False,
    ),
]

# Extra members of the panel, so that each round has a realistic number of responses.
# (display name, e-mail, phone, language)
PANEL = [
    ("Rania", "rania@demo.stem.example", None, "ar"),
    ("Khaled", None, "+31612345101", "ar"),
    ("Nour", "nour@demo.stem.example", None, "ar"),
    ("Yusuf", "yusuf@demo.stem.example", None, "ar"),
    ("Senait", None, "+31612345102", "ti"),
    ("Filmon", "filmon@demo.stem.example", None, "ti"),
    ("Mebrahtu", None, "+31612345103", "ti"),
    ("Luwam", "luwam@demo.stem.example", None, "ti"),
    ("Zahra", "zahra@demo.stem.example", None, "fa_AF"),
    ("Ahmad", None, "+31612345104", "fa_AF"),
    ("Parwana", "parwana@demo.stem.example", None, "fa_AF"),
    ("Iryna", "iryna@demo.stem.example", None, "uk"),
    ("Dmytro", "dmytro@demo.stem.example", None, "uk"),
    ("Elif", "elif@demo.stem.example", None, "tr"),
    ("Ayaan", None, "+31612345105", "so"),
    ("Abdi", "abdi@demo.stem.example", None, "so"),
]

# Per past round (oldest first): how many members of each language group took part.
RESPONDENTS = [
    {"ar": 5, "ti": 4, "fa_AF": 3, "uk": 2, "tr": 1, "so": 2, "nl": 1, "en": 0},
    {"ar": 5, "ti": 3, "fa_AF": 4, "uk": 2, "tr": 2, "so": 1, "nl": 1, "en": 1},
    {"ar": 5, "ti": 5, "fa_AF": 3, "uk": 3, "tr": 1, "so": 2, "nl": 0, "en": 1},
]

# Weights per option value, per past round: the Welkomhuis slowly gets better.
WEIGHTS = {
    "welkomhuis-tevreden": [
        {"1": 2, "2": 3, "3": 5, "4": 5, "5": 2},
        {"1": 1, "2": 3, "3": 4, "4": 6, "5": 3},
        {"1": 1, "2": 2, "3": 4, "4": 7, "5": 5},
    ],
    "taalles-genoeg-uren": [{"yes": 35, "no": 65}, {"yes": 45, "no": 55}, {"yes": 50, "no": 50}],
    "nederlands-oefenen": [
        {"welkomhuis": 4, "werk": 3, "buren": 3, "thuis": 4, "bijna-niet": 2},
    ]
    * 3,
    "brede-intake-duidelijk": [
        {"1": 4, "2": 6, "3": 5},
        {"1": 3, "2": 6, "3": 6},
        {"1": 2, "2": 6, "3": 8},
    ],
}
# Multiple choice: the chance that each option is ticked (no one ticks "niemand" with others).
HELP_CHANCES = {
    "buurtteam": 0.35,
    "klantmanager": 0.3,
    "vluchtelingenwerk": 0.3,
    "taalschool": 0.4,
    "familie": 0.45,
}

OPEN_ANSWERS = [
    "Meer lessen in de avond, want overdag werk ik.",
    "De wachttijd voor de taalschool is te lang. Ik wacht al drie maanden.",
    "Het Welkomhuis is fijn, maar het is ver van Overvecht.",
    "Mijn klantmanager wisselt steeds. Ik moet mijn verhaal elke keer opnieuw vertellen.",
    "Brieven van de gemeente zijn moeilijk. Kunnen ze makkelijker Nederlands gebruiken?",
    "أتمنى أن تكون هناك دروس لغة للأمهات مع رعاية للأطفال.",
    "ብዙሕ ግዜ ትምህርቲ ይስረዝ። መምህራን ይቕየሩ።",
    "Daha fazla konuşma pratiği olsun, sadece dilbilgisi değil.",
    "Хотілося б більше інформації про роботу та стажування.",
    "Een stage bij een bedrijf zou helpen om sneller Nederlands te leren.",
    "Het buurtteam heeft mij goed geholpen met de post.",
    "Ik wil graag een taalmaatje, maar er is een wachtlijst.",
    "می‌خواهم در کنار صنف زبان، کارآموزی هم داشته باشم.",
    "Waxaan rabaa in casharrada la qabto meel u dhow gurigayga.",
    "De DUO-lening maakt mij zorgen. Niemand legt goed uit hoe het werkt.",
]
# The one member who asked to be contacted (in the newest past round), and what they wrote.
CONTACT = ("amal@demo.stem.example", "أتمنى أن تكون هناك دروس لغة للأمهات مع رعاية للأطفال.")
WORDS = [
    "Welkom",
    "Rustig",
    "Eenzaam",
    "Hoopvol",
    "Thuis",
    "Druk",
    "Veilig",
    "Moe",
    "Blij",
    "Onzeker",
    "Dankbaar",
    "أمان",
    "ተስፋ",
    "Umutlu",
    "Спокійно",
]

# What staff told members about the newest past round; {count} and {month} are filled in.
SUMMARY = {
    "nl": (
        "In {month} deden {count} leden mee. De meeste leden zijn tevreden over het "
        "Welkomhuis. Veel leden vinden dat ze te weinig uren taalles krijgen, vooral in de "
        "B1-route. Leden vragen om lessen in de avond en om meer oefenen met praten. De "
        "gemeente bespreekt dit de komende maand met de taalscholen."
    ),
    "en": (
        "In {month}, {count} members took part. Most members are satisfied with the Welcome "
        "House. Many members feel they get too few hours of language classes, especially in "
        "the B1 route. Members ask for evening classes and more speaking practice. The "
        "municipality will discuss this with the language schools in the coming month."
    ),
    "ar": (
        "في {month} شارك {count} عضوًا. معظم الأعضاء راضون عن بيت الترحيب. يرى كثير من "
        "الأعضاء أنهم يحصلون على ساعات قليلة جدًا من دروس اللغة، خاصة في مسار B1. يطلب "
        "الأعضاء دروسًا مسائية ومزيدًا من التدرّب على المحادثة. ستناقش البلدية ذلك مع مدارس "
        "اللغة خلال الشهر القادم."
    ),
}
