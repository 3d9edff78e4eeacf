"""Demo content, written by the Majlis team for this project. Every article, comment and
name here is invented; none describes real events."""

from __future__ import annotations

GUIDELINES = {
    "en": (
        "Stay on the topic of the article. Disagree as sharply as you like with ideas, "
        "with public figures and with us — constructive criticism of this newsroom is welcome.\n"
        "We reject comments with swearing, vulgarity, threats, personal attacks, abuse of "
        "people for who they are (sexism, racism, homophobia, xenophobia, religion), and "
        "advertising or self-promotion."
    ),
    "ckb": (
        "لە بابەتی وتارەکە لامەدە. دەتوانیت بە توندی ڕەخنە لە بیرۆکەکان، کەسایەتییە گشتییەکان "
        "و لە ئێمەش بگریت — ڕەخنەی بنیاتنەر لەم دەزگا هەواڵییە بەخێرهاتنی لێ دەکرێت.\n"
        "ئەو کۆمێنتانە ڕەت دەکەینەوە کە جنێو، قسەی ناشیرین، هەڕەشە، هێرشی کەسی، سووکایەتی "
        "بەهۆی ڕەگەز، نەتەوە، ئایین یان ڕەگەزی کۆمەڵایەتی، یان ڕیکلام تێدایە."
    ),
    "kmr": (
        "Li ser mijara gotarê bimînin. Hûn dikarin bi tundî rexne li raman, kesayetiyên giştî û "
        "li me jî bigirin — rexneya avaker li ser vê weşanxaneyê tê pêşwazîkirin.\n"
        "Em şîroveyên bi çêr, gotinên qirêj, gef, êrîşên kesane, heqaret ji ber nasname "
        "(zayend, nijad, ol, netewe) an reklam red dikin."
    ),
    "ar": (
        "التزم بموضوع المقال. يمكنك أن تختلف بحدة مع الأفكار ومع الشخصيات العامة ومعنا أيضًا — "
        "النقد البنّاء لهذه المؤسسة الإعلامية مرحّب به.\n"
        "نرفض التعليقات التي تحتوي على الشتائم أو البذاءة أو التهديد أو الهجوم الشخصي أو الإساءة "
        "بسبب الجنس أو العرق أو الدين أو الأصل، أو الإعلانات والترويج الذاتي."
    ),
    "fa": (
        "در موضوع مقاله بمانید. می‌توانید با ایده‌ها، چهره‌های عمومی و حتی با ما به‌شدت مخالفت کنید — "
        "نقد سازنده از این رسانه خوشایند است.\n"
        "دیدگاه‌هایی که دشنام، حرف رکیک، تهدید، حمله‌ی شخصی، توهین به خاطر جنسیت، نژاد، دین "
        "یا ملیت، یا تبلیغ داشته باشند منتشر نمی‌شوند."
    ),
    "tr": (
        "Haberin konusundan ayrılmayın. Fikirlere, kamuya mal olmuş kişilere ve bize sertçe "
        "itiraz edebilirsiniz — bu yayın kuruluşuna yönelik yapıcı eleştiri memnuniyetle "
        "karşılanır.\n"
        "Küfür, müstehcenlik, tehdit, kişisel saldırı, cinsiyet, ırk, din veya köken nedeniyle "
        "aşağılama ve reklam içeren yorumları yayımlamıyoruz."
    ),
}

# Each article: its fields, then its comments as (name, email, body, state, reasons).
# A state is "approved", "rejected" or "pending"; a body starting with "> " replies to the
# article's first comment.
ARTICLES = [
    {
        "key": "riverside-library-hours",
        "title": "Riverside library to open on Sundays from March",
        "byline": "By Hana Aziz, city desk",
        "language": "en",
        "tags": ["City council", "Libraries"],
        "days_ago": 1,
        "body": (
            "The city council voted seven to two on Tuesday to keep the Riverside branch "
            "library open on Sundays, starting in March.\n\n"
            "The extra day will cost about 140,000 a year, paid for by moving money from the "
            "parking budget. Supporters said students and shift workers have no other quiet "
            "place to study at the weekend. The two councillors who voted against asked "
            "whether the parking fund could afford it after last year's repairs.\n\n"
            "Library staff will be asked to volunteer for the Sunday shifts before any new "
            "hiring, the council said."
        ),
        "comments": [
            (
                "Dara M.",
                "dara@example.org",
                "Good news. My kids study there after school and the weekday hours were never "
                "enough.",
                "approved",
                [],
            ),
            (
                "Selin",
                "selin@example.net",
                "> Same here. I hope they also fix the heating on the second floor.",
                "approved",
                [],
            ),
            (
                "Tom Baker",
                "tom.b@example.com",
                "Your report does not say where the 140,000 figure comes from. Please link the "
                "council's budget papers next time; the reporting on this has been thin.",
                "approved",
                [],
            ),
            (
                "<script>alert(1)</script>",
                "prank@example.com",
                "Cheap watches here: best-prices-watches.example, use code LIB50!!!",
                "rejected",
                ["promotion"],
            ),
            (
                "Anonymous reader",
                "reader@example.org",
                "Who exactly is going to volunteer to work on a Sunday? This sounds like unpaid "
                "overtime dressed up as a service.",
                "pending",
                [],
            ),
        ],
    },
    {
        "key": "sulaimani-water-network",
        "title": "تۆڕی ئاوی نوێ بۆ سێ گەڕەکی سلێمانی",
        "byline": "نووسینی ئاراس کەریم",
        "language": "ckb",
        "tags": ["ئاو", "شارەوانی"],
        "days_ago": 2,
        "body": (
            "شارەوانی ڕایگەیاند کە کاری دانانی بۆری ئاوی نوێ لە سێ گەڕەکی باشووری شار "
            "مانگی داهاتوو دەست پێ دەکات.\n\n"
            "بەپێی بەڕێوەبەرایەتی ئاو، پڕۆژەکە نزیکەی شەش مانگ دەخایەنێت و لە ماوەی کارەکەدا "
            "هەندێک شەقام بە شێوەی کاتی دادەخرێن. دانیشتووان دەڵێن لە هاویندا چەند ڕۆژ بە "
            "دوای یەکدا ئاویان نییە."
        ),
        "comments": [
            (
                "شیلان",
                "shilan@example.org",
                "زۆر باشە، بەڵام تکایە خشتەی داخستنی شەقامەکان بڵاو بکەنەوە.",
                "approved",
                [],
            ),
            (
                "هێمن",
                "hemin@example.net",
                "ئەم هەواڵە پێشتریش دووبارە کرابووەوە و هیچ نەکرا. ڕۆژنامەکەتان پێویستە "
                "پرسیار لە شارەوانی بکات.",
                "approved",
                [],
            ),
            (
                "فرۆشیار",
                "sales@example.com",
                "باشترین مۆبایل بە نرخی هەرزان! پەیوەندی بکە لە واتسئاپ 0750 000 0000",
                "pending",
                [],
            ),
        ],
    },
    {
        "key": "amman-bus-lanes",
        "title": "مسارات جديدة للحافلات في وسط المدينة",
        "byline": "تقرير: ليلى حداد",
        "language": "ar",
        "tags": ["النقل", "البلدية"],
        "days_ago": 3,
        "body": (
            "أعلنت البلدية أن مسارين جديدين مخصصين للحافلات سيفتتحان في وسط المدينة مطلع "
            "الشهر المقبل.\n\n"
            "وتقول البلدية إن المسارين سيختصران زمن الرحلة في ساعات الذروة بنحو عشر دقائق. "
            "في المقابل، يخشى أصحاب المحلات أن يقلّ عدد مواقف السيارات أمام متاجرهم."
        ),
        "comments": [
            (
                "سامي",
                "sami@example.org",
                "فكرة جيدة إذا التزمت الحافلات بمواعيدها، وهذا لم يحدث حتى الآن.",
                "approved",
                [],
            ),
            (
                "نور",
                "noor@example.net",
                "لماذا لم يذكر التقرير رأي سائقي الحافلات أنفسهم؟ ينقصه صوت مهم.",
                "pending",
                [],
            ),
        ],
    },
    {
        "key": "izmir-ferry-fares",
        "title": "İzmir'de vapur ücretlerine yeni düzenleme",
        "byline": "Mert Yılmaz",
        "language": "tr",
        "tags": ["Ulaşım"],
        "days_ago": 4,
        "body": (
            "Belediye meclisi, öğrenciler ve 65 yaş üstü yolcular için vapur ücretlerini "
            "sabit tutarken tam bileti yüzde on iki artırdı.\n\n"
            "Yeni tarife önümüzdeki ayın ilk gününden itibaren geçerli olacak. Muhalefet, "
            "artışın sabah seferlerinin sayısı artırılmadan yapılmasını eleştirdi."
        ),
        "comments": [
            (
                "Ayşe",
                "ayse@example.org",
                "Öğrenci indiriminin korunması iyi, ama sabah seferleri gerçekten yetersiz.",
                "approved",
                [],
            ),
            (
                "Kemal",
                "kemal@example.net",
                "Bu haber tek taraflı olmuş, belediyenin açıklamasından başka kaynak yok.",
                "pending",
                [],
            ),
        ],
    },
]
