"""The launch triggers (status.launch.INDICATORS of kind "trigger") in every site
language, written for the launch English named by WRITTEN_FOR's fingerprints."""

from __future__ import annotations

# {indicator key: {field: the start of the fingerprint of the English it translates}}
WRITTEN_FOR = {
    "article-5": {
        "name": "5e6ed2ae86af39f4",
        "state_label": "1ea442a134b2a184",
        "note": "bda3e0ef96a4082d",
    },
    "declaration-of-war": {
        "name": "4b6dd14978936f05",
        "state_label": "1ea442a134b2a184",
        "note": "3d40aefe7359424a",
    },
}

TRIGGERS = {
    "pl": {
        "article-5": {
            "name": "Uruchomienie art. 5",
            "state_label": "Nie",
            "note": "Art. 5 został uruchomiony tylko raz: 12 września 2001 r., po atakach na "
            "Stany Zjednoczone. Nie został uruchomiony w związku z Rosją.",
        },
        "declaration-of-war": {
            "name": "Formalne wypowiedzenie wojny przez państwo NATO",
            "state_label": "Nie",
            "note": "Nie odnotowano wypowiedzenia wojny Rosji przez państwo NATO ani "
            "wypowiedzenia wojny NATO lub państwu członkowskiemu przez Rosję. Rzecznik Kremla "
            "stwierdził we wrześniu 2025 r., że NATO jest w stanie wojny z Rosją, ponieważ "
            "wspiera Ukrainę: to twierdzenie, a nie wypowiedzenie wojny.",
        },
    },
    "et": {
        "article-5": {
            "name": "Artikli 5 käivitamine",
            "state_label": "Ei",
            "note": "Artiklit 5 on käivitatud vaid korra: 12. septembril 2001 pärast "
            "rünnakuid Ameerika Ühendriikidele. Venemaaga seoses ei ole seda käivitatud.",
        },
        "declaration-of-war": {
            "name": "NATO liikmesriigi ametlik sõjakuulutus",
            "state_label": "Ei",
            "note": "Teateid ei ole ühegi NATO liikmesriigi sõjakuulutusest Venemaale ega "
            "Venemaa sõjakuulutusest NATO-le või mõnele liikmesriigile. Kremli pressiesindaja "
            "ütles 2025. aasta septembris, et NATO on Venemaaga sõjas, sest toetab Ukrainat: "
            "see on väide, mitte sõjakuulutus.",
        },
    },
    "lv": {
        "article-5": {
            "name": "5. panta piemērošana",
            "state_label": "Nē",
            "note": "5. pants ir piemērots tikai vienu reizi: 2001. gada 12. septembrī pēc "
            "uzbrukumiem Amerikas Savienotajām Valstīm. Saistībā ar Krieviju tas nav piemērots.",
        },
        "declaration-of-war": {
            "name": "NATO dalībvalsts formāla kara pieteikšana",
            "state_label": "Nē",
            "note": "Nav ziņots, ka kāda NATO dalībvalsts būtu pieteikusi karu Krievijai vai "
            "Krievija būtu pieteikusi karu NATO vai kādai dalībvalstij. Kremļa preses sekretārs "
            "2025. gada septembrī sacīja, ka NATO karo ar Krieviju, jo atbalsta Ukrainu: tas ir "
            "apgalvojums, nevis kara pieteikums.",
        },
    },
    "lt": {
        "article-5": {
            "name": "5 straipsnio taikymas",
            "state_label": "Ne",
            "note": "5 straipsnis buvo taikytas tik kartą: 2001 m. rugsėjo 12 d., po išpuolių "
            "prieš Jungtines Valstijas. Rusijos atžvilgiu jis nebuvo taikytas.",
        },
        "declaration-of-war": {
            "name": "Oficialus NATO narės karo paskelbimas",
            "state_label": "Ne",
            "note": "Nepranešta, kad kuri nors NATO narė būtų paskelbusi karą Rusijai arba "
            "Rusija – NATO ar kuriai nors jo narei. Kremliaus atstovas spaudai 2025 m. rugsėjį "
            "pareiškė, kad NATO kariauja su Rusija, nes remia Ukrainą: tai teiginys, o ne karo "
            "paskelbimas.",
        },
    },
    "fi": {
        "article-5": {
            "name": "Artikla 5 otettu käyttöön",
            "state_label": "Ei",
            "note": "Artikla 5 on otettu käyttöön vain kerran: 12. syyskuuta 2001 "
            "Yhdysvaltoihin tehtyjen iskujen jälkeen. Sitä ei ole otettu käyttöön Venäjän "
            "vuoksi.",
        },
        "declaration-of-war": {
            "name": "Nato-maan virallinen sodanjulistus",
            "state_label": "Ei",
            "note": "Yhdenkään Nato-maan sodanjulistuksesta Venäjälle tai Venäjän "
            "sodanjulistuksesta Natolle tai sen jäsenmaalle ei ole raportoitu. Kremlin "
            "tiedottaja sanoi syyskuussa 2025, että Nato on sodassa Venäjän kanssa, koska se "
            "tukee Ukrainaa: se on väite, ei sodanjulistus.",
        },
    },
    "ro": {
        "article-5": {
            "name": "Invocarea articolului 5",
            "state_label": "Nu",
            "note": "Articolul 5 a fost invocat o singură dată: pe 12 septembrie 2001, după "
            "atacurile asupra Statelor Unite. Nu a fost invocat în legătură cu Rusia.",
        },
        "declaration-of-war": {
            "name": "Declarație formală de război a unui stat NATO",
            "state_label": "Nu",
            "note": "Nu a fost raportată nicio declarație de război a unui stat NATO împotriva "
            "Rusiei și nici a Rusiei împotriva NATO sau a unui stat membru. Purtătorul de "
            "cuvânt al Kremlinului a spus în septembrie 2025 că NATO este în război cu Rusia "
            "pentru că sprijină Ucraina: o afirmație, nu o declarație de război.",
        },
    },
    "uk": {
        "article-5": {
            "name": "Застосування статті 5",
            "state_label": "Ні",
            "note": "Статтю 5 застосовували лише один раз: 12 вересня 2001 року, після "
            "терактів проти Сполучених Штатів. Щодо Росії її не застосовували.",
        },
        "declaration-of-war": {
            "name": "Офіційне оголошення війни країною НАТО",
            "state_label": "Ні",
            "note": "Не повідомлялося ні про оголошення війни Росії жодною країною НАТО, ні "
            "про оголошення Росією війни НАТО чи країні-члену. Речник Кремля заявив у вересні "
            "2025 року, що НАТО воює з Росією, бо підтримує Україну: це твердження, а не "
            "оголошення війни.",
        },
    },
}
