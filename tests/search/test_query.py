from search import analysis
from search.query import Query, parse


def test_fold_lowers_opens_ligatures_and_drops_accents():
    assert analysis.fold("Œuvre d’ÉLISE, Ægée, straße") == "oeuvre d’elise, aegee, strasse"


def test_terms_drop_elided_articles_and_stem():
    assert analysis.terms("L'Élysée investit 5 milliards d'euros, qu'il dit") == [
        "elyse",
        "invest",
        "5",
        "milliard",
        "euros",
        "dit",
    ]


def test_stems_meet_across_forms():
    assert {analysis.stem(w) for w in ("investir", "investit", "investissement")} == {"invest"}


def test_term_of_a_written_word_is_its_folded_stem_or_none_for_a_stop_word():
    assert [analysis.term(w) for w in ("Investissements", "Élysée", "Qu", "DES", "œuvres")] == [
        "invest",
        "elyse",
        None,
        None,
        "oeuvr",
    ]


def test_parse_words_phrases_and_exclusions():
    assert parse('Élysée "budget de rigueur" -2019 -"loi de finances"') == Query(
        required=(("elysee",), ("budget", "de", "rigueur")),
        excluded=(("2019",), ("loi", "de", "finances")),
    )


def test_parse_splits_hyphens_elisions_and_numbers_into_phrases():
    assert parse("porte-parole l'intelligence 1,9").required == (
        ("porte", "parole"),
        ("l", "intelligence"),
        ("1", "9"),
    )


def test_parse_drops_stop_words_alone_and_empty_query():
    assert parse("le la de") == Query()
    assert not parse("le la de")
    assert not parse('-chine ""')  # exclusions alone find nothing
    assert parse('"unclosed phrase').required == (("unclosed", "phrase"),)


def test_parse_keeps_no_query_syntax():
    query = parse('a:* & (b | !c) <-> "d" NEAR(e) *f -')
    words = [word for phrase in query.required + query.excluded for word in phrase]
    assert all(word.isalnum() for word in words)


def test_parse_caps_the_number_of_parts():
    assert len(parse(" ".join(f"mot{i}" for i in range(50))).required) == 12


def test_prefix_applies_to_a_last_word_being_typed():
    assert parse("réforme retrai", prefix=True).prefix_word() == "retrai"
    assert parse("réforme retrai ", prefix=True).prefix_word() is None
    assert parse('"réforme retrai"', prefix=True).prefix_word() is None
    assert parse("retrai -chine", prefix=True).prefix_word() is None
    assert parse("retrai").prefix_word() is None


def test_stems_leave_stop_words_out():
    assert parse("l'investissement de l'État").stems == frozenset({"invest", "etat"})
