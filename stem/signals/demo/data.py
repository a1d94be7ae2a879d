"""The demo's signals: what members, partners and staff noticed about Utrecht's approach.

Members write in their own language; partners and staff in Dutch. Each text is unique:
the loader recognises a signal it added before by its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EVA = "Eva de Vries"  # the demo's policy officer (staff)
JEROEN = "Jeroen Bakker"  # the demo's admin


@dataclass(frozen=True)
class OnBehalf:
    """Someone staff report for: heard by phone, by e-mail or in a meeting."""

    name: str
    email: str | None = None
    phone: str | None = None
    locale: str = "nl"
    channel: str = "none"


@dataclass(frozen=True)
class DemoSignal:
    key: str
    by: str  # a demo account's display name
    theme: str  # theme slug
    body: str
    days_ago: int
    status: str = "new"
    priority: str = "normal"
    district: str | None = None
    assignee: str | None = None
    commitments: tuple[str, ...] = ()
    source: str | None = None  # member/partner from the account; "staff" or "meeting"
    source_detail: str = ""
    on_behalf: OnBehalf | None = None
    may_contact: bool = False
    reply: dict[str, str] = field(default_factory=dict)  # locale -> text
    reason: str = ""  # why not pursued
    merged_into: str | None = None  # key of the surviving signal


def _reply(nl: str, en: str, **others: str) -> dict[str, str]:
    return {"nl": nl, "en": en, **others}


SIGNALS: list[DemoSignal] = [
    DemoSignal(
        "toets-coach",
        "Amal",
        "leerbaarheidstoets",
        "نتيجة اختبار القدرة على التعلّم تقول إنني يجب أن أتبع مسار الاعتماد على النفس (Z)، "
        "لكن مدرّبتي في المقابلة الشاملة قالت إن مستواي يسمح بمسار B1. لا أحد يشرح لي لماذا. "
        "أريد أن أتعلّم الهولندية جيداً وأن أعمل ممرضة كما كنت أعمل في سوريا.",
        days_ago=24,
        status="in_progress",
        priority="high",
        district="overvecht",
        assignee=EVA,
        may_contact=True,
    ),
    DemoSignal(
        "welkomhuis-ver",
        "Yonas",
        "welkomhuis",
        "ናብ ዌልኮምሁስ ኣብ ክራኽትስታሽን ምኻድ ኣዝዩ ርሑቕ እዩ። ካብ ኦቨርቨኽት ክልተ ግዜ ኣውቶቡስ "
        "ክቕይር ኣለኒ፣ ቲኬት ድማ ክቡር እዩ። ብዙሓት ኣዕሩኽተይ ሓንሳብ ጥራይ እዮም ከይዶም።",
        days_ago=9,
        status="triage",
        district="overvecht",
        assignee=EVA,
        commitments=("21/T40", "20/T581"),
    ),
    DemoSignal(
        "welkomhuis-ver-2",
        "Hodan",
        "welkomhuis",
        "Welkomhuis-ka aad buu uga fog yahay Overvecht. Waa inaan laba bas qaataa, "
        "tigidhkuna waa qaali. Sidaas darteed marar badan ma tago.",
        days_ago=7,
        status="merged",
        district="overvecht",
        assignee=EVA,
        merged_into="welkomhuis-ver",
    ),
    DemoSignal(
        "lessen-uitval",
        "Fatima",
        "taalonderwijs-b1",
        "مکتب زبان ما در سه هفتهٔ گذشته چهار بار درس را لغو کرد، چون معلم مریض بود و معلم "
        "دیگری نبود. امتحان من ماه آینده است و می‌ترسم آماده نباشم. آیا مکتب زبان باید "
        "درس‌های لغوشده را جبران کند؟",
        days_ago=27,
        status="in_progress",
        priority="high",
        district="zuid",
        assignee=EVA,
        commitments=("21/T36",),
        may_contact=True,
    ),
    DemoSignal(
        "lessen-uitval-school",
        "Ineke (Taalschool)",
        "taalonderwijs-b1",
        "Door ziekte van twee docenten hebben we in oktober twaalf lessen van de B1-groepen "
        "moeten afzeggen. Invallers zijn moeilijk te vinden binnen het vaste budget per "
        "cursist. We bespreken graag met de gemeente hoe cursisten de lessen kunnen inhalen "
        "zonder dat ze hun examendatum missen.",
        days_ago=13,
        status="in_progress",
        district="binnenstad",
        assignee=EVA,
        commitments=("21/T36",),
    ),
    DemoSignal(
        "tijdelijke-woning",
        "Olena",
        "oekraiense-vluchtelingen",
        "Ми з донькою вже вісім місяців живемо в тимчасовому житлі для українців у "
        "Лейдсе-Рейн. Контракт закінчується в січні, і ніхто не може сказати, куди ми "
        "переїдемо. Донька не знає, чи зможе залишитися в своїй школі.",
        days_ago=2,
        district="leidsche-rijn",
    ),
    DemoSignal(
        "duo-op",
        "Mehmet",
        "duo-lening-elip",
        "DUO kredim bitti ama hâlâ iki sınavım var: konuşma ve KNM. Kursu kendi paramla "
        "ödemem gerekiyor, ama yarı zamanlı çalışıyorum ve bunu karşılayamıyorum. Belediye "
        "ELIP grubundaki insanlara yardım ediyor mu?",
        days_ago=41,
        status="answered",
        district="zuidwest",
        assignee=EVA,
        may_contact=True,
        reply=_reply(
            "Beste Mehmet, dank je voor je signaal. Voor mensen van wie de DUO-lening op is, "
            "maar die nog examens moeten doen (de ELIP-groep), maakt de gemeente een plan op "
            "maat. Een inburgeringscoach van Team Inburgering belt je deze week om te kijken "
            "welke hulp bij jou past. Met vriendelijke groet, Eva de Vries, gemeente Utrecht",
            "Dear Mehmet, thank you for your message. For people whose DUO loan has run out "
            "but who still have exams to take (the ELIP group), the municipality makes a "
            "tailored plan. A coach from Team Inburgering will call you this week to see "
            "which help suits you. Kind regards, Eva de Vries, City of Utrecht",
            tr="Sevgili Mehmet, mesajın için teşekkür ederiz. DUO kredisi bitmiş ama hâlâ "
            "sınavları olan kişiler (ELIP grubu) için belediye kişiye özel bir plan yapar. "
            "Team Inburgering'den bir koç bu hafta seni arayacak ve sana uygun yardımı "
            "birlikte bulacaksınız. Saygılarımızla, Eva de Vries, Utrecht Belediyesi",
        ),
    ),
    DemoSignal(
        "buurtteam-wachttijd",
        "Hodan",
        "buurtteam",
        "Waxaan u baahanahay caawimaad xagga warqadaha dowladda, laakiin kooxda xaafaddu "
        "waxay i siisay ballan saddex toddobaad kadib. Warqadaha qaarkood waxay leeyihiin "
        "waqti kama dambays ah. Ma jiraa meel aan si degdeg ah caawimaad uga heli karo?",
        days_ago=8,
        status="triage",
        priority="high",
        district="overvecht",
        assignee=EVA,
        may_contact=True,
    ),
    DemoSignal(
        "z-route-buurt",
        "Samir",
        "z-route",
        "Mijn vader (62) volgt de Z-route. De lessen gaan vooral over formulieren invullen en "
        "de bus nemen, en dat is goed. Maar hij wil ook mensen uit de buurt leren kennen, en "
        "in zijn groep zitten alleen nieuwkomers. Kan de Z-route samenwerken met het buurthuis?",
        days_ago=62,
        status="closed",
        priority="low",
        district="west",
        assignee=EVA,
        reply=_reply(
            "Beste Samir, bedankt voor je goede idee. De taalschool organiseert vanaf januari "
            "elke maand een les in buurthuis De Boog, samen met de bewoners van de "
            "koffieochtend. Je vader hoort dit van zijn docent.",
            "Dear Samir, thank you for your good idea. From January, the language school will "
            "hold one lesson a month at community centre De Boog, together with the residents "
            "who meet there for coffee. Your father will hear about it from his teacher.",
        ),
    ),
    DemoSignal(
        "b1-avond",
        "Grace",
        "taalonderwijs-b1",
        "I work full time at a tech company in Utrecht and speak English at work. My language "
        "classes are only on weekday mornings, so I keep missing them. Is there an evening or "
        "online B1 option for family migrants like me?",
        days_ago=1,
        district="binnenstad",
    ),
    DemoSignal(
        "intake-contactpersoon",
        "Sanne (Vluchtelingenwerk)",
        "brede-intake",
        "Bij de brede intake zitten soms drie organisaties aan tafel: de gemeente, "
        "Vluchtelingenwerk en het buurtteam. Voor nieuwkomers is dat veel. Daarna weten ze "
        "vaak niet meer wie hun vaste contactpersoon is. Ons voorstel: zet in het PIP één naam "
        "en één telefoonnummer.",
        days_ago=12,
        status="in_progress",
        assignee=EVA,
        commitments=("21/T37",),
    ),
    DemoSignal(
        "ggz-wachtlijst",
        "Karim (Buurtteam)",
        "gezondheid-zorg",
        "Wij zien in Overvecht steeds meer statushouders met psychische klachten die maanden "
        "op een wachtlijst bij de GGZ staan. Het buurtteam vangt veel op, maar wij zijn geen "
        "behandelaars. Wij vragen om snelle afspraken tussen huisartsen, GGZ en buurtteams.",
        days_ago=12,
        status="triage",
        priority="high",
        district="overvecht",
        assignee=JEROEN,
    ),
    DemoSignal(
        "taalcafe-dinsdag",
        EVA,
        "welkomhuis",
        "Mevrouw Haddad belde. Zij wil graag Nederlands oefenen buiten de les, maar het "
        "taalcafé in het Welkomhuis is alleen op dinsdagmiddag, en dan werkt zij. Zij vraagt "
        "of er ook 's avonds of in het weekend een taalcafé kan komen.",
        days_ago=11,
        status="in_progress",
        district="zuidwest",
        assignee=EVA,
        commitments=("21/T40",),
        source="staff",
        source_detail="Telefoongesprek",
        on_behalf=OnBehalf("Mevrouw Haddad", phone="+31612345099", locale="ar", channel="sms"),
        may_contact=True,
    ),
    DemoSignal(
        "kansrijke-start-taal",
        EVA,
        "kansrijke-start",
        "Tijdens de bijeenkomst van De Stem vertelden vijf deelnemers dat zij in de eerste "
        "weken van de Kansrijke Start veel informatie kregen, maar niet in hun eigen taal. Zij "
        "vragen om een korte samenvatting op papier in de eigen taal, en om een vast moment "
        "in de week voor vragen.",
        days_ago=35,
        status="answered",
        assignee=EVA,
        commitments=("21/T37",),
        source="meeting",
        source_detail="Bijeenkomst De Stem, oktober",
        on_behalf=OnBehalf("Deelnemers bijeenkomst De Stem"),
        reply=_reply(
            "Dank voor dit signaal uit de bijeenkomst. Vanaf december krijgt iedereen in de "
            "Kansrijke Start een samenvatting van één pagina in de eigen taal. Op "
            "donderdagmiddag is er een vragenuur in het Welkomhuis, met tolken.",
            "Thank you for raising this at the meeting. From December, everyone in the "
            "Kansrijke Start gets a one-page summary in their own language. On Thursday "
            "afternoons there is a question hour at the Welcome House, with interpreters.",
        ),
    ),
    DemoSignal(
        "focusgroep-indicatoren",
        EVA,
        "overig",
        "De focusgroep vraagt om in de voortgangsbrief niet alleen aantallen te noemen, zoals "
        "het aantal intakes en examens, maar ook hoe inburgeraars zelf hun eerste jaar "
        "ervaren. Voorstel: elk kwartaal drie vragen uit de maandelijkse ronde van De Stem "
        "als indicator gebruiken.",
        days_ago=6,
        status="triage",
        assignee=EVA,
        commitments=("20/T580", "21/T37"),
        source="meeting",
        source_detail="Focusgroep indicatoren",
        on_behalf=OnBehalf("Focusgroep indicatoren"),
    ),
    DemoSignal(
        "welkomhuis-nieuwe-plek",
        "Amal",
        "welkomhuis",
        "أين سيكون بيت الترحيب الجديد؟ سمعنا أنه سينتقل من Krachtstation، لكن لا توجد "
        "معلومات حتى الآن. كثير من النساء في مجموعتنا يفضّلن مكاناً قريباً من المدرسة ومن "
        "محطة الحافلات.",
        days_ago=3,
        district="zuidwest",
        commitments=("20/T581",),
    ),
    DemoSignal(
        "oekraine-taalles-oudere",
        "Olena",
        "oekraiense-vluchtelingen",
        "Моя мама (67 років) хоче вивчати нідерландську, але їй сказали, що українці не "
        "мають права на курси інтеграції. Чи є в Утрехті безкоштовні курси мови для літніх "
        "людей з України?",
        days_ago=30,
        status="answered",
        district="oost",
        assignee=JEROEN,
        reply=_reply(
            "Beste Olena, dank je voor je vraag. Vluchtelingen uit Oekraïne vallen niet onder "
            "de Wet inburgering, maar je moeder kan gratis meedoen aan de taalcafés van de "
            "bibliotheek en aan de lessen van Taalschool Utrecht voor Oekraïners op "
            "woensdagochtend. Aanmelden kan bij het Welkomhuis.",
            "Dear Olena, thank you for your question. Refugees from Ukraine are not covered "
            "by the Civic Integration Act, but your mother can join the library's language "
            "cafés for free, and the Wednesday morning lessons for Ukrainians at Taalschool "
            "Utrecht. She can sign up at the Welcome House.",
        ),
    ),
    DemoSignal(
        "gezinshereniging",
        "Fatima",
        "overig",
        "خانوادهٔ من هنوز در افغانستان است. درخواست الحاق خانواده یک سال است که منتظر جواب "
        "IND است. من نمی‌توانم روی درس تمرکز کنم. آیا شهرداری می‌تواند کمک کند؟",
        days_ago=45,
        status="not_pursued",
        district="noordwest",
        assignee=EVA,
        reason="Gezinshereniging is een zaak van de IND (het Rijk); de gemeente kan de "
        "procedure niet versnellen. We hebben Fatima doorverwezen naar Vluchtelingenwerk, "
        "dat helpt bij de aanvraag.",
    ),
    DemoSignal(
        "pip-schakelklas",
        EVA,
        "onderwijsroute",
        "Een docent van de schakelklas mailde: twee jongeren in de onderwijsroute kunnen niet "
        "met de schakelklas beginnen, omdat hun PIP nog niet is vastgesteld. Ze zitten nu "
        "thuis. Kan Team Inburgering deze PIP's met voorrang afronden?",
        days_ago=5,
        priority="high",
        district="west",
        source="staff",
        source_detail="E-mail van een docent",
        on_behalf=OnBehalf(
            "Docent schakelklas", email="docent@schakelklas.demo.example", channel="email"
        ),
        may_contact=True,
    ),
    DemoSignal(
        "noodwoning-huiswerk",
        "Karim (Buurtteam)",
        "huisvesting",
        "Drie gezinnen met een verblijfsvergunning wonen al maanden in een noodwoning, zonder "
        "rustige plek voor de kinderen om huiswerk te maken. Het buurtteam vraagt of de "
        "gemeente bij het toewijzen van een woning rekening kan houden met de school van "
        "de kinderen.",
        days_ago=29,
        status="in_progress",
        district="overvecht",
        assignee=EVA,
    ),
    DemoSignal(
        "toets-computer",
        "Yonas",
        "leerbaarheidstoets",
        "ፈተና ዓቕሚ ምምሃር ብኮምፒተር እዩ ነይሩ። ኣነ ኮምፒተር ምጥቃም ኣይፈልጥን እየ፣ ስለዚ ብዙሕ "
        "ግዜ ወሲዱለይ። እቲ ውጽኢት ንዓቕመይ ዘርኢ ኮይኑ ኣይስምዓንን።",
        days_ago=10,
        status="triage",
        district="overvecht",
        assignee=EVA,
    ),
    DemoSignal(
        "oekraine-woning-werk",
        "Sanne (Vluchtelingenwerk)",
        "oekraiense-vluchtelingen",
        "Oekraïense vluchtelingen die nu werken, vallen buiten de gemeentelijke opvang, maar "
        "vinden zelf geen woning. Wij krijgen steeds meer vragen over hulp bij huisvesting, "
        "vooral van alleenstaande moeders.",
        days_ago=4,
        district="binnenstad",
    ),
    DemoSignal(
        "diploma-werk",
        "Mehmet",
        "werk-participatie",
        "Türkiye'de elektrik mühendisiydim. Burada diplomamın tanınması için başvurdum ama "
        "süreç çok uzun sürüyor. Bu arada bir depoda çalışıyorum. Dil kursunu iş deneyimiyle "
        "birleştiren bir program var mı?",
        days_ago=13,
        status="in_progress",
        district="noordoost",
        assignee=JEROEN,
    ),
    DemoSignal(
        "gezinsmigrant-info",
        "Grace",
        "kansrijke-start",
        "My husband is Dutch, so I came as a family migrant. I only heard about the Kansrijke "
        "Start trainings from another mum at school, three months after I arrived. Please "
        "tell family migrants about it when they register with the municipality.",
        days_ago=11,
        status="triage",
        district="oost",
        assignee=EVA,
        commitments=("21/T37",),
    ),
    DemoSignal(
        "tolk-huisarts",
        "Hodan",
        "gezondheid-zorg",
        "Dhakhtarka guud wuxuu ii sheegay inaan ballanta u keeno turjubaan. Ma garanayo meel "
        "aan ka helo turjubaan Soomaali ah oo bilaash ah.",
        days_ago=1,
        priority="high",
        district="overvecht",
    ),
    DemoSignal(
        "z-route-alfabetisering",
        "Ineke (Taalschool)",
        "z-route",
        "In onze Z-routegroepen zitten cursisten die niet kunnen lezen en schrijven in hun "
        "eigen taal naast cursisten die dat wel kunnen. Het tempo past dan voor niemand. Wij "
        "stellen voor om bij de leerbaarheidstoets ook te kijken of iemand gealfabetiseerd is.",
        days_ago=13,
        status="triage",
        district="noordwest",
        assignee=EVA,
        commitments=("21/T36",),
    ),
    DemoSignal(
        "spreekuur-toeslagen",
        EVA,
        "welkomhuis",
        "Op het inloopspreekuur in het Welkomhuis gingen deze maand de meeste vragen over "
        "brieven van de Belastingdienst en over toeslagen. De vrijwilligers kunnen veel van "
        "die vragen niet beantwoorden. Zij vragen om een vaste medewerker van het buurtteam "
        "op het spreekuur.",
        days_ago=20,
        status="in_progress",
        district="zuidwest",
        assignee=EVA,
        commitments=("21/T40",),
        source="meeting",
        source_detail="Inloopspreekuur Welkomhuis",
        on_behalf=OnBehalf("Vrijwilligers inloopspreekuur"),
    ),
    DemoSignal(
        "taalcafe-vol",
        "Samir",
        "welkomhuis",
        "Het taalcafé in het Welkomhuis helpt echt. Ik praat daar elke week met vrijwilligers "
        "en ik spreek nu veel beter Nederlands. Wel jammer dat het vaak zo vol is dat niet "
        "iedereen aan de beurt komt.",
        days_ago=33,
        status="answered",
        district="zuidwest",
        assignee=EVA,
        commitments=("21/T40",),
        reply=_reply(
            "Beste Samir, wat fijn om te horen! Omdat het taalcafé zo vol is, komt er vanaf "
            "volgende maand een tweede tafel met een extra vrijwilliger.",
            "Dear Samir, great to hear! Because the language café is so busy, a second table "
            "with an extra volunteer will start next month.",
        ),
    ),
    DemoSignal(
        "mbo-zoon",
        "Olena",
        "onderwijsroute",
        "Моєму синові 19 років. Він хоче вступити до MBO, але ми не розуміємо, чи це буде "
        "через освітній маршрут, чи спочатку він має закінчити мовні курси. Хто може "
        "пояснити нам це українською або англійською?",
        days_ago=6,
        district="vleuten-de-meern",
    ),
    DemoSignal(
        "brieven-begin",
        "Fatima",
        "kansrijke-start",
        "در هفته‌های اول نامه‌های زیادی از شهرداری و DUO گرفتم، همه به زبان هالندی. خوب "
        "می‌شد اگر در شروع برنامه کسی یک بار همهٔ این نامه‌ها را با ما توضیح می‌داد.",
        days_ago=9,
        status="triage",
        district="noordwest",
        assignee=EVA,
    ),
]
