"""The know-your-rights content: the facts a reader's safety depends on are on the page in
both languages, twins match, and nothing is invented (no phone number typed by hand)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from conftest import ROOT, doc_pages

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
        ("(note of 2026-11-23)", "(nota del 2026-11-23)"),
        ("Form I-205 and a final deportation order", "I-205 y una orden de deportación final"),
        ("signed by a judge", "firmada por un juez"),
    ],
    "know-your-rights/at-home.md": [
        ("Do not open the door.", "No abra la puerta."),
        (
            "Everyone in the home has the right to stay silent.",
            "Todas las personas de la casa tienen derecho a guardar silencio.",
        ),
        ("I do not consent to your entry or search.", "I do not consent to your entry or search."),
        ("(note of 2026-11-23)", "(nota del 2026-11-23)"),
    ],
    "know-your-rights/warrants.md": [
        ("signed by a judge or a magistrate", "la firma un juez o un magistrado"),
        (
            "signed by an immigration officer, not a judge",
            "la firma un oficial de inmigración, no un juez",
        ),
        ("I-200", "I-200"),
        ("I-205", "I-205"),
        (
            "If agents force their way in, do not resist.",
            "Si los agentes entran a la fuerza, no se resista.",
        ),
        ("(note of 2026-11-23)", "(nota del 2026-11-23)"),
    ],
    "know-your-rights/in-public.md": [
        ('"Am I free to leave?"', '"Am I free to leave?"'),
        (
            "No federal law says you must tell ICE your name",
            "Ninguna ley federal dice que usted deba darle su nombre a ICE",
        ),
        ("Do not hand over papers from another country", "No entregue papeles de otro país"),
    ],
    "know-your-rights/in-a-car.md": [
        ("proof of insurance", "comprobante de seguro"),
        (
            "Whether a passenger must show ID depends on the state.",
            "Si un pasajero debe mostrar una identificación o no depende del estado.",
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
    ],
    "know-your-rights/at-school.md": [
        ("Plyler v. Doe", "Plyler v. Doe"),
        ("FERPA", "FERPA"),
        ("It is no longer in force", "Ya no está vigente"),
        ("Social Security number", "número de Seguro Social"),
    ],
    "know-your-rights/at-court.md": [
        ("expedited removal", "expedited removal"),
        ("in absentia", "in absentia"),
        ("1-800-898-7180", "1-800-898-7180"),
        ("You have 30 days to appeal", "Tiene 30 días para apelar"),
        ("Never carry the originals", "Nunca lleve los originales"),
    ],
    "know-your-rights/if-detained.md": [
        ("locator.ice.gov", "locator.ice.gov"),
        ("does not list anyone under 18", "no muestra a menores de 18 años"),
        (
            "Calls from detention may be recorded",
            "Las llamadas desde la detención pueden ser grabadas",
        ),
        ("There is no free government lawyer", "el gobierno no le da un abogado gratis"),
    ],
    "know-your-rights/bystanders.md": [
        ("The First Amendment protects this right", "La Primera Enmienda protege este derecho"),
        ("You do not have to unlock your phone", "No tiene que desbloquear su teléfono"),
        ("Do not block agents with your body.", "No bloquee a los agentes con su cuerpo."),
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
        ("I will not open the door unless you show a warrant signed by a judge.",) * 2,
        ("I do not consent to a search.", "No doy mi consentimiento para un registro."),
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
        ("(note of 2026-11-23)", "(nota del 2026-11-23)"),
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
        ("A locality may legally decline it.", "La autoridad local puede rechazarla legalmente."),
        ("(note of 2026-11-23)", "(nota del 2026-11-23)"),
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
    ],
    "letters/school-board.md": [
        ("Plyler v. Doe", "Plyler v. Doe"),
        ("was rescinded in January 2025", "fue revocada en enero de 2025"),
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
            "This rule is disputed (note of 2026-11-23)",
            "Esta regla está en disputa (nota del 2026-11-23)",
        ),
    ],
    "workshops/quiz.md": [
        ("An ICE memo disputes this rule (note of 2026-11-23)", "(nota del 2026-11-23)"),
        ("Every child has the right to a free public school.", "Plyler v. Doe"),
    ],
    "workshops/scenarios.md": [
        ("was cancelled in January 2025", "se anuló en enero de 2025"),
        (
            "calls from detention may be recorded",
            "las llamadas desde la detención pueden ser grabadas",
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
    html = (site / ("es/" if lang == "es" else "") / path / "index.html").read_text()
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
