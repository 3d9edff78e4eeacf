"""Word lists for relevance, written by the team for the six languages.

`STOPWORDS`: function words, and the words any comment uses whatever the article ("agree",
"thanks", "article"): sharing them with the article says nothing about the topic. One set
for all six languages, since a comment's language is not always known; the few words that
are a function word in one language and a content word in another are left out.

`ADVERT_WORDS`: what sellers and channel promoters write ("buy", "discount", "subscribe").

Both are folded by `normalize` when imported, so they are written here as people write them.
"""

from __future__ import annotations

from majlis.moderation.normalize import normalize

_STOPWORDS = {
    "en": """
        a an the and or but if then so than that this these those there here what which who
        whom whose when where why how all any both each few more most other some such no nor
        not only own same too very can will just should would could might must shall may
        is are was were be been being am have has had having do does did doing i me my
        mine we us our you your he him his she her it its they them their of at by for with
        about against between into through during before after above below to from up down
        in out on off over under again once also as because until while yes yeah ok okay
        oh lol im dont didnt doesnt isnt cant wont thats it's i'm don't can't won't
        agree agreed disagree thanks thank well said good great nice bad article story
        news read really think know like just get got one people say says going make
        much many even still way thing things something anything everything nothing lot
        please comment comments post sir madam yes no true totally absolutely exactly
    """,
    "ar": """
        في من على إلى الى عن مع هذا هذه ذلك تلك هو هي هم هن انا أنا نحن انت أنت انتم كان
        كانت يكون لا لم لن ما ماذا متى أين اين كيف لماذا الذي التي الذين كل بعض غير بين
        عند بعد قبل حتى أو او ثم لكن بل إن ان أن قد قال كما أيضا ايضا هناك هنا جدا يا
        شكرا شكراً مقال المقال خبر الخبر اتفق أتفق صحيح والله الله ان شاء جميل رائع
        كلام حق نعم
    """,
    "fa": """
        و در به از که این آن را با برای تا هم یا اما ولی اگر پس چه چرا کجا کی چگونه
        است هست بود شد شده می نمی هر همه هیچ یک دیگر بین پیش بعد روی زیر خیلی بسیار
        من تو او ما شما آنها ایشان اینها خود نه آره بله ممنون مرسی تشکر سپاس مقاله
        خبر موافقم درسته عالی خوب بد واقعا فقط کند کرد کرده دارد داره دارند باشد
    """,
    "tr": """
        ve veya ile için ama fakat ancak bu şu o bir da de ki mi mı mu mü ne neden nasıl
        nerede kim gibi kadar daha çok en her hiç ise değil var yok olan olarak oldu
        olur ben sen biz siz onlar bana sana onu bunu şunu benim senin bizim sizin
        diye dedi evet hayır teşekkürler teşekkür sağol katılıyorum haber yazı güzel
        iyi kötü gerçekten sadece artık zaten bile hep şey
    """,
    "ckb": """
        و لە بە بۆ لەگەڵ ئەم ئەو ئەوە ئەمە کە یان بەڵام ئەگەر چی بۆچی چۆن کێ کوا
        هەموو هیچ زۆر کەم تەنها هەر من تۆ ئەو ئێمە ئێوە ئەوان نییە هەیە بوو دەبێت
        بێت وا ئەوا بەڵێ نەخێر سوپاس زۆر باشە باش خراپ بابەت وتار هەواڵ ڕاستە
    """,
    "kmr": """
        û ji li bi ku ev ew jî ne na yan lê heke çi çima çawa kî kengî hemû tu hin
        gelek pir tenê her min te wî wê me we wan heye tune bû be dibe ye e spas
        baş xirab gotar nûçe rast erê belê
    """,
}

_ADVERT_WORDS = """
    buy cheap discount sale offer free click subscribe order shop store promo code deal
    deals earn money income bitcoin crypto casino bet loan loans follower followers
    visit check-out
    اشتري اشترِ اطلب خصم تخفيض عرض عروض مجانا مجاناً اربح ربح متجر
    خرید بخرید تخفیف رایگان سفارش فروش فروشگاه درآمد کسب
    satın indirim ücretsiz kampanya sipariş tıkla tikla kazan kazanç mağaza
    بکڕە داشکاندن بەخۆڕایی فرۆشگا فرۆشتن
    bikire bikirin erzan belaş daxistin firotgeh
"""


def _fold(words: str) -> frozenset[str]:
    return frozenset(normalize(words).text.split())


STOPWORDS: frozenset[str] = frozenset().union(*(_fold(words) for words in _STOPWORDS.values()))
ADVERT_WORDS: frozenset[str] = _fold(_ADVERT_WORDS)
