"""Each parser against public agency samples (tests/wire/SOURCES.md) and broken input."""

import codecs
import json
from datetime import UTC, datetime

import pytest

from tests.wire.conftest import sample
from wire.parsing import WireError, parse
from wire.parsing.ninjs import generation
from wire.parsing.safexml import decode


def test_afp_newsml12_english_sample():
    [item] = parse(sample("afp_newsml12_en.xml"))
    assert item.format == "newsml1"
    assert item.uri == "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71"
    assert item.version == "1"
    assert item.provider == "afp.com"
    assert item.headline == "Israel strikes key Hamas targets as UN Security Council to meet"
    assert item.priority == 4
    assert item.language == "en"
    assert item.version_created == datetime(2021, 5, 16, 8, 6, 25, tzinfo=UTC)
    assert item.subjects[0] == {"code": "16000000", "name": ""}
    assert item.body_html.startswith("<p>Israel's army said Sunday")
    assert "<h2>- Media offices destroyed -</h2>" in item.body_html
    # AFP's trailing initials are not part of the story.
    assert "bur-dar-gl/fz" not in item.body_html


def test_afp_newsml12_french_layout_with_photo():
    [item] = parse(sample("afp_newsml12_fr.xml"))
    assert item.headline == "L'inflation ralentit à 1,9 % sur un an en avril"
    assert item.dateline == "Paris, 12 mai 2026 (AFP) -"
    assert item.byline == "Julie Martin"
    assert item.priority == 3
    assert item.copyright_holder == "AFP"
    assert item.usage_terms == "Réservé aux abonnés du service général"
    assert "jm-abc/dch" not in item.body_html
    assert "« Le pic est derrière nous »" in item.body_html
    [picture] = item.pictures
    assert picture.href == "afp-photo-highdef.jpg"  # the best rendition, not the quicklook
    assert picture.credit == "Ludovic MARIN / AFP"
    assert picture.caption == "Des clients dans un supermarché parisien, le 10 mai 2026"
    assert picture.usage_terms == "Usage éditorial uniquement"


def test_newsml12_correction_and_kill_flags():
    corrected = sample("afp_newsml12_fr.xml").replace(b"PAPIER GENERAL", b"RECTIFICATIF")
    assert parse(corrected)[0].signal == "correction"
    replaced = sample("afp_newsml12_fr.xml").replace(b"PAPIER GENERAL", b"ANNULE ET REMPLACE")
    assert parse(replaced)[0].signal == "replace"
    killed = sample("afp_newsml12_fr.xml").replace(b'"Usable"', b'"Canceled"')
    assert parse(killed)[0].pub_status == "canceled"


def test_newsml_g2_text_sample():
    [item] = parse(sample("iptc_g2_text.xml"))
    assert item.format == "newsml-g2"
    assert item.uri == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert item.version == "11"
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.slugline == "US-Finance-Fed"
    assert item.byline == "Meredith Jameson"
    assert item.dateline == "New York, NY"
    assert item.copyright_holder == "Acme News and Media LLC"
    assert item.subjects[0] == {"code": "medtop:04000000", "name": "economy, business and finance"}
    assert item.body_html.count("<p>") == 2


def test_newsml_g2_picture_sample():
    [item] = parse(sample("iptc_g2_picture.xml"))
    assert item.kind == "picture"
    [picture] = item.pictures
    assert picture.href == "./GYI0062134533.jpg"  # rnd:highRes
    assert picture.credit == "Getty Images"
    assert picture.copyright_holder == "Getty Images North America"
    assert picture.usage_terms.startswith("Contact your local office")


def test_newsml_g2_message_groups_pictures_with_their_text():
    items = parse(sample("tt_newsmlg2_message.xml"))
    assert [item.kind for item in items] == ["text"]
    [item] = items
    assert item.headline == 'Jan Guillou skriver på ny "Hamilton"-bok'
    assert item.priority == 3
    assert item.language == "sv"
    [picture] = item.pictures
    assert picture.href.endswith("a001_NormalHires.jpg")
    assert picture.credit == "TT"
    # The figure and the metadata block of TT's HTML stay out of the body.
    assert item.body_html.startswith("<p>Jan Guillou arbetar")


def test_newsml_g2_package_alone_is_refused():
    with pytest.raises(WireError) as refused:
        parse(sample("iptc_g2_package.xml"))
    assert refused.value.code == "package-alone"


def test_nitf_sample():
    [item] = parse(sample("ntb_nitf.xml"))
    assert item.format == "nitf"
    assert item.provider == "NTB"
    assert item.headline == "Pandemien herjer på den legeløse indiske landsbygda"
    assert item.priority == 5
    assert item.language == "nb-NO"
    assert item.subjects[1] == {"code": "07000000", "name": "Medisin og helse"}
    assert item.body_html.startswith("<p>Koronapandemien herjer")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ninjs1_complex.json", 1),
        ("ninjs2_tt_text_image.json", 2),
        ("ninjs2_dpa_text.json", 2),
        ("ninjs2_ap_image.json", 2),
        ("ninjs3_tt_text_image.json", 3),
    ],
)
def test_ninjs_generation_told_by_shape(name, expected):
    assert generation(json.loads(sample(name))) == expected
    assert parse(sample(name))[0].format == f"ninjs{expected}"


def test_ninjs_samples_read_the_same_story_in_2_and_3():
    [two] = parse(sample("ninjs2_tt_text_image.json"))
    [three] = parse(sample("ninjs3_tt_text_image.json"))
    assert two.headline == three.headline == "Militärövning i jätteformat hålls 2023"
    assert two.copyright_holder == three.copyright_holder == "TT"
    assert two.priority == three.priority == 3
    assert (
        [p.credit for p in two.pictures]
        == [p.credit for p in three.pictures]
        == ["Karl Melander/TT"]
    )


def test_ninjs1_sample():
    [item] = parse(sample("ninjs1_complex.json"))
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert item.byline == "Paulo Santalucia and Frances d'Emilio"
    assert len(item.pictures) == 1


def test_ninjs_invalid_against_the_schema_is_refused():
    data = json.loads(sample("ninjs2_tt_text_image.json"))
    data["pubstatus"] = "killed"
    with pytest.raises(WireError) as refused:
        parse(json.dumps(data).encode())
    assert refused.value.code == "schema"
    assert "pubstatus" in refused.value.message


def test_malformed_json_and_xml_are_refused():
    with pytest.raises(WireError) as json_error:
        parse(b'{"uri": "x",')
    assert json_error.value.code == "malformed"
    with pytest.raises(WireError) as xml_error:
        parse(b"<NewsML><NewsItem></NewsML>")
    assert xml_error.value.code == "malformed"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<nitf><head><docdata><doc-id id-string="1" regsrc="AFP"/></docdata></head>
<body><body.content><p>&d;</p></body.content></body></nitf>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><head><docdata><doc-id id-string="1" regsrc="AFP"/></docdata></head>
<body><body.content><p>&secret;</p></body.content></body></nitf>"""


@pytest.mark.parametrize("document", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused(document):
    with pytest.raises(WireError) as refused:
        parse(document)
    assert refused.value.code == "entities"


def test_an_external_dtd_is_never_fetched():
    # The AFP sample names a DTD on afp.com: it parses without any network.
    assert parse(sample("afp_newsml12_fr.xml"))[0].uri.endswith("TX-PAR-ABC12")


def test_encoding_from_bom_declaration_and_fallbacks():
    french = "<p>Élysée : « déjà »</p>"
    assert decode(codecs.BOM_UTF16_LE + french.encode("utf-16-le"))[0] == french
    declared = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + french.encode("latin-1")
    assert decode(declared)[0].endswith(french)
    # Declared Latin-1 but really UTF-8: read as UTF-8, not as mojibake.
    lying = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + french.encode("utf-8")
    assert decode(lying)[0].endswith(french)
    # Nothing declared, not UTF-8: Windows-1252.
    assert decode("« déjà » \u2013 oui".encode("cp1252")) == ("« déjà » \u2013 oui", "cp1252")
    assert decode(b'<meta charset="iso-8859-15"><p>\xa4</p>')[0].endswith("<p>€</p>")


def test_wrong_encoding_is_refused():
    with pytest.raises(WireError) as refused:
        parse(b'<?xml version="1.0" encoding="UTF-8"?><nitf>\x81\x8d</nitf>')
    assert refused.value.code == "encoding"
    with pytest.raises(WireError) as unknown:
        parse(b'<?xml version="1.0" encoding="klingon"?><nitf/>')
    assert unknown.value.code == "encoding"
