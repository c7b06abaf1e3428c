"""
A small French newspaper for the search tests, and the relevance set: queries
readers type, each with the stories it must return among its first five results.
Ages are in days before ``NOW``; every story is published unless said otherwise.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    lead: str
    body: str
    section: str
    days: float
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """``q`` (and the page's other parameters) must return ``top`` in its first five."""

    q: str
    top: tuple[str, ...]
    first: str = ""  # the one that must come first
    absent: tuple[str, ...] = ()  # stories it must not return at all
    params: dict = field(default_factory=dict)
    why: str = ""


STORIES = [
    Story(
        "elysee-budget",
        "L'Élysée présente un budget de rigueur",
        "Le président de la République veut ramener le déficit à 3 % dès 2027.",
        "<p>Le gouvernement prévoit 5 milliards d'euros d'économies sur les dépenses de "
        "l'État.</p><p>Les ministères devront réduire leurs effectifs.</p>",
        "politique",
        0.1,
        topics=("Budget",),
        authors=("Claire Martin",),
    ),
    Story(
        "elysee-budget-2019",
        "L'Élysée présente un budget de rigueur",
        "En 2019, le président de la République voulait déjà ramener le déficit à 3 %.",
        "<p>Le gouvernement prévoyait alors des économies sur les dépenses de l'État.</p>",
        "politique",
        2500,
        topics=("Budget",),
    ),
    Story(
        "senat-budget",
        "Le Sénat adopte le projet de loi de finances",
        "Les sénateurs ont voté le texte après deux semaines de débats.",
        "<p>La commission mixte paritaire se réunira la semaine prochaine.</p>",
        "politique",
        20,
        topics=("Budget",),
        authors=("Hugo Lefèvre",),
    ),
    Story(
        "ia-entreprises",
        "Les entreprises accélèrent leurs investissements",
        "Les PME consacrent une part croissante de leur budget à l'intelligence "
        "artificielle : les dépenses d'IA progressent de 40 %.",
        "<p>Selon plusieurs études, les grandes entreprises ouvrent la voie.</p>",
        "economie",
        3,
        topics=("Intelligence artificielle",),
    ),
    Story(
        "ia-ecole",
        "L'IA entre à l'école",
        "Des outils d'intelligence artificielle sont testés dans deux cents collèges.",
        "<p>Les enseignants restent partagés sur leur usage en classe.</p>",
        "societe",
        5,
        topics=("Intelligence artificielle", "Éducation"),
    ),
    Story(
        "ia-chine",
        "L'intelligence artificielle chinoise rattrape son retard",
        "Pékin multiplie les modèles de langue et les centres de calcul.",
        "<p>La Chine forme des dizaines de milliers d'ingénieurs chaque année.</p>",
        "international",
        4,
        topics=("Intelligence artificielle", "Chine"),
    ),
    Story(
        "ia-generative",
        "Qu'est-ce que l'IA générative ?",
        "Textes, images, sons : comment fonctionnent ces modèles.",
        "<p>Un modèle apprend à prédire la suite d'un texte à partir d'exemples.</p>",
        "sciences",
        30,
        topics=("Intelligence artificielle",),
    ),
    Story(
        "investir-bourse",
        "Investir en Bourse : les conseils pour débuter",
        "Diversifier, penser au long terme et se méfier des frais.",
        "<p>Un plan d'épargne en actions reste l'enveloppe la plus simple.</p>",
        "economie",
        12,
    ),
    Story(
        "hydrogene",
        "Le gouvernement investit 2 milliards dans l'hydrogène",
        "Un plan pour décarboner l'industrie lourde d'ici à 2035.",
        "<p>Les aciéries et les cimenteries seront les premières concernées.</p>",
        "economie",
        8,
        topics=("Énergie",),
    ),
    Story(
        "louvre-oeuvre",
        "Le Louvre restaure une œuvre de Léonard de Vinci",
        "La restauration de la toile durera dix-huit mois.",
        "<p>Les visiteurs pourront suivre le chantier derrière une vitre.</p>",
        "culture",
        15,
        topics=("Musées",),
    ),
    Story(
        "prix-oeufs",
        "Le prix des œufs flambe",
        "La grippe aviaire a réduit la production dans plusieurs régions.",
        "<p>Les éleveurs réclament des aides de l'État.</p>",
        "economie",
        6,
    ),
    Story(
        "porte-parole",
        "La porte-parole du gouvernement défend la réforme des retraites",
        "Elle promet des aménagements pour les carrières longues.",
        "<p>Les syndicats appellent à une nouvelle journée de mobilisation.</p>",
        "politique",
        2,
        topics=("Retraites",),
    ),
    Story(
        "retraites-manifestation",
        "Des milliers de manifestants à Paris",
        "La mobilisation contre la réforme des retraites ne faiblit pas.",
        "<p>Le cortège a rejoint la place de la Nation en fin d'après-midi.</p>",
        "societe",
        1,
        topics=("Retraites",),
    ),
    Story(
        "nucleaire",
        "EDF relance la construction de six réacteurs nucléaires",
        "Un programme de 52 milliards d'euros, le plus important depuis les années 1980.",
        "<p>Les premiers chantiers ouvriront en Normandie.</p>",
        "economie",
        40,
        topics=("Énergie",),
    ),
    Story(
        "eolien",
        "L'éolien en mer prend de l'ampleur en Bretagne",
        "Un nouveau parc de soixante turbines entre en service au large de Saint-Brieuc.",
        "<p>Les pêcheurs restent inquiets pour leurs zones de pêche.</p>",
        "economie",
        25,
        topics=("Énergie",),
    ),
    Story(
        "inflation",
        "L'inflation ralentit à 1,9 % en novembre",
        "Les prix de l'énergie reculent pour le troisième mois consécutif.",
        "<p>Les prix alimentaires restent toutefois élevés.</p>",
        "economie",
        9,
        topics=("Conjoncture",),
    ),
    Story(
        "chomage",
        "Le chômage repart à la hausse au troisième trimestre",
        "Le taux de chômage atteint 7,6 % de la population active.",
        "<p>Les jeunes sont les premiers touchés.</p>",
        "economie",
        11,
        topics=("Conjoncture",),
    ),
    Story(
        "sncf-greve",
        "Grève à la SNCF : le trafic fortement perturbé",
        "Un TGV sur deux circulera jeudi, selon la direction.",
        "<p>Les contrôleurs réclament une hausse des salaires.</p>",
        "societe",
        7,
        topics=("Transports",),
    ),
    Story(
        "jeux-olympiques",
        "Jeux olympiques : Paris tire un bilan économique positif",
        "Les retombées pour le tourisme dépassent les prévisions.",
        "<p>Les hôtels affichent un taux d'occupation record.</p>",
        "sport",
        60,
        topics=("Sport",),
    ),
    Story(
        "psg-om",
        "Le PSG s'impose face à l'Olympique de Marseille",
        "Une victoire trois buts à un au Parc des Princes.",
        "<p>Le classique a tenu ses promesses.</p>",
        "sport",
        3,
        topics=("Sport",),
    ),
    Story(
        "cop-fossiles",
        "COP : les pays s'accordent sur la sortie des énergies fossiles",
        "Un texte historique, mais sans calendrier contraignant.",
        "<p>Les pays producteurs de pétrole ont obtenu des délais.</p>",
        "international",
        90,
        topics=("Climat",),
    ),
    Story(
        "hopital-infirmieres",
        "L'hôpital public manque d'infirmières",
        "Des services ferment faute de personnel soignant.",
        "<p>Le ministère promet des recrutements.</p>",
        "societe",
        14,
        topics=("Santé",),
    ),
    Story(
        "cyberattaque",
        "Une cyberattaque paralyse un hôpital de Bretagne",
        "Les urgences ont dû renvoyer des patients vers d'autres établissements.",
        "<p>Les pirates réclament une rançon.</p>",
        "societe",
        2,
        topics=("Santé", "Numérique"),
    ),
    Story(
        "logement-idf",
        "Le prix des logements neufs recule en Île-de-France",
        "Les promoteurs peinent à vendre leurs programmes.",
        "<p>Les taux d'emprunt restent élevés.</p>",
        "economie",
        18,
        topics=("Logement",),
    ),
    Story(
        "agriculteurs",
        "Les agriculteurs bloquent les autoroutes",
        "Ils dénoncent les normes et la baisse de leurs revenus.",
        "<p>Des barrages ont été dressés autour de Toulouse.</p>",
        "societe",
        45,
        topics=("Agriculture",),
    ),
    Story(
        "europeennes",
        "Élections européennes : la participation en hausse",
        "Plus d'un électeur sur deux s'est déplacé.",
        "<p>Les listes écologistes reculent.</p>",
        "politique",
        100,
        topics=("Europe",),
    ),
    Story(
        "voitures-chine",
        "La Chine et l'Union européenne s'opposent sur les voitures électriques",
        "Bruxelles impose des droits de douane aux constructeurs chinois.",
        "<p>Pékin menace de représailles sur le cognac.</p>",
        "international",
        10,
        topics=("Chine", "Europe"),
    ),
    Story(
        "voitures-electriques",
        "Les ventes de voitures électriques progressent en France",
        "Une voiture neuve sur cinq est désormais électrique.",
        "<p>Le bonus écologique a été recentré sur les modèles européens.</p>",
        "economie",
        16,
        topics=("Transports",),
    ),
    Story(
        "ariane",
        "Ariane 6 réussit son premier lancement",
        "La fusée européenne a placé ses satellites en orbite.",
        "<p>Le prochain tir est prévu au printemps.</p>",
        "sciences",
        50,
    ),
    Story(
        "cannes",
        "Cannes : la Palme d'or pour un film français",
        "Le jury a salué une mise en scène audacieuse.",
        "<p>La réalisatrice a dédié son prix aux techniciens.</p>",
        "culture",
        70,
        topics=("Cinéma",),
    ),
]

# Not published: never found by readers, found by the newsroom.
DRAFT = Story(
    "brouillon-elysee",
    "Brouillon : l'Élysée prépare un remaniement",
    "Un texte que les lecteurs ne doivent pas voir.",
    "<p>Secret.</p>",
    "politique",
    0,
)

CASES = [
    # Accents and case.
    Case("elysee", ("elysee-budget", "elysee-budget-2019"), why="accents folded"),
    Case("ÉLYSÉE", ("elysee-budget", "elysee-budget-2019"), why="case folded"),
    Case("Elysée budget", ("elysee-budget",), first="elysee-budget"),
    Case("hopital", ("hopital-infirmieres", "cyberattaque")),
    Case("chomage", ("chomage",)),
    Case("eolien", ("eolien",)),
    Case("nucleaire", ("nucleaire",)),
    Case("ile-de-france logement", ("logement-idf",), first="logement-idf"),
    Case("elections europeennes", ("europeennes",), first="europeennes"),
    Case("LEFEVRE", ("senat-budget",), why="an author, accents and case folded"),
    # Stems.
    Case("investir", ("investir-bourse", "hydrogene", "ia-entreprises"), why="stem"),
    Case("investissement", ("investir-bourse", "hydrogene", "ia-entreprises")),
    Case("investit", ("investir-bourse", "hydrogene", "ia-entreprises")),
    Case("election", ("europeennes",), why="singular finds plural"),
    Case("voiture électrique", ("voitures-electriques", "voitures-chine")),
    Case("agriculteur", ("agriculteurs",)),
    Case("manifestant", ("retraites-manifestation",)),
    Case("restauration louvre", ("louvre-oeuvre",)),
    # Elisions.
    Case("l'intelligence artificielle", ("ia-entreprises", "ia-ecole", "ia-chine")),
    Case("intelligence", ("ia-entreprises", "ia-ecole", "ia-chine")),
    Case("d'IA", ("ia-entreprises", "ia-ecole", "ia-generative"), why="d' elided"),
    Case("IA", ("ia-entreprises", "ia-ecole", "ia-generative")),
    Case("qu'est-ce que l'IA générative", ("ia-generative",), first="ia-generative"),
    Case("l’éolien", ("eolien",), why="typographic apostrophe"),
    # Ligatures.
    Case("oeuvre", ("louvre-oeuvre",)),
    Case("œuvre", ("louvre-oeuvre",)),
    Case("oeufs", ("prix-oeufs",)),
    # Hyphenated words and numbers.
    Case("porte-parole", ("porte-parole",), first="porte-parole"),
    Case("parole", ("porte-parole",)),
    Case("5 milliards", ("elysee-budget",), first="elysee-budget"),
    Case("52 milliards", ("nucleaire",), first="nucleaire"),
    Case("1,9 %", ("inflation",), first="inflation"),
    Case("Ariane 6", ("ariane",), first="ariane"),
    # Phrases and exclusions.
    Case('"réforme des retraites"', ("porte-parole", "retraites-manifestation")),
    Case('"jeux olympiques"', ("jeux-olympiques",), first="jeux-olympiques"),
    Case('"Palme d\'or"', ("cannes",), first="cannes"),
    Case(
        "intelligence artificielle -chinoise",
        ("ia-entreprises", "ia-ecole"),
        absent=("ia-chine",),
        why="minus excludes",
    ),
    Case('voitures -"Union européenne"', ("voitures-electriques",), absent=("voitures-chine",)),
    Case('"budget de rigueur" -2019', ("elysee-budget",), absent=("elysee-budget-2019",)),
    # Fields and ranking.
    Case("greve sncf", ("sncf-greve",), first="sncf-greve"),
    Case("PSG Marseille", ("psg-om",), first="psg-om"),
    Case("cyberattaque hôpital bretagne", ("cyberattaque",), first="cyberattaque"),
    Case("energies fossiles", ("cop-fossiles",), first="cop-fossiles"),
    Case("inflation novembre", ("inflation",), first="inflation"),
    Case(
        "budget",
        ("elysee-budget", "senat-budget", "elysee-budget-2019", "ia-entreprises"),
        first="elysee-budget",
        why="headline and topic; this morning's story first",
    ),
    Case(
        "budget de rigueur",
        ("elysee-budget", "elysee-budget-2019"),
        first="elysee-budget",
        why="equal relevance: recency decides",
    ),
    Case("retraites", ("porte-parole", "retraites-manifestation"), first="porte-parole"),
    Case("chine", ("ia-chine", "voitures-chine"), why="headline, body and topic"),
    # Filters and sort.
    Case(
        "budget",
        ("senat-budget", "elysee-budget-2019"),
        absent=("ia-entreprises",),
        params={"rubrique": "politique"},
    ),
    Case("budget", ("elysee-budget-2019",), params={"au": "2020-01-01"}, absent=("elysee-budget",)),
    Case("budget", ("senat-budget",), params={"auteur": "hugo-lefevre"}, first="senat-budget"),
    Case(
        "énergie",
        ("hydrogene", "nucleaire", "eolien"),
        params={"sujet": "energie"},
        absent=("inflation",),
    ),
    Case(
        "retraites",
        ("retraites-manifestation", "porte-parole"),
        first="retraites-manifestation",
        params={"tri": "recents"},
    ),
    Case("remaniement", (), absent=("brouillon-elysee",), why="drafts are never found"),
]
