"""The know-your-rights content: the facts a reader's safety depends on are on the page in
both languages, twins match, and nothing is invented (no phone number typed by hand)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from conftest import LANGS, ROOT, doc_pages

DOCS = ROOT / "docs"

# Phone numbers a page may write by hand: public lines from the fact base. Every number of
# the affiliate comes from the data file through a macro.
PUBLIC_NUMBERS = {"1-800-898-7180"}

# page: [(English text, Spanish text), ...] that must appear verbatim in the built page.
SAFETY_FACTS: dict[str, list[tuple[str, str]]] = {
    "index.md": [
        ("Do not open the door.", "No abra la puerta."),
        ("Do not sign anything.", "No firme nada."),
    ],
    "know-your-rights/index.md": [
        (
            "comes from a federal or state court, is signed by a judge of that court, and names "
            "your address",
            "venga de una corte federal o estatal, esté firmado por un juez de esa corte y tenga "
            "su dirección",
        ),
        (
            "An immigration judge's deportation order is not one.",
            "La orden de deportación de un juez de inmigración no lo es.",
        ),
        (
            "the law says you must carry proof that you are registered",
            "la ley dice que debe llevar con usted una prueba de que está registrado",
        ),
    ],
    "know-your-rights/at-home.md": [
        ("Do not open the door.", "No abra la puerta."),
        (
            "Everyone in the home has the right to stay silent.",
            "Todas las personas de la casa tienen derecho a guardar silencio.",
        ),
        ("I do not consent to your entry or to a search.",) * 2,
        (
            "An immigration judge's deportation order is not a warrant.",
            "La orden de deportación de un juez de inmigración no es una orden judicial.",
        ),
        ("Real agents never ask for money.", "Los agentes de verdad nunca piden dinero."),
        ("call 911 or the local police", "llame al 911 o a la policía local"),
    ],
    "know-your-rights/warrants.md": [
        (
            "signed by a judge or a magistrate judge of that court",
            "la firma un juez o un juez magistrado de esa corte",
        ),
        ("An immigration court does not count.", "Una corte de inmigración no cuenta."),
        (
            "An immigration judge's order is not a warrant",
            "La orden de un juez de inmigración no es una orden judicial",
        ),
        (
            "Form I-205 is an immigration officer's order to carry out a deportation.",
            "El formulario I-205 es una orden de un oficial de ICE para llevar a cabo una "
            "deportación.",
        ),
        (
            "signed by an immigration officer, not a judge",
            "la firma un oficial de inmigración, no un juez",
        ),
        ("I-200", "I-200"),
        ("I-205", "I-205"),
        ("If agents force their way in, do not resist.", "Si entran a la fuerza, no se resista"),
    ],
    "know-your-rights/in-public.md": [
        ('"Am I free to leave?"', '"Am I free to leave?"'),
        (
            "No federal law says you must tell ICE your name",
            "Ninguna ley federal dice que usted deba darle su nombre a ICE",
        ),
        ("Do not hand over papers from another country", "No entregue papeles de otro país"),
        (
            "only if they have a real reason to think you have a weapon",
            "solo si tienen una razón real para creer que usted lleva un arma",
        ),
        (
            "If you are 18 or older and not a U.S. citizen",
            "Si tiene 18 años o más y no es ciudadano de EE. UU.",
        ),
        ("Real agents never ask you for money.", "Los agentes de verdad nunca le piden dinero."),
    ],
    "know-your-rights/in-a-car.md": [
        ("proof of insurance", "comprobante de seguro"),
        (
            "Whether a passenger must show ID depends on the state.",
            "Depende del estado si un pasajero tiene que mostrar una identificación.",
        ),
        ('"I do not consent to a search."', "(No doy mi consentimiento para un registro.)"),
    ],
    "know-your-rights/at-work.md": [
        (
            "Agents need a judicial warrant or the employer's consent",
            "los agentes necesitan una orden judicial o el permiso del empleador",
        ),
        ("I-9", "I-9"),
        ("Never lie and never show false papers", "Nunca mienta y nunca muestre papeles falsos"),
        ("the dining area where customers eat", "el área donde comen los clientes"),
        ("Real agents never ask you for money.", "Los agentes de verdad nunca le piden dinero."),
    ],
    "know-your-rights/at-school.md": [
        ("Plyler v. Doe", "Plyler v. Doe"),
        ("FERPA", "FERPA"),
        ("It is no longer in force", "Ya no está vigente"),
        ("Social Security number", "número de Seguro Social"),
        ("only if it says that giving one is voluntary", "solo si dice que darlo es voluntario"),
        ("Ask the school for the opt-out form.", "Pida a la escuela el formulario para negarse"),
    ],
    "know-your-rights/at-court.md": [
        ("expedited removal", "expedited removal"),
        ("in absentia", "in absentia"),
        ("1-800-898-7180", "1-800-898-7180"),
        ("you have only 10 days to appeal", "usted tiene solo 10 días para apelar"),
        ("Call a lawyer the same day.", "Llame a un abogado el mismo día."),
        ("acis.eoir.justice.gov", "acis.eoir.justice.gov"),
        ("Never carry the originals", "Nunca lleve los originales"),
    ],
    "know-your-rights/if-detained.md": [
        ("locator.ice.gov", "locator.ice.gov"),
        ("does not list anyone under 18", "no muestra a menores de 18 años"),
        (
            "Calls from detention may be recorded",
            "Pueden grabar las llamadas que se hacen desde el centro de detención",
        ),
        ("There is no free government lawyer", "el gobierno no le da un abogado gratis"),
        (
            "Habeas corpus is a petition to a federal court to review the detention.",
            "El hábeas corpus es una petición a una corte federal para revisar la detención.",
        ),
        ("The locator is not reliable.", "El localizador no es confiable"),
        ('"I am afraid to be sent to any other country."',) * 2,
    ],
    "know-your-rights/check-ins.md": [
        (
            "Talk to a lawyer before any appointment with immigration.",
            "Hable con un abogado antes de cualquier cita de inmigración.",
        ),
        (
            "Carry copies of your papers, not the originals.",
            "Lleve copias de sus papeles, no los originales.",
        ),
    ],
    "know-your-rights/registration.md": [
        ("Form G-325R", "formulario G-325R"),
        (
            "If you are 18 or older, carry proof of registration at all times.",
            "Si tiene 18 años o más, lleve siempre la prueba de su registro.",
        ),
        ("Talk to a lawyer before you register", "Hable con un abogado antes de registrarse"),
        ("Never carry false papers.", "Nunca lleve papeles falsos."),
    ],
    "know-your-rights/leaving-the-us.md": [
        (
            "Talk to a lawyer before you sign anything or leave.",
            "Hable con un abogado antes de firmar algo o de irse.",
        ),
        ("It is not the same as CBP Home.", "No es lo mismo que CBP Home."),
        ('"I am afraid to be sent to any other country."',) * 2,
    ],
    "know-your-rights/bystanders.md": [
        ("The First Amendment protects this right", "La Primera Enmienda protege este derecho"),
        ("You do not have to unlock your phone", "No tiene que desbloquear su teléfono"),
        ("Do not block agents with your body.", "No bloquee a los agentes con su cuerpo."),
        ("about 130 Americans arrested", "unos 130 ciudadanos de EE. UU. arrestados"),
        ("shot and killed two U.S. citizens", "mataron a tiros a dos ciudadanos de EE. UU."),
    ],
    "know-your-rights/avoid-fraud.md": [
        (
            'a "notario" or notary public is not a lawyer',
            'un "notario" o notary public no es abogado',
        ),
        (
            "Do not sign anything without talking to a lawyer.",
            "No firme nada sin hablar con un abogado.",
        ),
    ],
    "know-your-rights/rumors.md": [
        ("kept people home from work and school", "no fuera al trabajo ni a la escuela"),
        ("If you do not know, do not share it.", "Si no lo sabe, no lo comparta."),
    ],
    "red-card/index.md": [
        (
            "I will not open the door unless you show me a warrant signed by a federal or "
            "state judge.",
        )
        * 2,
        (
            "I do not consent to your entry or to a search.",
            "No doy mi consentimiento para que entren ni para un registro.",
        ),
        ("I want to speak to a lawyer.",) * 2,
        ("3.5 by 2 inches", "3.5 por 2 pulgadas"),
    ],
    "family-plan/index.md": [
        ("at least two adults you trust", "por lo menos a dos adultos de confianza"),
        (
            "A signed G-28 lets your lawyer act quickly",
            "Con un G-28 firmado, su abogado puede actuar rápido",
        ),
        ("A bond can cost thousands of dollars", "Una fianza puede costar miles de dólares"),
        (
            "Children born in the U.S. are U.S. citizens.",
            "Los niños nacidos en EE. UU. son ciudadanos de EE. UU.",
        ),
        ("EOIR-28", "EOIR-28"),
        ("a notary public only stamps your signature", "un notario público solo certifica firmas"),
        ("Do not count on bond.", "No cuente con la fianza."),
    ],
    "family-plan/form.md": [
        (
            "What you type is not saved or sent anywhere.",
            "Lo que escriba no se guarda ni se envía a ninguna parte.",
        ),
    ],
    "schools/index.md": [
        ("Plyler v. Doe", "Plyler v. Doe"),
        ("FERPA", "FERPA"),
        ("It is no longer in force.", "ya no está vigente."),
        ("Do not block agents with your body.", "No bloquee a los agentes con su cuerpo."),
    ],
    "campus/index.md": [
        ("has no legal definition", "no tiene una definición legal"),
        ("It does not shield anyone from federal law.", "No protege a nadie de la ley federal."),
    ],
    "sanctuary/index.md": [
        (
            "Local government still complies with a federal judicial warrant.",
            "El gobierno local sigue cumpliendo una orden judicial federal.",
        ),
        (
            "Federal law lets a locality decline it",
            "La ley federal permite que la autoridad local la rechace",
        ),
        (
            "Texas SB 4 (2017) makes local jails honor ICE detainers",
            "obliga a las cárceles locales a cumplir las solicitudes de retención de ICE",
        ),
        (
            "Do not tell a council or a legislator that such bills always fail.",
            "No le diga a un concejo ni a un legislador que estos proyectos siempre fracasan.",
        ),
    ],
    "rapid-response/index.md": [
        (
            "Send at least two attorneys to the nearest ICE holding facility.",
            "Envíe al menos dos abogados al centro de detención de ICE más cercano.",
        ),
    ],
    "letters/city-council.md": [
        (
            "The city would still comply with any federal judicial warrant.",
            "La ciudad seguiría cumpliendo toda orden judicial federal.",
        ),
        ("8 U.S.C. 1373", "8 U.S.C. 1373"),
        (
            "Federal law does not require a city to honor these requests.",
            "La ley federal no obliga a una ciudad a cumplir estas solicitudes.",
        ),
    ],
    "letters/school-board.md": [
        ("Plyler v. Doe", "Plyler v. Doe"),
        ("was rescinded in January 2025", "fue revocada en enero de 2025"),
        ('"directory information"', '"información de directorio"'),
    ],
    "letters/employer.md": [
        (
            "Private areas need a judicial warrant or the employer's consent.",
            "necesitan una orden judicial o el permiso del empleador.",
        ),
        ("No adverse action.", "Ninguna represalia."),
    ],
    "letters/ice-field-office.md": [
        (
            "Give the union's attorneys immediate access to every detained worker.",
            "Dé a los abogados del sindicato acceso inmediato a cada trabajador detenido.",
        ),
    ],
    "letters/campus.md": [
        (
            "No immigration agents on campus without a judicial warrant.",
            "Ningún agente de inmigración en el campus sin una orden judicial.",
        ),
    ],
    "local-help/index.md": [
        ("Legal aid", "Ayuda legal"),
        ("ICE field office", "Oficina local de ICE"),
    ],
    "workshops/facilitator-guide.md": [
        (
            "No sign-in sheet with names or status.",
            "Ninguna hoja de registro con nombres o estatus.",
        ),
        ("Only a lawyer can answer it.", "Solo un abogado puede contestarla."),
    ],
    "workshops/agendas.md": [
        (
            "An immigration judge's deportation order is not a warrant to enter a home.",
            "Una orden final de deportación de un juez de inmigración no es una orden para "
            "entrar a su casa.",
        ),
        (
            "A judicial warrant comes from a federal or state court, not an immigration court.",
            "Una orden judicial viene de una corte federal o estatal, no de una corte de "
            "inmigración.",
        ),
    ],
    "workshops/quiz.md": [
        (
            "signed by a judge of that court, with your address",
            "firmada por un juez de esa corte, con su dirección",
        ),
        (
            "An immigration judge's order is not a warrant.",
            "La orden de un juez de inmigración no es una orden judicial.",
        ),
        ("Every child has the right to a free public school.", "Plyler v. Doe"),
    ],
    "workshops/five-things.md": [
        (
            "comes from a federal or state court, is signed by a judge of that court, and names "
            "your address",
            "venga de una corte federal o estatal, esté firmado por un juez de esa corte y tenga "
            "su dirección",
        ),
        ("I do not consent to your entry or to a search.",) * 2,
    ],
    "workshops/scenarios.md": [
        (
            "Is it from a federal or state court, not an immigration court?",
            "¿Viene de una corte federal o estatal, y no de una corte de inmigración?",
        ),
        (
            "calls from detention may be recorded",
            "pueden grabar las llamadas que se hacen desde el centro de detención",
        ),
    ],
    "about.md": [
        ("not legal advice", "no asesoría legal"),
        (
            "We never make up a fact, a form or a phone number.",
            "Nunca inventamos un dato, un formulario ni un número de teléfono.",
        ),
    ],
}


def _article(site, page: str, lang: str) -> str:
    path = page.removesuffix(".md").removesuffix("index")
    html = (site / LANGS[lang] / path / "index.html").read_text()
    return html[html.index("<article") : html.index("</article>")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&quot;", '"')


@pytest.mark.parametrize("page", sorted(SAFETY_FACTS))
def test_safety_facts_are_on_the_page_in_both_languages(example_site, page):
    english = _text(_article(example_site, page, "en"))
    spanish = _text(_article(example_site, page, "es"))
    for fact_en, fact_es in SAFETY_FACTS[page]:
        assert fact_en in english, f"{page} (en): {fact_en!r}"
        assert fact_es in spanish, f"{page} (es): {fact_es!r}"


class _Counts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts = {"headings": 0, "lists": 0, "list items": 0, "links": 0, "blocks": 0}

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if re.fullmatch(r"h[1-6]", tag):
            self.counts["headings"] += 1
        elif tag in ("ul", "ol"):
            self.counts["lists"] += 1
        elif tag == "li":
            self.counts["list items"] += 1
        elif tag == "a" and "headerlink" not in classes:
            self.counts["links"] += 1
        elif "admonition" in classes:
            self.counts["blocks"] += 1


@pytest.mark.parametrize("page", doc_pages("en"))
def test_twins_have_the_same_headings_lists_and_links(example_site, page):
    counts = {}
    for lang in ("en", "es"):
        parser = _Counts()
        parser.feed(_article(example_site, page, lang))
        counts[lang] = parser.counts
    assert counts["en"] == counts["es"], page


def test_no_phone_number_is_typed_by_hand():
    number = re.compile(r"(?<![\w-])(?:\+?1[ .-])?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
    for lang in ("en", "es"):
        for page in doc_pages(lang):
            found = set(number.findall((DOCS / lang / page).read_text())) - PUBLIC_NUMBERS
            assert not found, f"docs/{lang}/{page}: {found} (use the hotline and contacts macros)"


def test_the_rescinded_protected_areas_policy_is_never_described_as_current():
    for lang, words, rescinded in (
        ("en", r"protected areas|sensitive locations", r"rescind|cancel|no longer"),
        ("es", r"zonas protegidas|lugares sensibles|áreas protegidas", r"anul|revoc|elimin|cancel"),
    ):
        for page in doc_pages(lang):
            text = (DOCS / lang / page).read_text()
            if re.search(words, text, re.I):
                assert re.search(rescinded, text, re.I), f"docs/{lang}/{page}"


@pytest.mark.parametrize("svg", sorted(DOCS.rglob("*.svg")), ids=lambda p: str(p.relative_to(DOCS)))
def test_drawings_are_self_contained_and_labelled(svg):
    text = svg.read_text()
    assert len(text.encode()) < 6 * 1024
    root = ElementTree.fromstring(text)  # noqa: S314 (our own files)
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{namespace}title") is not None and root.find(f"{namespace}desc") is not None
    assert "<script" not in text and "href" not in text and "url(" not in text
