"""Build the partner gazetteer: ``partners.csv`` and ``partner_terms.csv``.

The two files in ``lib/healthdiplomacy/data/`` say which countries, regions and
organizations the tagger can recognise as Iran's health-diplomacy partners, and
under which surface forms (names, variants, formal names, demonyms, capitals, a
few key cities, acronyms) in Persian (``fa``), English (``en``) and a little
Arabic (``ar``).

Where the data comes from:

* countries: the 193 UN member states plus the two observer states (Palestine
  ``PS``, Holy See ``VA``), keyed by ISO 3166-1 alpha-2. The membership list is
  hard-coded below (pycountry has no membership flag). English names come from
  pycountry (``name``, ``common_name``, ``official_name``) with everyday short
  forms patched in; Persian names start from pycountry's ``fa`` translation of
  ``name`` and are fixed to the exonyms Iranian news agencies use. pycountry's
  Persian translations of *official* names are not used: several are wrong
  (e.g. Eritrea -> "فلسطین", Gambia -> "زامبیا").
* Iran (``IR``) has kind ``home``: it is never a partner, but its names (and
  Iranian places that look like foreign ones, e.g. "آذربایجان شرقی") must be
  recognised so they are not mistaken for a partner.
* regions and organizations: the hand-written tables below.

Conventions of ``partner_terms.csv``:

* every term is stored in the library's normalized form
  (``healthdiplomacy.text.normalize.normalize``: Persian ی/ک, no diacritics, ة -> ه,
  أ/إ -> ا ...), and a ZWNJ is written as a plain space. Arabic terms follow the
  same rule, since the matcher compares normalized text.
* multiword Persian terms have single spaces; the matcher treats a space as
  "space, ZWNJ or nothing", so joined spellings are not listed (when two
  entries differ only by spaces, the spaced one is kept).
* no inflected forms: the matcher adds Persian suffixes (ها، های، ی، ای، ان) and
  English plural/possessive itself. Persian "-یی" demonyms of names ending in
  ا/و ("آمریکایی") are listed, since that suffix is not one the matcher adds.
* ``ambiguous=1``: the form is also an ordinary word, a person's name, another
  place or a language, so the tagger must only accept it with corroboration.
  The reason is in ``note`` after "ambiguous:".

In the tables below a cell holds ``;``-separated terms, and ``term!reason``
marks a term ambiguous with that reason.

Run (deterministic: same bytes on every run)::

    .venv/bin/python tools/make_partner_lexicon.py          # write both files
    .venv/bin/python tools/make_partner_lexicon.py --check  # only validate, write nothing

It validates before writing and exits non-zero (printing the problems) if a
term maps to two partners in one language, a partner is missing, a term holds
Arabic ي/ك, a ZWNJ or diacritics, or the country count is not 195 + IR.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import importlib.util
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "lib" / "healthdiplomacy" / "data"
PARTNERS_CSV = DATA / "partners.csv"
TERMS_CSV = DATA / "partner_terms.csv"


def _load_normalize():
    # Load normalize.py on its own (stdlib only) rather than importing the whole
    # package, so the generator does not depend on the rest of the library.
    path = ROOT / "lib" / "healthdiplomacy" / "normalize.py"
    spec = importlib.util.spec_from_file_location("_hd_normalize", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


_norm = _load_normalize()

# --- countries ----------------------------------------------------------------------

# The 193 UN member states (ISO 3166-1 alpha-2).
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI
CV KH CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER
EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT
JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM
MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR
MD RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH
SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE VN YE ZM ZW
""".split()
OBSERVER_STATES = ["PS", "VA"]  # Palestine, Holy See
HOME = "IR"

# Everyday short English names where pycountry's common_name/name is formal.
NAME_EN = {
    "AE": "United Arab Emirates", "BN": "Brunei", "BO": "Bolivia", "BS": "Bahamas",
    "CD": "DR Congo", "CG": "Republic of the Congo", "CI": "Côte d'Ivoire",
    "CV": "Cape Verde", "CZ": "Czechia", "FM": "Micronesia", "GB": "United Kingdom",
    "GM": "Gambia", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "MK": "North Macedonia", "PS": "Palestine", "RU": "Russia",
    "ST": "Sao Tome and Principe", "SY": "Syria", "SZ": "Eswatini", "TL": "Timor-Leste",
    "TR": "Turkey", "TZ": "Tanzania", "US": "United States", "VA": "Holy See",
    "VE": "Venezuela", "VN": "Vietnam",
}

# The Persian exonym used by Iranian news agencies, where pycountry's translation
# of ``name`` is formal, dated or wrong.
NAME_FA = {
    "AE": "امارات", "BA": "بوسنی و هرزگوین", "BN": "برونئی", "BO": "بولیوی",
    "CD": "جمهوری دموکراتیک کنگو", "CG": "جمهوری کنگو", "CV": "کیپ ورد",
    "CZ": "جمهوری چک", "FM": "میکرونزی", "GA": "گابن", "GB": "انگلیس",
    "GD": "گرنادا", "GQ": "گینه استوایی", "GW": "گینه بیسائو", "HT": "هائیتی",
    "IL": "اسرائیل", "IN": "هند", "IR": "ایران", "JM": "جامائیکا", "KM": "کومور",
    "KN": "سنت کیتس و نویس", "KP": "کره شمالی", "KR": "کره جنوبی", "LA": "لائوس",
    "LC": "سنت لوسیا", "LI": "لیختن اشتاین", "LK": "سریلانکا", "LU": "لوکزامبورگ",
    "MD": "مولداوی", "MT": "مالت", "MU": "موریس", "PG": "پاپوا گینه نو",
    "RU": "روسیه", "SA": "عربستان", "SM": "سن مارینو", "ST": "سائو تومه و پرینسیپ",
    "SY": "سوریه", "SZ": "اسواتینی", "TR": "ترکیه", "TT": "ترینیداد و توباگو",
    "TZ": "تانزانیا", "UA": "اوکراین", "US": "آمریکا", "VA": "واتیکان",
    "VC": "سنت وینسنت و گرنادین", "VE": "ونزوئلا", "WS": "ساموآ",
}

# pycountry Persian translations that are wrong or unusable, never listed as terms.
FA_TRANSLATION_SKIP = {
    "CG",  # "کونگو": listed by hand, as ambiguous
    "GD",  # "گرانادا" is Granada (Spain); Grenada is "گرنادا"
    "TR",  # untranslated "Türkiye"
}

# id | lang | note | terms  (formal names, variants, metonyms, places)
COUNTRY_TERMS = """
AE | fa | alias | امارات متحده عربی; امارات عربی متحده
AE | en | alias | UAE; U.A.E.; Emirates
AF | fa | formal name | جمهوری اسلامی افغانستان
AF | fa | name used by the Taliban government | امارت اسلامی افغانستان
AF | en | formal name | Islamic Emirate of Afghanistan
AM | fa | formal name | جمهوری ارمنستان
AZ | fa | formal name | جمهوری آذربایجان
BA | fa | alias | بوسنی; بوسنی هرزگوین
BA | en | alias | Bosnia; Bosnia-Herzegovina
BD | fa | variant | بنگلادیش
BJ | fa | name | بنین!also 'sons, boys' (e.g. مدرسه بنین)
BT | fa | name | بوتان!also 'butane' (gas)
BD | fa | formal name | جمهوری خلق بنگلادش
BH | fa | formal name | پادشاهی بحرین
BN | fa | formal name | برونئی دار السلام
BO | fa | variant | بولیویا
BY | fa | formal name | جمهوری بلاروس
BY | fa | former name | روسیه سفید
BR | fa | formal name | جمهوری فدراتیو برزیل; جمهوری فدرال برزیل
CD | fa | alias | کنگو دموکراتیک; کنگو کینشاسا
CD | en | alias | Democratic Republic of the Congo; DR Congo; D.R. Congo; DRC; Congo-Kinshasa
CF | fa | alias | آفریقای مرکزی!also the region Central Africa
CG | fa | alias | کنگو برازاویل; کنگو!bare name, could be either Congo; کونگو!bare name, could be either Congo
CG | en | alias | Congo-Brazzaville; Congo Republic; Congo!bare name, could be either Congo
CH | fa | variant | سویس
CI | fa | alias | کوت دیوار
CI | en | alias | Ivory Coast; Cote d'Ivoire
CN | fa | formal name | جمهوری خلق چین
CN | en | alias | PRC
CU | fa | formal name | جمهوری کوبا
CV | fa | alias | کابو ورده
CV | en | alias | Cabo Verde
CZ | fa | alias | چک!also 'cheque'
CZ | en | alias | Czech Republic
DE | fa | formal name | جمهوری فدرال آلمان
DO | fa | alias | دومینیکن
EG | fa | name | مصر!also 'insistent' (مصر بودن)
EG | fa | formal name | جمهوری عربی مصر
ET | fa | formal name | جمهوری فدرال دموکراتیک اتیوپی
FR | fa | formal name | جمهوری فرانسه
GA | fa | variant | گابون
GB | fa | alias | بریتانیا; انگلستان; بریتانیای کبیر; پادشاهی متحده
GB | fa | part of the UK | ایرلند شمالی; اسکاتلند
GB | en | alias | UK; U.K.; Britain; Great Britain; England
GB | en | part of the UK | Northern Ireland; Scotland; Wales
GE | en | name | Georgia!also the US state
GH | fa | name | غنا!also 'wealth' and 'singing'
GN | en | name | Guinea!also 'guinea pig' and the coin
JO | en | name | Jordan!also a first name and the river
TD | en | name | Chad!also a first name
TR | en | name | Turkey
TR | en | the bird sense is rare in health news, so kept unambiguous | Turkey
GM | en | alias | The Gambia
GY | fa | variant | گویانا
HT | fa | variant | هاییتی
IE | fa | formal name | جمهوری ایرلند
IL | fa | variant | اسراییل
IL | fa | Iranian official usage | رژیم صهیونیستی; رژیم اشغالگر قدس; فلسطین اشغالی; سرزمین های اشغالی
IL | en | Iranian official usage | Zionist regime; Israeli regime; Occupied Palestine
IN | fa | alias | هندوستان
IN | fa | formal name | جمهوری هند
IN | en | formal name | Republic of India
IQ | fa | formal name | جمهوری عراق
IQ | fa | Kurdistan Region of Iraq (Iran's province is استان کردستان) | اقلیم کردستان; اقلیم کردستان عراق
IQ | en | Kurdistan Region of Iraq | Kurdistan Region; Iraqi Kurdistan
IT | fa | formal name | جمهوری ایتالیا
JM | fa | variant | جاماییکا
JO | fa | formal name | پادشاهی هاشمی اردن; پادشاهی اردن
KG | fa | formal name | جمهوری قرقیزستان
KP | fa | formal name | جمهوری دموکراتیک خلق کره
KP | en | alias | DPRK
KR | en | formal name | Republic of Korea
KW | fa | formal name | دولت کویت
KZ | fa | formal name | جمهوری قزاقستان
KZ | en | variant | Kazakstan
LA | en | alias | Lao PDR
LB | fa | formal name | جمهوری لبنان
LU | fa | variant | لوگزامبورگ
MA | fa | formal name | پادشاهی مراکش
MD | fa | variant | مولدووا
MD | fa | formal name | جمهوری مولداوی
MK | fa | alias | مقدونیه!also the Greek region
MK | en | alias | Macedonia!also the Greek region
ML | fa | name | مالی!also 'financial'
ML | fa | formal name | جمهوری مالی
MM | fa | former name | برمه
MM | en | former name | Burma
MR | fa | formal name | جمهوری اسلامی موریتانی
MU | fa | name | موریس!also the name Maurice
MU | fa | alias | موریتیوس
NE | fa | formal name | جمهوری نیجر
NG | fa | formal name | جمهوری فدرال نیجریه
NG | en | region of Nigeria | Niger Delta
NL | fa | formal name | پادشاهی هلند
NL | en | alias | Holland
NZ | fa | variant | زلاند نو
OM | fa | formal name | سلطنت عمان; سلطان نشین عمان
PE | fa | name | پرو!also 'pro' (e.g. پرو-غربی)
PG | en | island | New Guinea!the island is shared with Indonesia's Papua
PK | fa | formal name | جمهوری اسلامی پاکستان
PS | fa | formal name | دولت فلسطین
PS | fa | Palestinian territory | غزه; نوار غزه; کرانه باختری
PS | en | alias | State of Palestine; Palestinian territories; Occupied Palestinian Territory
PS | en | Palestinian territory | Gaza; Gaza Strip; West Bank
QA | fa | name | قطر!also 'diameter'
QA | fa | formal name | دولت قطر
RU | fa | formal name | فدراسیون روسیه
RU | fa | seat of government (metonym) | کرملین
RU | en | seat of government (metonym) | Kremlin
SA | fa | alias | عربستان سعودی; سعودی
SA | fa | formal name | پادشاهی عربستان سعودی
SA | en | alias | Saudi; KSA
SD | fa | formal name | جمهوری سودان
SN | fa | formal name | جمهوری سنگال
SY | fa | formal name | جمهوری عربی سوریه
SZ | fa | former name | سوازیلند
SZ | en | former name | Swaziland
TJ | fa | formal name | جمهوری تاجیکستان
TL | fa | alias | تیمور لسته
TL | en | alias | East Timor
TR | fa | formal name | جمهوری ترکیه
TR | fa | transliteration of Türkiye | تورکیه
TR | en | alias | Türkiye; Turkiye; Republic of Turkey
TZ | fa | formal name | جمهوری متحد تانزانیا
UA | fa | variant | اکراین
US | fa | alias | امریکا; ایالات متحده; ایالات متحده آمریکا; ایالات متحده امریکا
US | fa | seat of government (metonym) | کاخ سفید
US | en | alias | USA; U.S.; U.S.A.; America; US!pronoun 'us' (matching is case-insensitive)
US | en | seat of government (metonym) | White House
UZ | fa | formal name | جمهوری ازبکستان
VA | fa | alias | دولت شهر واتیکان
VA | en | alias | Vatican; Vatican City; Vatican City State
VE | fa | formal name | جمهوری بولیواری ونزوئلا
VN | fa | formal name | جمهوری سوسیالیستی ویتنام
VN | en | alias | Viet Nam
YE | fa | name | یمن!also 'blessing' (به یمن)
YE | fa | formal name | جمهوری یمن
ZA | fa | formal name | جمهوری آفریقای جنوبی

IR | fa | formal name | جمهوری اسلامی ایران; جمهوری اسلامی
IR | en | formal name | Islamic Republic of Iran; Islamic Republic
IR | en | alias | Persia; Persian
IR | fa | Iranian province, not the Republic of Azerbaijan | آذربایجان شرقی; آذربایجان غربی
IR | en | Iranian province, not the Republic of Azerbaijan | East Azerbaijan; West Azerbaijan; East Azarbaijan; West Azarbaijan
IR | fa | Iranian city, not Pakistan's capital | اسلام آباد غرب
IR | en | Iranian city, not Pakistan's capital | Eslamabad-e Gharb; Islamabad-e Gharb
IR | fa | sea on Iran's coast, listed so it is not read as Oman | دریای عمان
IR | en | sea on Iran's coast, listed so it is not read as Oman | Gulf of Oman; Sea of Oman

AE | ar | Arabic name | الإمارات; الإمارات العربية المتحدة
BH | ar | Arabic name | البحرين
EG | ar | Arabic name | مصر
IQ | ar | Arabic name | العراق
IR | ar | Arabic name | إيران; الجمهورية الإسلامية الإيرانية
JO | ar | Arabic name | الأردن
KW | ar | Arabic name | الكويت
LB | ar | Arabic name | لبنان
OM | ar | Arabic name | سلطنة عمان; عمان!also Amman (عمّان), unvocalised
PS | ar | Arabic name | فلسطين
QA | ar | Arabic name | قطر
SA | ar | Arabic name | السعودية; المملكة العربية السعودية
SY | ar | Arabic name | سوريا; سورية
YE | ar | Arabic name | اليمن
"""

# Arabic capitals, same format.
ARABIC_CAPITALS = """
EG | ar | capital | القاهرة
IQ | ar | capital | بغداد
IR | ar | capital | طهران
LB | ar | capital | بيروت
OM | ar | capital | مسقط
QA | ar | capital | الدوحة
SA | ar | capital | الرياض
SY | ar | capital | دمشق
YE | ar | capital | صنعاء
"""

# id | English | Persian   (capitals; seats of government where it differs)
CAPITALS = """
AE | Abu Dhabi | ابو ظبی
AF | Kabul | کابل!also 'cable'
AL | Tirana | تیرانا
AM | Yerevan | ایروان
AO | Luanda | لوآندا
AR | Buenos Aires | بوئنوس آیرس
AT | Vienna | وین!also the name Wayne
AU | Canberra | کانبرا
AZ | Baku | باکو
BA | Sarajevo | سارایوو
BD | Dhaka; Dacca | داکا
BE | Brussels | بروکسل
BF | Ouagadougou | واگادوگو
BG | Sofia!also a first name | صوفیه!also 'Sufis' and a first name
BH | Manama | منامه
BI | Gitega; Bujumbura | بوجومبورا
BJ | Porto-Novo; Cotonou | پورتو نوو; کوتونو
BN | Bandar Seri Begawan | بندر سری بگاوان
BO | La Paz; Sucre | لاپاز
BR | Brasília; Brasilia | برازیلیا
BS | Nassau | ناسائو
BT | Thimphu | تیمپو
BW | Gaborone | گابورون
BY | Minsk | مینسک
BZ | Belmopan |
CA | Ottawa | اتاوا
CD | Kinshasa | کینشاسا
CF | Bangui | بانگی
CG | Brazzaville | برازاویل
CH | Bern; Berne | برن!also colloquial 'they go'
CI | Yamoussoukro; Abidjan | یاموسوکرو; آبیجان
CL | Santiago!also other cities and a first name | سانتیاگو!also other cities and a first name
CM | Yaoundé; Yaounde | یائونده
CN | Beijing; Peking | پکن
CO | Bogotá; Bogota | بوگوتا
CR | San José!also San Jose, California, and other cities |
CU | Havana | هاوانا
CV | Praia |
CY | Nicosia | نیکوزیا
CZ | Prague | پراگ
DE | Berlin | برلین
DJ | Djibouti | جیبوتی
DK | Copenhagen | کپنهاگ
DO | Santo Domingo | سانتو دومینگو
DZ | Algiers |
EC | Quito |
EE | Tallinn | تالین
EG | Cairo | قاهره
ER | Asmara | اسمره
ES | Madrid | مادرید
ET | Addis Ababa | آدیس آبابا
FI | Helsinki | هلسینکی
FJ | Suva | سووا
FR | Paris | پاریس
GA | Libreville | لیبرویل
GB | London | لندن
GE | Tbilisi | تفلیس
GH | Accra | آکرا
GM | Banjul | بانجول
GN | Conakry | کوناکری
GQ | Malabo | مالابو
GR | Athens | آتن
GT | Guatemala City | گواتمالا سیتی
GW | Bissau | بیسائو
GY | Georgetown!also other cities and districts |
HN | Tegucigalpa | تگوسیگالپا
HR | Zagreb | زاگرب
HT | Port-au-Prince | پورتو پرنس
HU | Budapest | بوداپست
ID | Jakarta | جاکارتا
IE | Dublin | دوبلین
IL | Tel Aviv | تل آویو
IN | New Delhi; Delhi | دهلی نو; دهلی
IQ | Baghdad | بغداد
IR | Tehran; Teheran | تهران
IS | Reykjavik; Reykjavík | ریکیاویک
IT | Rome | رم!also 'shying, bolting' and 'RAM'
JM | Kingston!also many other towns | کینگستون
JO | Amman | امان!also 'safety, mercy' and a surname
JP | Tokyo | توکیو
KE | Nairobi | نایروبی
KG | Bishkek | بیشکک
KH | Phnom Penh | پنوم پن
KM | Moroni | مورونی
KP | Pyongyang | پیونگ یانگ
KR | Seoul | سئول
KW | Kuwait City | کویت
KZ | Astana; Nur-Sultan | آستانه!also 'threshold'; نور سلطان
LA | Vientiane | وینتیان
LB | Beirut | بیروت
LK | Colombo | کلمبو
LR | Monrovia | مونروویا
LS | Maseru | ماسرو
LT | Vilnius | ویلنیوس
LU | Luxembourg | لوکزامبورگ
LV | Riga | ریگا
LY | Tripoli!also Tripoli, Lebanon | طرابلس!also Tripoli, Lebanon
MA | Rabat | رباط!also 'ligament' and 'caravanserai'
MD | Chisinau; Chișinău | کیشیناو
ME | Podgorica | پودگوریتسا
MG | Antananarivo | آنتاناناریوو
MK | Skopje | اسکوپیه
ML | Bamako | باماکو
MM | Naypyidaw; Nay Pyi Taw | نای پی تاو
MN | Ulaanbaatar; Ulan Bator | اولان باتور
MR | Nouakchott | نواکشوت
MT | Valletta | والتا
MU | Port Louis | پورت لوئیس
MW | Lilongwe | لیلونگوه
MX | Mexico City | مکزیکو سیتی
MY | Kuala Lumpur; Putrajaya | کوالا لامپور; پوتراجایا
MZ | Maputo | ماپوتو
NA | Windhoek | ویندهوک
NE | Niamey | نیامی
NG | Abuja | ابوجا
NI | Managua | ماناگوا
NL | Amsterdam; The Hague | آمستردام; لاهه
NO | Oslo | اسلو
NP | Kathmandu | کاتماندو
NZ | Wellington | ولینگتون
OM | Muscat | مسقط
PA | Panama City | پاناما سیتی
PE | Lima | لیما
PG | Port Moresby | پورت مورسبی
PH | Manila | مانیل
PK | Islamabad | اسلام آباد
PL | Warsaw | ورشو
PS | Ramallah | رام الله
PT | Lisbon | لیسبون
PY | Asunción; Asuncion | آسونسیون
QA | Doha | دوحه
RO | Bucharest | بخارست
RS | Belgrade | بلگراد
RU | Moscow | مسکو
RW | Kigali | کیگالی
SA | Riyadh | ریاض!also a first name, and with the suffix ی it is 'mathematics' (ریاضی)
SB | Honiara | هونیارا
SC | Victoria!also a first name and other places |
SD | Khartoum | خارطوم
SE | Stockholm | استکهلم
SG | Singapore | سنگاپور
SI | Ljubljana | لیوبلیانا
SK | Bratislava | براتیسلاوا
SL | Freetown | فری تاون
SN | Dakar | داکار
SO | Mogadishu | موگادیشو
SR | Paramaribo | پاراماریبو
SS | Juba | جوبا
SV | San Salvador | سان سالوادور
SY | Damascus | دمشق
TD | N'Djamena; Ndjamena | انجامنا
TG | Lomé; Lome | لومه
TH | Bangkok | بانکوک
TJ | Dushanbe | دوشنبه!also 'Monday'
TM | Ashgabat; Ashkhabad | عشق آباد
TN | Tunis | تونس
TR | Ankara | آنکارا
TT | Port of Spain | پورت آو اسپین
TZ | Dodoma; Dar es Salaam | دودوما; دار السلام!also 'abode of peace', used in other names
UA | Kyiv; Kiev | کی یف; کیف!also 'bag' and 'pleasure'
UG | Kampala | کامپالا
US | Washington!also a surname, US state and newspaper; Washington D.C. | واشنگتن
UY | Montevideo | مونته ویدئو
UZ | Tashkent | تاشکند
VE | Caracas | کاراکاس
VN | Hanoi | هانوی
WS | Apia | آپیا
YE | Sanaa; Sana'a | صنعا
ZA | Pretoria | پرتوریا
ZM | Lusaka | لوساکا
ZW | Harare | هراره
"""

# id | English | Persian   (major non-capital cities common in Iranian health news:
# pilgrimage, refugee and trade hubs)
CITIES = """
AE | Dubai; Sharjah | دبی!also 'flow rate' (e.g. دبی قلبی, cardiac output); شارجه
AF | Herat; Kandahar; Mazar-i-Sharif | هرات; قندهار; مزار شریف
AZ | Nakhchivan; Nakhichevan | نخجوان
CN | Shanghai; Wuhan | شانگهای; ووهان
IN | Mumbai; Bombay | بمبئی
IQ | Karbala; Najaf; Basra; Erbil | کربلا!with the suffix ی it is the title/surname کربلایی; نجف!with the suffix ی it is the common surname نجفی; بصره; اربیل
KZ | Almaty | آلماتی
MM | Yangon; Rangoon | یانگون
NG | Lagos | لاگوس
PK | Karachi; Lahore; Peshawar; Quetta | کراچی; لاهور; پیشاور; کویته
RU | Saint Petersburg; St. Petersburg | سن پترزبورگ
SA | Mecca!also 'a centre of attraction'; Makkah; Medina!also a surname; Jeddah | مکه; مدینه!also a first name; جده!also 'grandmother'
SY | Aleppo | حلب!also 'tin, can'
TR | Istanbul | استانبول
UZ | Samarkand; Bukhara | سمرقند; بخارا
ZA | Cape Town; Johannesburg | کیپ تاون; ژوهانسبورگ
"""

# id | English | Persian
DEMONYMS = """
AE | Emirati | اماراتی
AF | Afghan | افغان; افغانستانی
AL | Albanian |
AD | Andorran |
AO | Angolan |
AG | Antiguan |
AR | Argentine; Argentinian | آرژانتینی
AM | Armenian | ارمنی!also Iranian Armenians
AT | Austrian | اتریشی
AU | Australian |
AZ | Azerbaijani; Azeri | آذربایجانی!also Iranian Azerbaijanis; آذری!also Iranian Azeris and their language
BA | Bosnian |
BB | Barbadian |
BD | Bangladeshi | بنگلادشی
BE | Belgian | بلژیکی
BF | Burkinabe; Burkinabè |
BG | Bulgarian | بلغار; بلغاری
BH | Bahraini | بحرینی
BI | Burundian |
BJ | Beninese |
BN | Bruneian |
BO | Bolivian |
BR | Brazilian | برزیلی
BS | Bahamian |
BT | Bhutanese |
BW | Botswanan; Batswana |
BY | Belarusian; Belarussian | بلاروسی
BZ | Belizean |
CA | Canadian |
CF | Central African |
CG | Congolese!could be either Congo |
CH | Swiss | سوئیسی
CI | Ivorian |
CL | Chilean |
CM | Cameroonian |
CN | Chinese | چینی!also 'porcelain'
CO | Colombian |
CR | Costa Rican |
CU | Cuban | کوبایی
CV | Cape Verdean; Cabo Verdean |
CY | Cypriot | قبرسی
CZ | Czech |
DE | German | آلمانی
DJ | Djiboutian |
DK | Danish | دانمارکی
DO | Dominican |
DZ | Algerian | الجزایری
EC | Ecuadorian |
EE | Estonian |
EG | Egyptian | مصری!also a common surname
ER | Eritrean |
ES | Spanish; Spaniard |
ET | Ethiopian | اتیوپیایی
FI | Finnish | فنلاندی
FJ | Fijian |
FM | Micronesian |
FR | French | فرانسوی
GA | Gabonese |
GB | British; Briton | انگلیسی!also 'English (language)'; بریتانیایی
GD | Grenadian |
GE | Georgian!also the architectural style and the US state | گرجی!also a common surname
GH | Ghanaian |
GM | Gambian |
GN | Guinean |
GQ | Equatorial Guinean; Equatoguinean |
GR | Greek | یونانی!also Unani (Greco-Persian) traditional medicine, طب یونانی
GT | Guatemalan |
GW | Bissau-Guinean |
GY | Guyanese |
HN | Honduran |
HR | Croatian; Croat |
HT | Haitian |
HU | Hungarian | مجارستانی; مجار
ID | Indonesian |
IE | Irish | ایرلندی
IL | Israeli | اسرائیلی
IN | Indian | هندی
IQ | Iraqi | عراقی!also a common Iranian surname
IR | Iranian | ایرانی
IS | Icelandic; Icelander | ایسلندی
IT | Italian |
JM | Jamaican |
JO | Jordanian | اردنی
JP | Japanese | ژاپنی
KE | Kenyan |
KG | Kyrgyz; Kirghiz | قرقیز; قرقیزستانی
KH | Cambodian |
KM | Comorian |
KN | Kittitian |
KP | North Korean |
KR | South Korean |
KW | Kuwaiti | کویتی
KZ | Kazakh; Kazakhstani | قزاق; قزاقستانی
LA | Lao; Laotian |
LB | Lebanese | لبنانی
LC | Saint Lucian |
LI | Liechtensteiner |
LK | Sri Lankan |
LR | Liberian |
LS | Basotho |
LT | Lithuanian |
LU | Luxembourger; Luxembourgish |
LV | Latvian |
LY | Libyan | لیبیایی
MA | Moroccan | مراکشی
MC | Monegasque |
MD | Moldovan |
ME | Montenegrin |
MG | Malagasy |
MH | Marshallese |
MK | Macedonian!also of the Greek region |
ML | Malian | مالیایی
MM | Burmese |
MN | Mongolian |
MR | Mauritanian |
MT | Maltese |
MU | Mauritian |
MV | Maldivian |
MW | Malawian |
MX | Mexican | مکزیکی
MY | Malaysian | مالزیایی
MZ | Mozambican |
NA | Namibian |
NE | Nigerien |
NG | Nigerian | نیجریه ای
NI | Nicaraguan |
NL | Dutch | هلندی
NO | Norwegian | نروژی
NP | Nepali; Nepalese |
NR | Nauruan |
NZ | New Zealander |
OM | Omani | عمانی
PA | Panamanian |
PE | Peruvian |
PG | Papua New Guinean |
PH | Filipino; Philippine | فیلیپینی
PK | Pakistani | پاکستانی
PL | Polish!also the verb/noun 'polish' | لهستانی
PS | Palestinian | فلسطینی
PT | Portuguese | پرتغالی
PW | Palauan |
PY | Paraguayan |
QA | Qatari | قطری
RO | Romanian |
RS | Serbian; Serb | صرب; صربستانی
RU | Russian | روس!with the suffix ای it reads روسای (normalized رؤسای, 'heads of')
RW | Rwandan |
SA | Saudi Arabian |
SB | Solomon Islander |
SC | Seychellois |
SD | Sudanese | سودانی
SE | Swedish | سوئدی
SG | Singaporean |
SI | Slovenian; Slovene |
SK | Slovak |
SL | Sierra Leonean |
SM | Sammarinese |
SN | Senegalese | سنگالی
SO | Somali |
SR | Surinamese |
SS | South Sudanese |
SV | Salvadoran; Salvadorian |
SY | Syrian | سوری!also Chaharshanbe Suri (چهارشنبه سوری)
SZ | Swazi |
TD | Chadian |
TG | Togolese |
TH | Thai | تایلندی
TJ | Tajik; Tajikistani | تاجیک; تاجیکستانی
TL | Timorese |
TM | Turkmen; Turkmenistani | ترکمن!also Iranian Turkmens; ترکمنستانی
TN | Tunisian | تونسی
TO | Tongan |
TR | Turkish; Turk | ترک!also 'leaving, quitting' (ترک اعتیاد) and Iranian Turks; ترکیه ای
TT | Trinidadian |
TV | Tuvaluan |
TZ | Tanzanian |
UA | Ukrainian | اوکراینی
UG | Ugandan |
US | American | آمریکایی; امریکایی
UY | Uruguayan |
UZ | Uzbek; Uzbekistani | ازبک; ازبکستانی
VC | Vincentian |
VE | Venezuelan |
VN | Vietnamese | ویتنامی
VU | Ni-Vanuatu |
WS | Samoan |
YE | Yemeni | یمنی
ZA | South African |
ZM | Zambian |
ZW | Zimbabwean |
"""

# Persian "-یی" demonyms made automatically from single-word names ending in ا/و
# that must not be generated (wrong or misleading), or are ambiguous.
AUTO_YI_SKIP = {"ML", "LA", "BO"}
AUTO_YI_AMBIGUOUS = {
    "غنایی": "also 'lyrical' (شعر غنایی)",
    "کنگویی": "could be either Congo",
}

# --- regions and organizations --------------------------------------------------------

# id | kind | name_en | name_fa
GROUPS = """
africa | region | Africa | آفریقا
americas | region | Americas | قاره آمریکا
arab_world | region | Arab world | جهان عرب
asia | region | Asia | آسیا
balkans | region | Balkans | بالکان
caspian | region | Caspian region | حوزه خزر
caucasus | region | Caucasus | قفقاز
central_america | region | Central America | آمریکای مرکزی
central_asia | region | Central Asia | آسیای مرکزی
east_africa | region | East Africa | شرق آفریقا
east_asia | region | East Asia | شرق آسیا
europe | region | Europe | اروپا
indian_ocean | region | Indian Ocean | اقیانوس هند
islamic_world | region | Islamic world | جهان اسلام
latin_america | region | Latin America | آمریکای لاتین
middle_east | region | Middle East | خاورمیانه
north_africa | region | North Africa | شمال آفریقا
north_america | region | North America | آمریکای شمالی
persian_gulf | region | Persian Gulf | خلیج فارس
south_america | region | South America | آمریکای جنوبی
south_asia | region | South Asia | جنوب آسیا
southeast_asia | region | Southeast Asia | جنوب شرق آسیا
west_africa | region | West Africa | غرب آفریقا
AFRICAN_UNION | organization | African Union | اتحادیه آفریقا
ASEAN | organization | Association of Southeast Asian Nations | آسه آن
BRICS | organization | BRICS | بریکس
COVAX | organization | COVAX | کوواکس
D8 | organization | D-8 Organization for Economic Cooperation | گروه دی هشت
EAEU | organization | Eurasian Economic Union | اتحادیه اقتصادی اوراسیا
ECO | organization | Economic Cooperation Organization | سازمان همکاری اقتصادی
EMRO | organization | WHO Regional Office for the Eastern Mediterranean | دفتر منطقه ای مدیترانه شرقی سازمان جهانی بهداشت
EU | organization | European Union | اتحادیه اروپا
GAVI | organization | Gavi, the Vaccine Alliance | اتحاد جهانی واکسن و ایمن سازی
GCC | organization | Gulf Cooperation Council | شورای همکاری خلیج فارس
GFATM | organization | Global Fund to Fight AIDS, Tuberculosis and Malaria | صندوق جهانی مبارزه با ایدز، سل و مالاریا
ICRC | organization | International Committee of the Red Cross | کمیته بین المللی صلیب سرخ
IFRC | organization | International Federation of Red Cross and Red Crescent Societies | فدراسیون بین المللی جوامع صلیب سرخ و هلال احمر
LAS | organization | League of Arab States | اتحادیه عرب
NAM | organization | Non-Aligned Movement | جنبش عدم تعهد
OIC | organization | Organisation of Islamic Cooperation | سازمان همکاری اسلامی
PAHO | organization | Pan American Health Organization | سازمان بهداشت پان آمریکن
SCO | organization | Shanghai Cooperation Organisation | سازمان همکاری شانگهای
UN | organization | United Nations | سازمان ملل متحد
UNAIDS | organization | Joint United Nations Programme on HIV/AIDS | برنامه مشترک سازمان ملل در زمینه ایدز
UNDP | organization | United Nations Development Programme | برنامه توسعه سازمان ملل
UNFPA | organization | United Nations Population Fund | صندوق جمعیت سازمان ملل
UNHCR | organization | United Nations High Commissioner for Refugees | کمیساریای عالی سازمان ملل در امور پناهندگان
UNICEF | organization | United Nations Children's Fund | یونیسف
UNODC | organization | United Nations Office on Drugs and Crime | دفتر مقابله با مواد مخدر و جرم سازمان ملل
WFP | organization | World Food Programme | برنامه جهانی غذا
WHO | organization | World Health Organization | سازمان جهانی بهداشت
"""

# id | lang | note | terms   (the names above are added automatically; the Persian
# full name of GFATM holds a comma, so only its comma-free forms are terms)
GROUP_TERMS = """
africa | fa | alias | قاره آفریقا
africa | en | alias | African continent; African
americas | fa | alias | قاره امریکا
americas | en | alias | the Americas
arab_world | fa | alias | کشورهای عربی; کشورهای عرب; دنیای عرب
arab_world | en | alias | Arab countries; Arab states
asia | fa | alias | قاره آسیا
asia | en | alias | Asian
balkans | en | alias | Balkan
caspian | fa | alias | حوزه دریای خزر; کشورهای حاشیه دریای خزر; کشورهای حاشیه خزر; کشورهای ساحلی دریای خزر; کشورهای ساحلی خزر; کشورهای حوزه خزر
caspian | fa | the sea itself | دریای خزر!bare sea name: Iran borders it, and Iranian places are named after it
caspian | en | alias | Caspian states; Caspian littoral states; Caspian countries
caspian | en | the sea itself | Caspian Sea!bare sea name: Iran borders it
caucasus | fa | alias | قفقاز جنوبی; منطقه قفقاز
caucasus | en | alias | South Caucasus; Transcaucasia
central_america | fa | alias | امریکای مرکزی
central_america | en | alias | Central American
central_asia | fa | alias | آسیای میانه
central_asia | en | alias | Central Asian
east_africa | fa | alias | آفریقای شرقی
east_africa | en | alias | Eastern Africa; East African
east_asia | fa | alias | آسیای شرقی; شرق دور; خاور دور
east_asia | en | alias | East Asian; Far East
europe | fa | alias | قاره اروپا; قاره سبز; اروپای شرقی; اروپای غربی
europe | en | alias | European; Eastern Europe; Western Europe
indian_ocean | fa | alias | حوزه اقیانوس هند
islamic_world | fa | alias | دنیای اسلام; کشورهای اسلامی; کشورهای مسلمان; امت اسلامی
islamic_world | en | alias | Muslim world; Islamic countries; Muslim countries
latin_america | fa | alias | امریکای لاتین
latin_america | en | alias | Latin American
middle_east | fa | alias | خاور میانه; غرب آسیا; آسیای غربی
middle_east | en | alias | Middle Eastern; Mideast; West Asia; Western Asia
north_africa | fa | alias | آفریقای شمالی
north_africa | en | alias | Northern Africa; North African
north_america | fa | alias | امریکای شمالی
north_america | en | alias | North American
persian_gulf | fa | name | خلیج فارس!bare, also the body of water (Iran's coast) and many Iranian place and institution names
persian_gulf | en | name | Persian Gulf!bare, also the body of water (Iran's coast) and Iranian place names
persian_gulf | fa | alias | کشورهای حوزه خلیج فارس; حوزه خلیج فارس; کشورهای حاشیه خلیج فارس; کشورهای خلیج فارس; کشورهای عربی حوزه خلیج فارس; کشورهای عربی خلیج فارس
persian_gulf | en | alias | Persian Gulf states; Persian Gulf countries; Gulf states; Gulf countries; Gulf Arab states; Arab states of the Persian Gulf; Arabian Gulf
south_america | fa | alias | امریکای جنوبی
south_america | en | alias | South American
south_asia | fa | alias | آسیای جنوبی; شبه قاره هند
south_asia | en | alias | South Asian; Indian subcontinent
southeast_asia | fa | alias | جنوب شرقی آسیا; آسیای جنوب شرقی
southeast_asia | en | alias | South-East Asia; South East Asia; Southeast Asian
west_africa | fa | alias | آفریقای غربی
west_africa | en | alias | Western Africa; West African

AFRICAN_UNION | fa | alias | اتحادیه آفریقایی
AFRICAN_UNION | en | acronym | AU!also 'gold' (Au) and a common abbreviation
ASEAN | fa | alias | اتحادیه کشورهای جنوب شرق آسیا; اتحادیه ملل جنوب شرق آسیا
ASEAN | en | acronym | ASEAN
COVAX | fa | alias | سازوکار کوواکس
COVAX | en | alias | COVAX Facility
D8 | fa | alias | دی هشت; گروه هشت کشور اسلامی در حال توسعه
D8 | en | alias | D-8; D8; Developing Eight
EAEU | fa | alias | اتحادیه اقتصادی اوراسیایی; اتحادیه اوراسیایی
EAEU | en | acronym | EAEU; EEU
ECO | fa | alias | سازمان همکاری های اقتصادی; سازمان همکاری اقتصادی اکو
ECO | fa | Persian acronym | اکو!also 'echo', e.g. اکو قلب (echocardiography)
ECO | en | alias | Economic Cooperation Organisation
ECO | en | acronym | ECO!also the prefix 'eco' (eco-friendly)
EMRO | fa | alias | دفتر منطقه ای سازمان جهانی بهداشت در مدیترانه شرقی; دفتر منطقه ای مدیترانه شرقی; منطقه مدیترانه شرقی
EMRO | fa | Persian acronym | امرو
EMRO | fa | the WHO region | مدیترانه شرقی!also the geographic region
EMRO | en | alias | WHO EMRO; Regional Office for the Eastern Mediterranean; WHO Eastern Mediterranean Region; Eastern Mediterranean Region
EMRO | en | acronym | EMRO
EMRO | en | the WHO region | Eastern Mediterranean!also the geographic region
EU | fa | alias | اتحادیه اروپایی
EU | fa | EU executive | کمیسیون اروپا; کمیسیون اروپایی
EU | en | acronym | EU
EU | en | EU executive | European Commission
GAVI | fa | alias | اتحادیه جهانی واکسن و ایمن سازی; ائتلاف جهانی واکسن و ایمن سازی; اتحاد جهانی واکسن
GAVI | fa | Persian acronym | گاوی!also 'bovine' (e.g. جنون گاوی, mad cow disease)
GAVI | en | alias | Gavi; GAVI Alliance; Vaccine Alliance
GCC | fa | alias | شورای همکاری کشورهای عربی خلیج فارس; شورای همکاری خلیج
GCC | en | alias | Cooperation Council for the Arab States of the Gulf; Gulf Cooperation Council
GCC | en | acronym | GCC
GFATM | fa | alias | صندوق جهانی مبارزه با ایدز; صندوق جهانی مبارزه با ایدز سل و مالاریا
GFATM | en | alias | Global Fund to Fight AIDS; The Global Fund; Global Fund!also generic 'global fund'
ICRC | fa | alias | صلیب سرخ جهانی; صلیب سرخ!could be IFRC or a national society
ICRC | en | alias | Red Cross!could be IFRC or a national society
ICRC | en | acronym | ICRC
IFRC | fa | alias | فدراسیون بین المللی صلیب سرخ و هلال احمر; فدراسیون جهانی صلیب سرخ و هلال احمر
IFRC | en | acronym | IFRC
LAS | fa | alias | جامعه عرب; اتحادیه کشورهای عربی; اتحادیه کشورهای عرب
LAS | en | alias | Arab League
NAM | fa | alias | جنبش غیر متعهدها; جنبش کشورهای غیر متعهد; جنبش غیر متعهد
NAM | en | alias | Non Aligned Movement; Nonaligned Movement
NAM | en | acronym | NAM!also a name (Nam) and the Vietnamese word in Viet Nam
OIC | fa | alias | سازمان کنفرانس اسلامی
OIC | en | alias | Organization of Islamic Cooperation; Organisation of the Islamic Conference; Organization of the Islamic Conference
OIC | en | acronym | OIC
PAHO | fa | alias | سازمان بهداشت پان امریکن
PAHO | en | acronym | PAHO
SCO | fa | alias | سازمان شانگهای; پیمان شانگهای
SCO | en | alias | Shanghai Cooperation Organization
SCO | en | acronym | SCO
UN | fa | alias | سازمان ملل; ملل متحد
UN | en | acronym | U.N.; UN!also French 'un' and the prefix un- (matching is case-insensitive)
UNAIDS | fa | alias | برنامه مشترک سازمان ملل متحد در زمینه ایدز
UNAIDS | en | acronym | UNAIDS
UNDP | fa | alias | برنامه توسعه ملل متحد; برنامه توسعه سازمان ملل متحد
UNDP | en | alias | UN Development Programme; United Nations Development Program
UNDP | en | acronym | UNDP
UNFPA | fa | alias | صندوق جمعیت ملل متحد; صندوق جمعیت سازمان ملل متحد
UNFPA | en | alias | UN Population Fund
UNFPA | en | acronym | UNFPA
UNHCR | fa | alias | کمیساریای عالی پناهندگان; کمیساریای عالی پناهندگان سازمان ملل; کمیساریای عالی سازمان ملل متحد در امور پناهندگان
UNHCR | en | alias | UN Refugee Agency; UN High Commissioner for Refugees
UNHCR | en | acronym | UNHCR
UNICEF | fa | alias | صندوق کودکان سازمان ملل; صندوق کودکان ملل متحد; صندوق کودکان سازمان ملل متحد
UNICEF | en | alias | UN Children's Fund
UNICEF | en | acronym | UNICEF
UNODC | fa | alias | دفتر مبارزه با مواد مخدر و جرم سازمان ملل; دفتر مقابله با مواد مخدر و جرم سازمان ملل متحد; دفتر مواد مخدر و جرم سازمان ملل
UNODC | en | alias | UN Office on Drugs and Crime
UNODC | en | acronym | UNODC
WFP | en | alias | World Food Program; UN World Food Programme
WFP | en | acronym | WFP
WHO | fa | alias | سازمان بهداشت جهانی; سازمان جهانی سلامت
WHO | en | alias | World Health Organisation
WHO | en | acronym | WHO!the pronoun 'who' (matching is case-insensitive)
"""

# Persian names of groups that must not become terms as they stand.
GROUP_NAME_FA_NOT_A_TERM = {"GFATM"}  # holds a comma

# --- building ---------------------------------------------------------------------------

ZWNJ = "\u200c"
_ARABIC_YEH_KAF = re.compile("[\u064a\u0643\u0649]")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0654]")
_ARABIC_SCRIPT_TERM = re.compile(r"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc ]+$")
_LATIN_TERM = re.compile(r"^[A-Za-z0-9À-ɏ .,'\-/]+$")


def clean(term: str) -> str:
    """The stored form of a term: library-normalized, ZWNJ written as a space."""
    term = _norm.normalize(term).replace(ZWNJ, " ")
    return re.sub(" {2,}", " ", term).strip()


_NON_WORD = re.compile(r"[^\w]+")


def key(lang: str, term: str) -> str:
    """What a matcher cannot be expected to tell apart: case, punctuation, and (in
    Persian and Arabic script) the presence of spaces. Kept local rather than
    taken from the library so that the generator's output does not move when the
    matcher's tokenization is tuned."""
    form = _NON_WORD.sub(" ", _norm.normalize(term).casefold()).strip()
    return form.replace(" ", "") if lang in ("fa", "ar") else form


SOURCE_NOTES = {"ISO name", "common name", "pycountry translation"}


class Lexicon:
    def __init__(self) -> None:
        self.partners: dict[str, dict[str, str]] = {}
        # (partner_id, lang, key) -> [term, ambiguous, [notes]]
        self.entries: dict[tuple[str, str, str], list] = {}

    def partner(self, pid: str, kind: str, name_en: str, name_fa: str) -> None:
        assert pid not in self.partners, pid
        self.partners[pid] = {"partner_id": pid, "kind": kind, "name_en": name_en,
                              "name_fa": clean(name_fa)}

    def add(self, pid: str, lang: str, raw: str, note: str, ambiguous_reason: str = "") -> None:
        raw = raw.strip()
        if not raw:
            return
        if "!" in raw:
            raw, ambiguous_reason = (s.strip() for s in raw.split("!", 1))
        term = clean(raw)
        k = (pid, lang, key(lang, term))
        entry = self.entries.setdefault(k, [term, 0, []])
        # Of two spellings differing only by spaces, keep the spaced one.
        if term.count(" ") > entry[0].count(" "):
            entry[0] = term
        # A name pycountry also gives is already explained by the first note.
        if note in SOURCE_NOTES and entry[2]:
            note = ""
        if note and note not in entry[2]:
            entry[2].append(note)
        if ambiguous_reason:
            entry[1] = 1
            reason = f"ambiguous: {ambiguous_reason}"
            if reason not in entry[2]:
                entry[2].append(reason)

    def add_cell(self, pid: str, lang: str, cell: str, note: str) -> None:
        for raw in cell.split(";"):
            self.add(pid, lang, raw, note)

    def rows(self) -> list[dict]:
        out = []
        for (pid, lang, _), (term, ambiguous, notes) in self.entries.items():
            out.append({"partner_id": pid, "lang": lang, "term": term,
                        "ambiguous": ambiguous, "note": "; ".join(notes)})
        return sorted(out, key=lambda r: (r["partner_id"], r["lang"], r["term"]))


def _table(text: str, width: int) -> list[list[str]]:
    rows = []
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != width:
            raise ValueError(f"expected {width} cells: {line!r}")
        rows.append(cells)
    return rows


def _fa_translator():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fa"])


def build() -> Lexicon:
    lex = Lexicon()
    fa = _fa_translator()
    codes = UN_MEMBERS + OBSERVER_STATES
    for code in sorted(codes):
        c = pycountry.countries.get(alpha_2=code)
        name_en = NAME_EN.get(code) or getattr(c, "common_name", None) or c.name
        pyfa = fa.gettext(c.name)
        name_fa = NAME_FA.get(code, pyfa)
        lex.partner(code, "home" if code == HOME else "country", name_en, name_fa)
        lex.add(code, "en", name_en, "name")
        lex.add(code, "fa", name_fa, "name")
        # Other English names from pycountry; inverted ISO forms ("Korea, Republic of")
        # and parenthesised ones are not how news writes them.
        for attr, note in (("common_name", "common name"), ("name", "ISO name"),
                           ("official_name", "formal name")):
            value = getattr(c, attr, None)
            if value and "," not in value and "(" not in value:
                lex.add(code, "en", re.sub(r"^the ", "", value), note)
        if code not in FA_TRANSLATION_SKIP and "،" not in pyfa and "(" not in pyfa:
            lex.add(code, "fa", pyfa, "pycountry translation")
        # Persian demonym in -یی for single-word names ending in ا or و.
        if code not in AUTO_YI_SKIP and " " not in lex.partners[code]["name_fa"]:
            base = lex.partners[code]["name_fa"]
            if base.endswith(("ا", "و")):
                form = base + "یی"
                lex.add(code, "fa", form, "demonym", AUTO_YI_AMBIGUOUS.get(form, ""))
    assert len(UN_MEMBERS) == 193 and len(set(UN_MEMBERS)) == 193, len(set(UN_MEMBERS))

    for pid, lang, note, cell in _table(COUNTRY_TERMS + ARABIC_CAPITALS, 4):
        lex.add_cell(pid, lang, cell, note)
    for table, note in ((CAPITALS, "capital"), (CITIES, "city"), (DEMONYMS, "demonym")):
        for pid, en, fa_cell in _table(table, 3):
            lex.add_cell(pid, "en", en, note)
            lex.add_cell(pid, "fa", fa_cell, note)

    for pid, kind, name_en, name_fa in _table(GROUPS, 4):
        lex.partner(pid, kind, name_en, name_fa)
        lex.add(pid, "en", name_en, "name")
        if pid not in GROUP_NAME_FA_NOT_A_TERM:
            lex.add(pid, "fa", name_fa, "name")
    for pid, lang, note, cell in _table(GROUP_TERMS, 4):
        lex.add_cell(pid, lang, cell, note)
    return lex


# --- checking ------------------------------------------------------------------------------


def check(lex: Lexicon) -> list[str]:
    problems = []
    partners = lex.partners
    rows = lex.rows()
    kinds = defaultdict(int)
    for p in partners.values():
        kinds[p["kind"]] += 1
    if kinds["country"] != 194 or kinds["home"] != 1 or partners.get(HOME, {}).get("kind") != "home":
        problems.append(f"expected 194 countries + IR home, got {dict(kinds)}")
    seen = set()
    by_key = defaultdict(set)
    for r in rows:
        pid, lang, term = r["partner_id"], r["lang"], r["term"]
        if pid not in partners:
            problems.append(f"unknown partner_id {pid!r} for {term!r}")
        if (pid, lang, term) in seen:
            problems.append(f"duplicate {(pid, lang, term)}")
        seen.add((pid, lang, term))
        by_key[(lang, key(lang, term))].add(pid)
        if _ARABIC_YEH_KAF.search(term) or ZWNJ in term or _DIACRITICS.search(term):
            problems.append(f"Arabic yeh/kaf, ZWNJ or diacritic in {term!r}")
        if term != clean(term):
            problems.append(f"not in normalized form: {term!r}")
        if lang in ("fa", "ar") and not _ARABIC_SCRIPT_TERM.match(term):
            problems.append(f"non-Arabic-script character in {lang} term {term!r}")
        if lang == "en" and not _LATIN_TERM.match(term):
            problems.append(f"unexpected character in en term {term!r}")
    for (lang, k), pids in sorted(by_key.items()):
        if len(pids) > 1:
            problems.append(f"{lang} {k!r} maps to several partners: {sorted(pids)}")
    for p in partners.values():
        if not p["name_en"] or not p["name_fa"]:
            problems.append(f"missing name for {p['partner_id']}")
        if _ARABIC_YEH_KAF.search(p["name_fa"]) or _DIACRITICS.search(p["name_fa"]):
            problems.append(f"Arabic yeh/kaf or diacritic in name_fa {p['name_fa']!r}")
    return problems


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args(argv)
    lex = build()
    problems = check(lex)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    if problems:
        return 1
    partners = sorted(lex.partners.values(), key=lambda p: p["partner_id"])
    rows = lex.rows()
    if not args.check:
        DATA.mkdir(parents=True, exist_ok=True)
        PARTNERS_CSV.write_text(to_csv(partners, ["partner_id", "kind", "name_en", "name_fa"]),
                                encoding="utf-8", newline="")
        TERMS_CSV.write_text(to_csv(rows, ["partner_id", "lang", "term", "ambiguous", "note"]),
                             encoding="utf-8", newline="")
    kinds = defaultdict(int)
    for p in partners:
        kinds[p["kind"]] += 1
    print(f"{len(partners)} partners ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
          f"{len(rows)} terms; {sum(r['ambiguous'] for r in rows)} ambiguous"
          + ("" if args.check else f" -> {PARTNERS_CSV.relative_to(ROOT)}, {TERMS_CSV.relative_to(ROOT)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
