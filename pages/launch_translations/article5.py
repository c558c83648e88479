"""The launch explainer "Article 5 explained" (explainers.launch) in every site language,
section by section, written for the English named by WRITTEN_FOR's fingerprints."""

from __future__ import annotations

from explainers.launch import ARTICLE_4, ARTICLE_5, INVOKED_2001, INVOKED_2011, TREATY

SLUG = "article-5"
# The start of the fingerprint of each English text these translate; sections in order.
WRITTEN_FOR = {
    "title": "f769a3bea719d8d2",
    "summary": "b4fcd7be611bc093",
    "sections": [
        "d4cf471b6b66ad1d",
        "4a7859aab362619f",
        "9dbf2ca8bc0fab4f",
        "b4c2c5f16b5a081e",
        "22eb69208de14b56",
    ],
}

TEXTS = {
    "pl": {
        "title": "Art. 5 w skrócie",
        "summary": "Klauzula wspólnej obrony NATO: co mówi, jedyny raz, gdy ją uruchomiono, i "
        "dlaczego jest decyzją polityczną, a nie automatyczną wojną.",
        "sections": [
            f"""## Co mówi art. 5

Art. 5 Traktatu Północnoatlantyckiego stanowi, że zbrojna napaść na jednego sojusznika w
Europie lub Ameryce Północnej będzie uznana za napaść na nich wszystkich. Każdy sojusznik
podejmuje wtedy działania, jakie uzna za konieczne, które *mogą* obejmować użycie siły
zbrojnej, aby przywrócić i utrzymać bezpieczeństwo.

Źródła: [Traktat Północnoatlantycki (archiwa NATO)]({TREATY}); [NATO: art. 5]({ARTICLE_5}).""",
            f"""## Uruchomiony raz

Art. 5 uruchomiono tylko raz, po atakach na Stany Zjednoczone 11 września 2001 r.:
sojusznicy uruchomili go następnego dnia, 12 września. Nigdy nie uruchomiono go w związku
z Rosją.

Źródła: [NATO, oświadczenie w 10. rocznicę uruchomienia (2011)]({INVOKED_2011});
[NATO, oświadczenie ministrów z 6 grudnia 2001 r.]({INVOKED_2001}).""",
            f"""## Decyzja polityczna, nie automat

Nic nie dzieje się automatycznie. W 2001 r. sojusznicy uzależnili uruchomienie art. 5 od
tego, czy atak został przeprowadzony z zagranicy: najpierw ustalili fakty. NATO podejmuje
decyzje w drodze konsensusu, w Radzie Północnoatlantyckiej, a traktat pozostawia każdemu
sojusznikowi podjęcie „takich działań, jakie uzna za konieczne”.

Źródła: [NATO, 2011]({INVOKED_2011}); [NATO: proces konsultacji i art. 4]({ARTICLE_4});
[Traktat Północnoatlantycki]({TREATY}).""",
            f"""## Gdzie obowiązuje

Art. 5 obejmuje zbrojną napaść na sojuszników w Europie lub Ameryce Północnej; art. 6
[traktatu]({TREATY}) określa terytorium, siły, okręty i statki powietrzne, których dotyczy.
Nie obejmuje Ukrainy, która nie jest stroną traktatu.""",
            f"""## Więcej informacji

- [Traktat Północnoatlantycki (archiwa NATO)]({TREATY})
- [NATO: art. 5]({ARTICLE_5})""",
        ],
    },
    "et": {
        "title": "Artikkel 5 lahti seletatuna",
        "summary": "NATO kollektiivkaitse säte: mida see ütleb, ainus kord, kui see käivitati, "
        "ja miks see on poliitiline otsus, mitte automaatne sõda.",
        "sections": [
            f"""## Mida ütleb artikkel 5

Põhja-Atlandi lepingu artikkel 5 ütleb, et relvastatud rünnakut ühe liitlase vastu Euroopas
või Põhja-Ameerikas käsitatakse rünnakuna nende kõigi vastu. Iga liitlane võtab siis
meetmeid, mida peab vajalikuks, ja need *võivad* hõlmata relvajõu kasutamist, et taastada ja
säilitada julgeolek.

Allikad: [Põhja-Atlandi leping (NATO arhiiv)]({TREATY}); [NATO: artikkel 5]({ARTICLE_5}).""",
            f"""## Käivitatud üks kord

Artiklit 5 on käivitatud vaid korra, pärast 11. septembri 2001 rünnakuid Ameerika
Ühendriikidele: liitlased käivitasid selle järgmisel päeval, 12. septembril. Venemaaga seoses
ei ole seda kunagi käivitatud.

Allikad: [NATO, avaldus käivitamise 10. aastapäeval (2011)]({INVOKED_2011});
[NATO, ministrite avaldus 6. detsembrist 2001]({INVOKED_2001}).""",
            f"""## Poliitiline otsus, mitte automaatne päästik

Midagi ei juhtu automaatselt. 2001. aastal seadsid liitlased käivitamise tingimuseks, et
rünnak oli juhitud välismaalt: kõigepealt tehti kindlaks faktid. NATO teeb otsused
konsensusega Põhja-Atlandi Nõukogus ning leping jätab igale liitlasele võtta „selliseid
meetmeid, mida ta peab vajalikuks”.

Allikad: [NATO, 2011]({INVOKED_2011}); [NATO: konsultatsiooniprotsess ja artikkel 4]({ARTICLE_4});
[Põhja-Atlandi leping]({TREATY}).""",
            f"""## Kus see kehtib

Artikkel 5 hõlmab relvastatud rünnakut liitlaste vastu Euroopas või Põhja-Ameerikas;
[lepingu]({TREATY}) artikkel 6 täpsustab, milliseid territooriume, vägesid, laevu ja õhusõidukeid
see hõlmab. See ei hõlma Ukrainat, mis ei ole lepingu osaline.""",
            f"""## Lisalugemist

- [Põhja-Atlandi leping (NATO arhiiv)]({TREATY})
- [NATO: artikkel 5]({ARTICLE_5})""",
        ],
    },
    "lv": {
        "title": "5. pants skaidrojumā",
        "summary": "NATO kolektīvās aizsardzības klauzula: ko tā nosaka, vienīgā reize, kad tā "
        "piemērota, un kāpēc tas ir politisks lēmums, nevis automātisks karš.",
        "sections": [
            f"""## Ko nosaka 5. pants

Ziemeļatlantijas līguma 5. pants nosaka, ka bruņots uzbrukums vienam sabiedrotajam Eiropā vai
Ziemeļamerikā uzskatāms par uzbrukumu tiem visiem. Katrs sabiedrotais tad veic darbības,
kādas uzskata par vajadzīgām, un tās *var* ietvert bruņota spēka izmantošanu, lai atjaunotu
un uzturētu drošību.

Avoti: [Ziemeļatlantijas līgums (NATO arhīvs)]({TREATY}); [NATO: 5. pants]({ARTICLE_5}).""",
            f"""## Piemērots vienreiz

5. pants ir piemērots tikai vienu reizi, pēc 2001. gada 11. septembra uzbrukumiem Amerikas
Savienotajām Valstīm: sabiedrotie to piemēroja nākamajā dienā, 12. septembrī. Saistībā ar
Krieviju tas nekad nav piemērots.

Avoti: [NATO, paziņojums piemērošanas 10. gadadienā (2011)]({INVOKED_2011});
[NATO, ministru paziņojums, 2001. gada 6. decembris]({INVOKED_2001}).""",
            f"""## Politisks lēmums, nevis automātisks slēdzis

Nekas nenotiek automātiski. 2001. gadā sabiedrotie piemērošanu saistīja ar nosacījumu, ka
uzbrukums ir vadīts no ārvalstīm: vispirms viņi noskaidroja faktus. NATO lēmumus pieņem
konsensā, Ziemeļatlantijas padomē, un līgums katram sabiedrotajam ļauj veikt „tādas
darbības, kādas tas uzskata par vajadzīgām”.

Avoti: [NATO, 2011]({INVOKED_2011}); [NATO: konsultāciju process un 4. pants]({ARTICLE_4});
[Ziemeļatlantijas līgums]({TREATY}).""",
            f"""## Kur tas attiecas

5. pants attiecas uz bruņotu uzbrukumu sabiedrotajiem Eiropā vai Ziemeļamerikā;
[līguma]({TREATY}) 6. pantā sīki norādīta teritorija, spēki, kuģi un gaisa kuģi, uz kuriem tas
attiecas. Tas neattiecas uz Ukrainu, kas nav līguma dalībniece.""",
            f"""## Papildu lasāmviela

- [Ziemeļatlantijas līgums (NATO arhīvs)]({TREATY})
- [NATO: 5. pants]({ARTICLE_5})""",
        ],
    },
    "lt": {
        "title": "5 straipsnis paaiškintas",
        "summary": "NATO kolektyvinės gynybos nuostata: ką ji sako, vienintelis kartas, kai ji "
        "buvo taikyta, ir kodėl tai politinis sprendimas, o ne automatiškas karas.",
        "sections": [
            f"""## Ką sako 5 straipsnis

Šiaurės Atlanto sutarties 5 straipsnis sako, kad ginkluotas užpuolimas prieš vieną sąjungininkę
Europoje ar Šiaurės Amerikoje laikomas užpuolimu prieš jas visas. Tada kiekviena sąjungininkė
imasi veiksmų, kuriuos laiko būtinais, ir jie *gali* apimti ginkluotos jėgos panaudojimą,
kad būtų atkurtas ir išlaikytas saugumas.

Šaltiniai: [Šiaurės Atlanto sutartis (NATO archyvas)]({TREATY}); [NATO: 5 straipsnis]({ARTICLE_5}).""",
            f"""## Taikytas kartą

5 straipsnis buvo taikytas tik kartą, po 2001 m. rugsėjo 11 d. išpuolių prieš Jungtines
Valstijas: sąjungininkės jį taikė kitą dieną, rugsėjo 12 d. Rusijos atžvilgiu jis niekada
nebuvo taikytas.

Šaltiniai: [NATO, pareiškimas taikymo 10-ųjų metinių proga (2011)]({INVOKED_2011});
[NATO, 2001 m. gruodžio 6 d. ministrų pareiškimas]({INVOKED_2001}).""",
            f"""## Politinis sprendimas, ne automatinis jungiklis

Niekas nevyksta automatiškai. 2001 m. sąjungininkės taikymą susiejo su sąlyga, kad
užpuolimas buvo vykdomas iš užsienio: pirmiausia jos nustatė faktus. NATO sprendimus priima
bendru sutarimu, Šiaurės Atlanto Taryboje, o sutartis kiekvienai sąjungininkei palieka imtis
„tokių veiksmų, kokius ji laiko būtinais“.

Šaltiniai: [NATO, 2011]({INVOKED_2011}); [NATO: konsultacijų procesas ir 4 straipsnis]({ARTICLE_4});
[Šiaurės Atlanto sutartis]({TREATY}).""",
            f"""## Kur jis taikomas

5 straipsnis apima ginkluotą užpuolimą prieš sąjungininkes Europoje ar Šiaurės Amerikoje;
[sutarties]({TREATY}) 6 straipsnyje išvardyta teritorija, pajėgos, laivai ir orlaiviai, kuriems
jis taikomas. Jis netaikomas Ukrainai, kuri nėra sutarties šalis.""",
            f"""## Daugiau skaityti

- [Šiaurės Atlanto sutartis (NATO archyvas)]({TREATY})
- [NATO: 5 straipsnis]({ARTICLE_5})""",
        ],
    },
    "fi": {
        "title": "Artikla 5 selitettynä",
        "summary": "Naton yhteisen puolustuksen artikla: mitä se sanoo, ainoa kerta, kun se on "
        "otettu käyttöön, ja miksi se on poliittinen päätös eikä automaattinen sota.",
        "sections": [
            f"""## Mitä artikla 5 sanoo

Pohjois-Atlantin sopimuksen artiklan 5 mukaan aseellista hyökkäystä yhtä liittolaista vastaan
Euroopassa tai Pohjois-Amerikassa pidetään hyökkäyksenä niitä kaikkia vastaan. Kukin
liittolainen ryhtyy silloin toimiin, jotka se katsoo tarpeellisiksi ja jotka *voivat*
sisältää aseellisen voiman käytön, turvallisuuden palauttamiseksi ja ylläpitämiseksi.

Lähteet: [Pohjois-Atlantin sopimus (Naton arkisto)]({TREATY}); [Nato: artikla 5]({ARTICLE_5}).""",
            f"""## Käytetty kerran

Artikla 5 on otettu käyttöön vain kerran, Yhdysvaltoihin 11. syyskuuta 2001 tehtyjen iskujen
jälkeen: liittolaiset ottivat sen käyttöön seuraavana päivänä, 12. syyskuuta. Venäjän vuoksi
sitä ei ole koskaan otettu käyttöön.

Lähteet: [Nato, julkilausuma käyttöönoton 10-vuotispäivänä (2011)]({INVOKED_2011});
[Nato, ministerien julkilausuma 6. joulukuuta 2001]({INVOKED_2001}).""",
            f"""## Poliittinen päätös, ei laukaisulanka

Mikään ei tapahdu automaattisesti. Vuonna 2001 liittolaiset asettivat käyttöönoton ehdoksi,
että hyökkäys oli ohjattu ulkomailta: ensin ne selvittivät tosiasiat. Nato tekee päätöksensä
yksimielisesti Pohjois-Atlantin neuvostossa, ja sopimus jättää kunkin liittolaisen ryhtyä
”sellaisiin toimiin kuin se katsoo tarpeelliseksi”.

Lähteet: [Nato, 2011]({INVOKED_2011}); [Nato: konsultaatioprosessi ja artikla 4]({ARTICLE_4});
[Pohjois-Atlantin sopimus]({TREATY}).""",
            f"""## Missä se pätee

Artikla 5 koskee aseellista hyökkäystä liittolaisia vastaan Euroopassa tai Pohjois-Amerikassa;
[sopimuksen]({TREATY}) artikla 6 määrittelee alueen, joukot, alukset ja ilma-alukset, joita se
koskee. Se ei koske Ukrainaa, joka ei ole sopimuksen osapuoli.""",
            f"""## Lisälukemista

- [Pohjois-Atlantin sopimus (Naton arkisto)]({TREATY})
- [Nato: artikla 5]({ARTICLE_5})""",
        ],
    },
    "ro": {
        "title": "Articolul 5, pe înțeles",
        "summary": "Clauza de apărare colectivă a NATO: ce prevede, singura dată când a fost "
        "invocată și de ce este o decizie politică, nu un război automat.",
        "sections": [
            f"""## Ce prevede articolul 5

Articolul 5 al Tratatului Atlanticului de Nord prevede că un atac armat împotriva unui aliat
din Europa sau America de Nord va fi considerat un atac împotriva tuturor. Fiecare aliat ia
atunci măsurile pe care le consideră necesare, care *pot* include folosirea forței armate,
pentru a restabili și menține securitatea.

Surse: [Tratatul Atlanticului de Nord (arhivele NATO)]({TREATY}); [NATO: articolul 5]({ARTICLE_5}).""",
            f"""## Invocat o singură dată

Articolul 5 a fost invocat o singură dată, după atacurile asupra Statelor Unite din
11 septembrie 2001: aliații l-au invocat a doua zi, pe 12 septembrie. Nu a fost niciodată
invocat în legătură cu Rusia.

Surse: [NATO, declarație la 10 ani de la invocare (2011)]({INVOKED_2011});
[NATO, declarația miniștrilor din 6 decembrie 2001]({INVOKED_2001}).""",
            f"""## O decizie politică, nu un declanșator automat

Nimic nu se întâmplă automat. În 2001, aliații au condiționat invocarea de faptul că atacul
fusese condus din străinătate: au stabilit mai întâi faptele. NATO ia deciziile prin
consens, în Consiliul Nord-Atlantic, iar tratatul lasă fiecărui aliat să ia „măsurile pe
care le consideră necesare”.

Surse: [NATO, 2011]({INVOKED_2011}); [NATO: procesul de consultare și articolul 4]({ARTICLE_4});
[Tratatul Atlanticului de Nord]({TREATY}).""",
            f"""## Unde se aplică

Articolul 5 acoperă un atac armat asupra aliaților din Europa sau America de Nord;
articolul 6 al [tratatului]({TREATY}) precizează teritoriul, forțele, navele și aeronavele pe
care le include. Nu acoperă Ucraina, care nu este parte la tratat.""",
            f"""## Lecturi suplimentare

- [Tratatul Atlanticului de Nord (arhivele NATO)]({TREATY})
- [NATO: articolul 5]({ARTICLE_5})""",
        ],
    },
    "uk": {
        "title": "Стаття 5: пояснення",
        "summary": "Положення НАТО про колективну оборону: що воно каже, єдиний раз, коли його "
        "застосували, і чому це політичне рішення, а не автоматична війна.",
        "sections": [
            f"""## Що каже стаття 5

Стаття 5 Північноатлантичного договору каже, що збройний напад на одного союзника в Європі
чи Північній Америці вважається нападом на них усіх. Кожен союзник тоді вживає дій, які
вважає необхідними, і вони *можуть* включати застосування збройної сили, щоб відновити й
підтримати безпеку.

Джерела: [Північноатлантичний договір (архіви НАТО)]({TREATY}); [НАТО: стаття 5]({ARTICLE_5}).""",
            f"""## Застосована один раз

Статтю 5 застосовували лише один раз, після терактів проти Сполучених Штатів 11 вересня
2001 року: союзники застосували її наступного дня, 12 вересня. Щодо Росії її ніколи не
застосовували.

Джерела: [НАТО, заява до 10-ї річниці застосування (2011)]({INVOKED_2011});
[НАТО, заява міністрів від 6 грудня 2001 року]({INVOKED_2001}).""",
            f"""## Політичне рішення, а не автоматичний запобіжник

Ніщо не відбувається автоматично. У 2001 році союзники поставили застосування в залежність
від того, чи напад було скеровано з-за кордону: спершу вони встановили факти. НАТО ухвалює
рішення консенсусом, у Північноатлантичній раді, а договір залишає кожному союзникові вжити
«таких дій, які він вважає необхідними».

Джерела: [НАТО, 2011]({INVOKED_2011}); [НАТО: процес консультацій і стаття 4]({ARTICLE_4});
[Північноатлантичний договір]({TREATY}).""",
            f"""## Де вона діє

Стаття 5 охоплює збройний напад на союзників у Європі чи Північній Америці; стаття 6
[договору]({TREATY}) визначає територію, сили, кораблі й повітряні судна, які вона охоплює.
Вона не охоплює Україну, яка не є стороною договору.""",
            f"""## Що ще почитати

- [Північноатлантичний договір (архіви НАТО)]({TREATY})
- [НАТО: стаття 5]({ARTICLE_5})""",
        ],
    },
}
