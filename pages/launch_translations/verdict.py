"""The launch verdict in every site language, written for the launch English in
status.launch.VERDICT (whole: nothing loads unless all of it is that English)."""

from __future__ import annotations

from django.conf import settings

from status.models import Verdict
from status.translated import VERDICT, VERDICT_FIELDS
from translations.models import LiveTranslation
from translations.services import load_launch_translation
from translations.text import fingerprint

# The English these were written for (status.launch.VERDICT at the time), by fingerprint:
# when the launch English is edited, these stop loading until they are translated anew.
WRITTEN_FOR = {
    "answer": "1ea442a134b2a184",
    "headline": "d39d6e449b787ce7",
    "summary": "579b1033074f918e",
    "outlook": "e5d08e23d7050a32",
}

VERDICTS = {
    "pl": {
        "answer": "Nie",
        "headline": "NATO i Rosja nie są formalnie w stanie wojny, a art. 5 nie został uruchomiony przeciwko Rosji.",
        "summary": "Żadne państwo NATO nie wypowiedziało wojny Rosji, NATO nie wypowiedziało wojny, a klauzula wspólnej obrony Sojuszu (art. 5) nie została uruchomiona w związku z Rosją.\n\nSytuacja pozostaje niestabilna. Europa mierzy się z dronami wlatującymi w przestrzeń powietrzną sojuszników, sabotażem, cyberatakami i eskalacją dyplomatyczną związanymi z wojną Rosji przeciwko Ukrainie. To poważne sprawy i niektórzy przywódcy nazywają je formą konfliktu, ale same w sobie nie oznaczają wojny między NATO a Rosją.",
        "outlook": "Jeśli nastąpi istotna zmiana (na przykład formalne uruchomienie art. 5 lub oficjalne wypowiedzenie wojny przez państwo NATO), zaktualizujemy tę stronę i wyjaśnimy dlaczego.",
    },
    "et": {
        "answer": "Ei",
        "headline": "NATO ja Venemaa vahel ei ole ametlikku sõjaseisukorda ning artiklit 5 ei ole Venemaa vastu käivitatud.",
        "summary": "Ükski NATO liikmesriik ei ole Venemaale sõda kuulutanud, NATO ei ole sõda kuulutanud ning liidu kollektiivkaitse sätet (artikkel 5) ei ole Venemaaga seoses käivitatud.\n\nOlukord on endiselt ebakindel. Euroopa seisab silmitsi liitlaste õhuruumi sisenevate droonide, sabotaaži, küberrünnakute ja diplomaatilise pingega, mis on seotud Venemaa sõjaga Ukraina vastu. Need on tõsised asjad ja mõned juhid nimetavad neid konflikti vormiks, kuid iseenesest ei tähenda need sõda NATO ja Venemaa vahel.",
        "outlook": "Kui toimub oluline muutus (näiteks artikli 5 ametlik käivitamine või NATO liikmesriigi ametlik sõjakuulutus), uuendame seda lehte ja selgitame põhjust.",
    },
    "lv": {
        "answer": "Nē",
        "headline": "Starp NATO un Krieviju nav formāla kara stāvokļa, un 5. pants pret Krieviju nav piemērots.",
        "summary": "Neviena NATO dalībvalsts nav pieteikusi karu Krievijai, NATO nav pieteikusi karu, un alianses kolektīvās aizsardzības klauzula (5. pants) saistībā ar Krieviju nav piemērota.\n\nSituācija joprojām ir nestabila. Eiropa saskaras ar droniem, kas ielido sabiedroto gaisa telpā, sabotāžu, kiberuzbrukumiem un diplomātisku saasinājumu, kas saistīti ar Krievijas karu pret Ukrainu. Tās ir nopietnas lietas, un daži līderi tās sauc par konflikta veidu, taču pašas par sevi tās nenozīmē karu starp NATO un Krieviju.",
        "outlook": "Ja notiks būtiskas pārmaiņas (piemēram, formāla 5. panta piemērošana vai kādas NATO dalībvalsts oficiāla kara pieteikšana), mēs atjaunināsim šo lapu un paskaidrosim, kāpēc.",
    },
    "lt": {
        "answer": "Ne",
        "headline": "Tarp NATO ir Rusijos nėra formalios karo padėties, o 5 straipsnis prieš Rusiją nebuvo taikytas.",
        "summary": "Nė viena NATO narė nepaskelbė karo Rusijai, NATO nepaskelbė karo, o Aljanso kolektyvinės gynybos nuostata (5 straipsnis) Rusijos atžvilgiu nebuvo taikyta.\n\nPadėtis tebėra nepastovi. Europa susiduria su dronais, įskrendančiais į sąjungininkų oro erdvę, sabotažu, kibernetinėmis atakomis ir diplomatine įtampa, susijusiais su Rusijos karu prieš Ukrainą. Tai rimti dalykai, ir kai kurie lyderiai juos vadina konflikto forma, tačiau savaime jie nereiškia karo tarp NATO ir Rusijos.",
        "outlook": "Jei įvyks esminis pokytis (pavyzdžiui, oficialiai pritaikytas 5 straipsnis arba NATO narė oficialiai paskelbs karą), atnaujinsime šį puslapį ir paaiškinsime kodėl.",
    },
    "fi": {
        "answer": "Ei",
        "headline": "Naton ja Venäjän välillä ei ole virallista sotatilaa, eikä artiklaa 5 ole otettu käyttöön Venäjää vastaan.",
        "summary": "Yksikään Nato-maa ei ole julistanut sotaa Venäjälle, Nato ei ole julistanut sotaa, eikä liittokunnan yhteistä puolustusta koskevaa artiklaa 5 ole otettu käyttöön Venäjän vuoksi.\n\nTilanne on yhä epävakaa. Eurooppa kohtaa liittolaisten ilmatilaan tunkeutuvia drooneja, sabotaasia, kyberhyökkäyksiä ja diplomaattista kiristymistä, jotka liittyvät Venäjän sotaan Ukrainaa vastaan. Ne ovat vakavia asioita, ja jotkut johtajat kutsuvat niitä konfliktin muodoksi, mutta ne eivät sellaisinaan ole sotaa Naton ja Venäjän välillä.",
        "outlook": "Jos tilanne muuttuu olennaisesti (esimerkiksi artikla 5 otetaan virallisesti käyttöön tai jokin Nato-maa julistaa virallisesti sodan), päivitämme tämän sivun ja kerromme miksi.",
    },
    "ro": {
        "answer": "Nu",
        "headline": "Între NATO și Rusia nu există o stare de război formală, iar articolul 5 nu a fost invocat împotriva Rusiei.",
        "summary": "Niciun stat membru NATO nu a declarat război Rusiei, NATO nu a declarat război, iar clauza de apărare colectivă a Alianței (articolul 5) nu a fost invocată în legătură cu Rusia.\n\nSituația rămâne instabilă. Europa se confruntă cu drone care pătrund în spațiul aerian aliat, sabotaje, atacuri cibernetice și escaladare diplomatică legate de războiul Rusiei împotriva Ucrainei. Acestea sunt grave, iar unii lideri le numesc o formă de conflict, dar prin ele însele nu înseamnă război între NATO și Rusia.",
        "outlook": "Dacă are loc o schimbare importantă (de exemplu, invocarea formală a articolului 5 sau o declarație oficială de război din partea unui stat NATO), vom actualiza această pagină și vom explica de ce.",
    },
    "uk": {
        "answer": "Ні",
        "headline": "Між НАТО і Росією немає формального стану війни, а статтю 5 не застосовано проти Росії.",
        "summary": "Жодна країна НАТО не оголосила війну Росії, НАТО не оголошувало війну, а положення Альянсу про колективну оборону (стаття 5) не застосовано щодо Росії.\n\nСитуація залишається нестабільною. Європа стикається з дронами, що залітають у повітряний простір союзників, диверсіями, кібератаками та дипломатичною ескалацією, пов’язаними з війною Росії проти України. Це серйозно, і деякі лідери називають це формою конфлікту, але саме по собі це не є війною між НАТО і Росією.",
        "outlook": "Якщо станеться суттєва зміна (наприклад, офіційне застосування статті 5 або офіційне оголошення війни країною НАТО), ми оновимо цю сторінку і пояснимо чому.",
    },
}


def load() -> list[str]:
    """Load each site language's launch verdict the site has no translation of yet."""
    verdict = Verdict.objects.current()
    if verdict is None:
        return []
    english = {
        name: fingerprint(text)[:16]
        for name in VERDICT_FIELDS
        if (text := getattr(verdict, name)).strip()
    }
    if english != WRITTEN_FOR:
        return []  # not the English these translate: readers get it in English, with the line
    created = []
    for code in settings.SITE_LANGUAGES:
        texts = VERDICTS.get(code)
        if (
            texts is None
            or LiveTranslation.objects.filter(
                kind=VERDICT, object_id=verdict.pk, language=code
            ).exists()
        ):
            continue
        if load_launch_translation(kind=VERDICT, object_id=verdict.pk, language=code, texts=texts):
            created.append(f"verdict ({code}, not yet reviewed)")
    return created
