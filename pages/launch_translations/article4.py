"""The launch explainer "Article 4 and Article 5: consultation is not war"
(explainers.launch) in every site language, section by section, written for the English
named by WRITTEN_FOR's fingerprints."""

from __future__ import annotations

from explainers.launch import (
    ARTICLE_4,
    ESTONIA_JETS,
    INVOKED_2011,
    KYIV_INDEPENDENT,
    POLAND_ARTICLE_4,
    TREATY,
)

SLUG = "article-4-and-article-5"
WRITTEN_FOR = {
    "title": "92a6635baeac4d4c",
    "summary": "5928f484a20aecbc",
    "sections": ["92472e0317b9c27c", "78d0a5018e424afc", "86a2483fa831cde1"],
}

TEXTS = {
    "pl": {
        "title": "Art. 4 i art. 5: konsultacje to nie wojna",
        "summary": "Art. 4 pozwala każdemu sojusznikowi zwołać konsultacje, gdy czuje się "
        "zagrożony. We wrześniu 2025 r. wnioskowano o nie dwa razy; to rozmowy, nie walka.",
        "sections": [
            f"""## Art. 4: rozmowy

Na mocy art. 4 sojusznicy konsultują się, ilekroć którykolwiek z nich uzna, że zagrożona
jest jego integralność terytorialna, niezależność polityczna lub bezpieczeństwo. Może o to
poprosić każdy sojusznik; spotkanie jest rozmową sojuszników i nikogo do niczego nie
zobowiązuje.

Źródła: [Traktat Północnoatlantycki]({TREATY}); [NATO: proces konsultacji i
art. 4]({ARTICLE_4}).""",
            f"""## Wrzesień 2025

Polska zwróciła się o konsultacje na podstawie art. 4 10 września 2025 r., po tym jak
rosyjskie drony wleciały w jej przestrzeń powietrzną w nocy z 9 na 10 września. Estonia
złożyła drugi wniosek w tym miesiącu, po tym jak trzy rosyjskie myśliwce MiG-31 wleciały w
jej przestrzeń powietrzną 19 września (jej wniosek według doniesień Reutersa). Sojusznicy
odbyli konsultacje; nie uruchomili art. 5.

Źródła: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19 września 2025 r.]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## Art. 5: wspólna obrona

Art. 5 to klauzula wzajemnej obrony: zbrojna napaść na jednego sojusznika jest traktowana
jak napaść na wszystkich. Zob. [Art. 5 w skrócie](/pl/explainers/article-5/).

| Porównanie | Art. 4 | Art. 5 |
|---|---|---|
| Co go uruchamia | Sojusznik czuje się zagrożony | Zbrojna napaść na sojusznika |
| Co się dzieje | Konsultacje | Każdy sojusznik podejmuje działania, jakie uzna za konieczne |
| Użyty | Siedem razy do lipca 2023 r., według NATO; jeszcze dwa razy we wrześniu 2025 r. | Raz, we wrześniu 2001 r. |

Źródła: [NATO: proces konsultacji i art. 4]({ARTICLE_4}) (siedem razy);
[NATO, 2011]({INVOKED_2011}) (art. 5 uruchomiony raz).""",
        ],
    },
    "et": {
        "title": "Artikkel 4 ja artikkel 5: konsultatsioon ei ole sõda",
        "summary": "Artikkel 4 lubab igal liitlasel nõuda konsultatsioone, kui ta tunneb end "
        "ohustatuna. 2025. aasta septembris taotleti neid kaks korda; see on rääkimine, mitte "
        "võitlemine.",
        "sections": [
            f"""## Artikkel 4: läbirääkimised

Artikli 4 alusel konsulteerivad liitlased alati, kui mõni neist leiab, et tema territoriaalne
terviklikkus, poliitiline sõltumatus või julgeolek on ohus. Taotleda võib iga liitlane;
kohtumine on liitlaste arutelu ega kohusta kedagi millekski.

Allikad: [Põhja-Atlandi leping]({TREATY}); [NATO: konsultatsiooniprotsess ja
artikkel 4]({ARTICLE_4}).""",
            f"""## September 2025

Poola taotles artikli 4 alusel konsultatsioone 10. septembril 2025, pärast seda, kui Vene
droonid sisenesid 9.–10. septembri öösel tema õhuruumi. Eesti esitas samal kuul teise
taotluse, pärast seda, kui kolm Vene hävituslennukit MiG-31 sisenesid 19. septembril tema
õhuruumi (taotlus Reutersi teatel). Liitlased konsulteerisid; artiklit 5 nad ei käivitanud.

Allikad: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19. september 2025]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## Artikkel 5: kollektiivkaitse

Artikkel 5 on vastastikuse kaitse säte: relvastatud rünnakut ühe liitlase vastu käsitatakse
rünnakuna kõigi vastu. Vt [Artikkel 5 lahti seletatuna](/et/explainers/article-5/).

| Võrdlus | Artikkel 4 | Artikkel 5 |
|---|---|---|
| Mis selle käivitab | Liitlane tunneb end ohustatuna | Relvastatud rünnak liitlase vastu |
| Mis juhtub | Konsultatsioonid | Iga liitlane võtab meetmeid, mida peab vajalikuks |
| Kasutatud | NATO andmetel seitse korda 2023. aasta juuliks; veel kaks korda 2025. aasta septembris | Üks kord, 2001. aasta septembris |

Allikad: [NATO: konsultatsiooniprotsess ja artikkel 4]({ARTICLE_4}) (seitse korda);
[NATO, 2011]({INVOKED_2011}) (artikkel 5 käivitatud üks kord).""",
        ],
    },
    "lv": {
        "title": "4. pants un 5. pants: konsultācijas nav karš",
        "summary": "4. pants ļauj jebkuram sabiedrotajam sasaukt konsultācijas, ja tas jūtas "
        "apdraudēts. 2025. gada septembrī tās pieprasītas divreiz; tās ir sarunas, nevis cīņa.",
        "sections": [
            f"""## 4. pants: sarunas

Saskaņā ar 4. pantu sabiedrotie konsultējas ikreiz, kad kāds no tiem uzskata, ka ir
apdraudēta tā teritoriālā integritāte, politiskā neatkarība vai drošība. Lūgt var jebkurš
sabiedrotais; sanāksme ir sabiedroto apspriede un nevienam neuzliek nekādas saistības.

Avoti: [Ziemeļatlantijas līgums]({TREATY}); [NATO: konsultāciju process un
4. pants]({ARTICLE_4}).""",
            f"""## 2025. gada septembris

Polija pieprasīja konsultācijas saskaņā ar 4. pantu 2025. gada 10. septembrī pēc tam, kad
Krievijas droni naktī no 9. uz 10. septembri ielidoja tās gaisa telpā. Igaunija tajā pašā
mēnesī iesniedza otro pieprasījumu pēc tam, kad trīs Krievijas iznīcinātāji MiG-31
19. septembrī ielidoja tās gaisa telpā (tās pieprasījums, kā ziņoja Reuters). Sabiedrotie
konsultējās; 5. pantu viņi nepiemēroja.

Avoti: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 2025. gada 19. septembris]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## 5. pants: kolektīvā aizsardzība

5. pants ir savstarpējās aizsardzības klauzula: bruņots uzbrukums vienam sabiedrotajam
tiek uzskatīts par uzbrukumu visiem. Skatīt [5. pants skaidrojumā](/lv/explainers/article-5/).

| Salīdzinājums | 4. pants | 5. pants |
|---|---|---|
| Kas to izraisa | Sabiedrotais jūtas apdraudēts | Bruņots uzbrukums sabiedrotajam |
| Kas notiek | Konsultācijas | Katrs sabiedrotais veic darbības, kādas uzskata par vajadzīgām |
| Izmantots | Septiņas reizes līdz 2023. gada jūlijam, saka NATO; vēl divreiz 2025. gada septembrī | Vienreiz, 2001. gada septembrī |

Avoti: [NATO: konsultāciju process un 4. pants]({ARTICLE_4}) (septiņas reizes);
[NATO, 2011]({INVOKED_2011}) (5. pants piemērots vienreiz).""",
        ],
    },
    "lt": {
        "title": "4 ir 5 straipsniai: konsultacijos nėra karas",
        "summary": "4 straipsnis leidžia bet kuriai sąjungininkei sušaukti konsultacijas, kai "
        "ji jaučiasi grėsmėje. 2025 m. rugsėjį jų prašyta du kartus; tai kalbėjimasis, ne "
        "kova.",
        "sections": [
            f"""## 4 straipsnis: pokalbiai

Pagal 4 straipsnį sąjungininkės konsultuojasi, kai tik kuri nors iš jų mano, kad kyla grėsmė
jos teritoriniam vientisumui, politinei nepriklausomybei ar saugumui. Paprašyti gali bet
kuri sąjungininkė; susitikimas yra sąjungininkių diskusija ir niekam nieko neįpareigoja.

Šaltiniai: [Šiaurės Atlanto sutartis]({TREATY}); [NATO: konsultacijų procesas ir
4 straipsnis]({ARTICLE_4}).""",
            f"""## 2025 m. rugsėjis

Lenkija paprašė konsultacijų pagal 4 straipsnį 2025 m. rugsėjo 10 d., kai rugsėjo 9–10 d.
naktį Rusijos dronai įskrido į jos oro erdvę. Estija tą patį mėnesį pateikė antrąjį
prašymą, kai rugsėjo 19 d. trys Rusijos naikintuvai MiG-31 įskrido į jos oro erdvę (jos
prašymas, kaip pranešė „Reuters“). Sąjungininkės konsultavosi; 5 straipsnio jos netaikė.

Šaltiniai: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 2025 m. rugsėjo 19 d.]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## 5 straipsnis: kolektyvinė gynyba

5 straipsnis yra abipusės gynybos nuostata: ginkluotas užpuolimas prieš vieną sąjungininkę
laikomas užpuolimu prieš visas. Žr. [5 straipsnis paaiškintas](/lt/explainers/article-5/).

| Palyginimas | 4 straipsnis | 5 straipsnis |
|---|---|---|
| Kas jį sukelia | Sąjungininkė jaučiasi grėsmėje | Ginkluotas užpuolimas prieš sąjungininkę |
| Kas vyksta | Konsultacijos | Kiekviena sąjungininkė imasi veiksmų, kuriuos laiko būtinais |
| Naudotas | Septynis kartus iki 2023 m. liepos, teigia NATO; dar du kartus 2025 m. rugsėjį | Kartą, 2001 m. rugsėjį |

Šaltiniai: [NATO: konsultacijų procesas ir 4 straipsnis]({ARTICLE_4}) (septynis kartus);
[NATO, 2011]({INVOKED_2011}) (5 straipsnis taikytas kartą).""",
        ],
    },
    "fi": {
        "title": "Artikla 4 ja artikla 5: konsultaatio ei ole sotaa",
        "summary": "Artiklan 4 nojalla kuka tahansa liittolainen voi pyytää konsultaatioita, "
        "kun se kokee olevansa uhattuna. Niitä pyydettiin kahdesti syyskuussa 2025; se on "
        "keskustelua, ei taistelua.",
        "sections": [
            f"""## Artikla 4: neuvottelut

Artiklan 4 mukaan liittolaiset neuvottelevat aina, kun jokin niistä katsoo, että sen alueellinen
koskemattomuus, poliittinen riippumattomuus tai turvallisuus on uhattuna. Kuka tahansa
liittolainen voi pyytää; kokous on liittolaisten keskustelu eikä sido ketään mihinkään.

Lähteet: [Pohjois-Atlantin sopimus]({TREATY}); [Nato: konsultaatioprosessi ja
artikla 4]({ARTICLE_4}).""",
            f"""## Syyskuu 2025

Puola pyysi artiklan 4 mukaisia konsultaatioita 10. syyskuuta 2025, kun venäläiset droonit
olivat tunkeutuneet sen ilmatilaan 9.–10. syyskuuta välisenä yönä. Viro esitti saman kuun
toisen pyynnön, kun kolme venäläistä MiG-31-hävittäjää oli tunkeutunut sen ilmatilaan
19. syyskuuta (sen pyyntö Reutersin mukaan). Liittolaiset neuvottelivat; ne eivät ottaneet
artiklaa 5 käyttöön.

Lähteet: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19. syyskuuta 2025]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## Artikla 5: yhteinen puolustus

Artikla 5 on keskinäisen puolustuksen artikla: aseellista hyökkäystä yhtä liittolaista vastaan
pidetään hyökkäyksenä kaikkia vastaan. Katso [Artikla 5 selitettynä](/fi/explainers/article-5/).

| Vertailu | Artikla 4 | Artikla 5 |
|---|---|---|
| Mikä sen laukaisee | Liittolainen kokee olevansa uhattuna | Aseellinen hyökkäys liittolaista vastaan |
| Mitä tapahtuu | Konsultaatiot | Kukin liittolainen ryhtyy toimiin, jotka se katsoo tarpeellisiksi |
| Käytetty | Seitsemän kertaa heinäkuuhun 2023 mennessä Naton mukaan; kahdesti lisää syyskuussa 2025 | Kerran, syyskuussa 2001 |

Lähteet: [Nato: konsultaatioprosessi ja artikla 4]({ARTICLE_4}) (seitsemän kertaa);
[Nato, 2011]({INVOKED_2011}) (artikla 5 otettu käyttöön kerran).""",
        ],
    },
    "ro": {
        "title": "Articolul 4 și articolul 5: consultarea nu înseamnă război",
        "summary": "Articolul 4 permite oricărui aliat să ceară consultări atunci când se "
        "simte amenințat. Au fost cerute de două ori în septembrie 2025; asta înseamnă "
        "discuții, nu lupte.",
        "sections": [
            f"""## Articolul 4: discuții

Potrivit articolului 4, aliații se consultă ori de câte ori oricare dintre ei consideră că
integritatea sa teritorială, independența politică sau securitatea sa sunt amenințate.
Orice aliat poate cere; reuniunea este o discuție între aliați și nu obligă pe nimeni la
nimic.

Surse: [Tratatul Atlanticului de Nord]({TREATY}); [NATO: procesul de consultare și
articolul 4]({ARTICLE_4}).""",
            f"""## Septembrie 2025

Polonia a cerut consultări în baza articolului 4 pe 10 septembrie 2025, după ce drone rusești
i-au pătruns în spațiul aerian în noaptea de 9 spre 10 septembrie. Estonia a făcut a doua
cerere în aceeași lună, după ce trei avioane de vânătoare rusești MiG-31 i-au intrat în
spațiul aerian pe 19 septembrie (cererea sa, potrivit Reuters). Aliații s-au consultat; nu au
invocat articolul 5.

Surse: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19 septembrie 2025]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## Articolul 5: apărarea colectivă

Articolul 5 este clauza de apărare reciprocă: un atac armat asupra unui aliat este tratat ca
un atac asupra tuturor. Vezi [Articolul 5, pe înțeles](/ro/explainers/article-5/).

| Comparație | Articolul 4 | Articolul 5 |
|---|---|---|
| Ce îl declanșează | Un aliat se simte amenințat | Un atac armat asupra unui aliat |
| Ce se întâmplă | Consultări | Fiecare aliat ia măsurile pe care le consideră necesare |
| Folosit | De șapte ori până în iulie 2023, potrivit NATO; încă de două ori în septembrie 2025 | O dată, în septembrie 2001 |

Surse: [NATO: procesul de consultare și articolul 4]({ARTICLE_4}) (de șapte ori);
[NATO, 2011]({INVOKED_2011}) (articolul 5 invocat o dată).""",
        ],
    },
    "uk": {
        "title": "Стаття 4 і стаття 5: консультації — це не війна",
        "summary": "Стаття 4 дає кожному союзникові змогу скликати консультації, коли він "
        "відчуває загрозу. У вересні 2025 року про них просили двічі; це розмови, а не бої.",
        "sections": [
            f"""## Стаття 4: розмови

Згідно зі статтею 4 союзники консультуються щоразу, коли будь-хто з них вважає, що під
загрозою його територіальна цілісність, політична незалежність чи безпека. Попросити може
будь-який союзник; зустріч — це обговорення між союзниками, і вона нікого ні до чого не
зобов’язує.

Джерела: [Північноатлантичний договір]({TREATY}); [НАТО: процес консультацій і
стаття 4]({ARTICLE_4}).""",
            f"""## Вересень 2025 року

Польща попросила про консультації за статтею 4 10 вересня 2025 року, після того як російські
дрони залетіли в її повітряний простір у ніч на 10 вересня. Естонія подала другий запит того
ж місяця, після того як три російські винищувачі МіГ-31 увійшли в її повітряний простір
19 вересня (її запит, як повідомило Reuters). Союзники провели консультації; статтю 5 вони
не застосували.

Джерела: [Polskie Radio]({POLAND_ARTICLE_4}); [ERR News, 19 вересня 2025 року]({ESTONIA_JETS});
[Kyiv Independent]({KYIV_INDEPENDENT}).""",
            f"""## Стаття 5: колективна оборона

Стаття 5 — це положення про взаємну оборону: збройний напад на одного союзника вважається
нападом на всіх. Див. [Стаття 5: пояснення](/uk/explainers/article-5/).

| Порівняння | Стаття 4 | Стаття 5 |
|---|---|---|
| Що її запускає | Союзник відчуває загрозу | Збройний напад на союзника |
| Що відбувається | Консультації | Кожен союзник вживає дій, які вважає необхідними |
| Застосовували | Сім разів до липня 2023 року, за даними НАТО; ще двічі у вересні 2025 року | Один раз, у вересні 2001 року |

Джерела: [НАТО: процес консультацій і стаття 4]({ARTICLE_4}) (сім разів);
[НАТО, 2011]({INVOKED_2011}) (статтю 5 застосовано один раз).""",
        ],
    },
}
