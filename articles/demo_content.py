"""
Demo content for "Le Quotidien", the fictional daily the demo site shows.

Everything here is original text written for this project: the companies, people and
figures are invented. The module holds data and pure functions only (no database): the
``seed_demo`` management command turns it into rows. Images are drawn with Pillow, so the
demo needs no download and is reproducible from a seed.
"""

import io
import math
import random
from dataclasses import dataclass
from functools import partial

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw, ImageOps

from articles.body import read_also_marker

DEMO_IMAGE_SIZE = (1280, 720)


@dataclass(frozen=True)
class Palette:
    dark: str
    light: str
    accents: tuple[str, str, str]


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    position: int
    palette: Palette
    description: str


@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    role: str
    bio: str


@dataclass(frozen=True)
class ImageSpec:
    key: str
    section: str
    style: str
    credit: str
    alt_text: str
    caption: str


@dataclass(frozen=True)
class ArticleSpec:
    """
    One hand-written story. ``hours_ago`` dates it relative to the moment the command
    runs; a negative value schedules it in the future. ``updated_after_hours`` marks it
    as updated that long after publication.
    """

    title: str
    lead: str
    section: str
    image: str
    hours_ago: float
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    credit_line: str = ""
    agency: str = ""
    updated_after_hours: float | None = None
    draft: bool = False

    @property
    def is_live(self) -> bool:
        return not self.draft and self.hours_ago > 0


# fmt: off
SECTIONS = (
    SectionSpec("economie", "Économie", 1,
                Palette("#0f2742", "#2f6690", ("#f4a259", "#f4e285", "#ffffff")),
                "Conjoncture, emploi, pouvoir d'achat et finances publiques."),
    SectionSpec("intelligence-artificielle", "Intelligence artificielle", 2,
                Palette("#1b1036", "#5b2a86", ("#00d1c1", "#f7f7ff", "#ff6fb5")),
                "Les modèles, les entreprises et les règles qui façonnent l'IA."),
    SectionSpec("entreprises", "Entreprises", 3,
                Palette("#12372a", "#436850", ("#fbfada", "#adbc9f", "#f2c14e")),
                "Industrie, services, résultats et stratégies des entreprises françaises."),
    SectionSpec("politique", "Politique", 4,
                Palette("#3b0d11", "#6a1e23", ("#f5e9e2", "#2b59c3", "#e0c879")),
                "Le Parlement, le gouvernement et les décisions européennes qui pèsent sur "
                "l'économie."),
    SectionSpec("energie", "Énergie", 5,
                Palette("#0b3c49", "#1f7a8c", ("#ffd166", "#ef476f", "#f1faee")),
                "Électricité, nucléaire, renouvelables et transition énergétique."),
    SectionSpec("tech", "Tech", 6,
                Palette("#101820", "#2d3a4a", ("#4cc9f0", "#b8f35a", "#f8f9fa")),
                "Numérique, start-up, cybersécurité et plateformes."),
)

# (slug, name)
TOPICS = (
    ("inflation", "Inflation"), ("emploi", "Emploi"), ("budget", "Budget de l'État"),
    ("taux-interet", "Taux d'intérêt"), ("consommation", "Consommation"),
    ("immobilier", "Immobilier"), ("start-up", "Start-up"), ("industrie", "Industrie"),
    ("ia-generative", "IA générative"), ("semi-conducteurs", "Semi-conducteurs"),
    ("regulation-numerique", "Régulation numérique"), ("cybersecurite", "Cybersécurité"),
    ("nucleaire", "Nucléaire"), ("renouvelables", "Énergies renouvelables"),
    ("parlement", "Parlement"), ("europe", "Europe"),
    ("commerce-international", "Commerce international"), ("mobilite", "Mobilité"),
)

AUTHORS = (
    AuthorSpec("claire-vasseur", "Claire Vasseur", "Journaliste",
               "Suit la conjoncture, l'emploi et les finances publiques."),
    AuthorSpec("thomas-lemaire", "Thomas Lemaire", "Chef du service Entreprises",
               "Couvre l'industrie et les fusions-acquisitions depuis quinze ans."),
    AuthorSpec("nadia-benali", "Nadia Benali", "Journaliste",
               "Enquête sur l'intelligence artificielle et ses usages en entreprise."),
    AuthorSpec("julien-moreau", "Julien Moreau", "Correspondant à Bruxelles",
               "Raconte les coulisses des institutions européennes."),
    AuthorSpec("sophie-garnier", "Sophie Garnier", "Journaliste politique",
               "Suit l'Assemblée nationale et les négociations budgétaires."),
    AuthorSpec("antoine-roussel", "Antoine Roussel", "Journaliste",
               "Spécialiste de l'énergie, du nucléaire aux renouvelables."),
    AuthorSpec("lea-fontaine", "Léa Fontaine", "Journaliste",
               "Écrit sur les start-up, les plateformes et la cybersécurité."),
    AuthorSpec("marc-delorme", "Marc Delorme", "Éditorialiste",
               "Signe chaque semaine la chronique « Vu de la Bourse »."),
)

# (short name, name, website)
AGENCIES = (
    ("AFP", "Agence France-Presse", "https://www.afp.com/"),
    ("Reuters", "Reuters", "https://www.reuters.com/"),
    ("AP", "Associated Press", "https://apnews.com/"),
)

IMAGES = (
    ImageSpec("eco-bars", "economie", "bars", "Infographie Le Quotidien",
              "Illustration abstraite : histogramme de barres orange sur un dégradé bleu nuit.",
              "La conjoncture française, vue par le studio graphique du Quotidien."),
    ImageSpec("eco-lines", "economie", "lines", "Infographie Le Quotidien",
              "Illustration abstraite : trois courbes orange, jaune et blanche sur fond bleu "
              "quadrillé.",
              "Prix, salaires, épargne : des courbes qui ne vont pas toutes dans le même sens."),
    ImageSpec("ia-network", "intelligence-artificielle", "network", "Illustration Le Quotidien",
              "Illustration abstraite : réseau de points turquoise et roses reliés par des "
              "traits fins sur fond violet.",
              "Les modèles d'intelligence artificielle reposent sur des réseaux de neurones "
              "artificiels."),
    ImageSpec("ia-mosaic", "intelligence-artificielle", "mosaic", "Illustration Le Quotidien",
              "Illustration abstraite : mosaïque de carrés turquoise, blancs et roses plus ou "
              "moins transparents sur fond violet.",
              "Données, paramètres, puissance de calcul : les briques de l'IA."),
    ImageSpec("ent-skyline", "entreprises", "skyline", "Studio graphique Le Quotidien",
              "Illustration abstraite : silhouettes d'immeubles aux fenêtres éclairées sur un "
              "dégradé vert sapin.",
              "Sièges sociaux, usines, entrepôts : les entreprises face à un contexte incertain."),
    ImageSpec("ent-bars", "entreprises", "bars", "Infographie Le Quotidien",
              "Illustration abstraite : histogramme de barres crème, la dernière vert sauge, sur "
              "un dégradé vert sapin.",
              "Chiffre d'affaires, marges, dividendes : le partage de la valeur en question."),
    ImageSpec("pol-hemicycle", "politique", "hemicycle", "Infographie Le Quotidien",
              "Illustration abstraite : hémicycle de points crème, bleus et dorés disposés en "
              "demi-cercle sur fond bordeaux.",
              "La répartition des sièges rend chaque vote incertain."),
    ImageSpec("pol-mosaic", "politique", "mosaic", "Illustration Le Quotidien",
              "Illustration abstraite : damier de carrés crème, bleus et dorés plus ou moins "
              "transparents sur fond bordeaux.",
              "Entre Paris et Bruxelles, des arbitrages politiques sous tension."),
    ImageSpec("nrj-waves", "energie", "waves", "Illustration Le Quotidien",
              "Illustration abstraite : ondes sinusoïdales jaunes, corail et blanches sur un "
              "dégradé bleu canard.",
              "Production et consommation : le réseau électrique doit s'équilibrer à chaque "
              "instant."),
    ImageSpec("nrj-sun", "energie", "sun", "Studio graphique Le Quotidien",
              "Illustration abstraite : soleil jaune rayonnant au-dessus de collines stylisées "
              "sur fond bleu canard.",
              "Solaire, éolien, nucléaire : le mix électrique français se transforme."),
    ImageSpec("tech-circuit", "tech", "circuit", "Illustration Le Quotidien",
              "Illustration abstraite : pistes de circuit imprimé cyan et vert anis autour d'une "
              "puce, sur fond anthracite.",
              "Puces, réseaux, logiciels : l'infrastructure invisible du numérique."),
    ImageSpec("tech-network", "tech", "network", "Illustration Le Quotidien",
              "Illustration abstraite : réseau de points cyan et blancs reliés par des traits "
              "vert anis sur fond anthracite.",
              "Le numérique s'invite dans tous les gestes du quotidien."),
)

WITH_AFP = "Le Quotidien avec AFP"
NEWSROOM = "La rédaction"

ARTICLES = (
    # Économie
    ArticleSpec("L'inflation recule à 1,9 % sur un an, une première depuis trois ans",
        "La hausse des prix ralentit de nouveau, portée par la baisse des tarifs de l'énergie. "
        "Les prix alimentaires, eux, continuent de peser sur le budget des ménages modestes.",
        "economie", "eco-lines", 2.5, ("inflation", "consommation"), ("claire-vasseur",)),
    ArticleSpec("Chômage : le taux repart légèrement à la hausse au troisième trimestre",
        "Après deux ans de baisse quasi continue, le nombre de demandeurs d'emploi progresse de "
        "nouveau. Les jeunes et les intérimaires sont les premiers touchés.",
        "economie", "eco-bars", 20, ("emploi",), ("claire-vasseur",), agency="AFP"),
    ArticleSpec("Crédit immobilier : les banques desserrent enfin l'étau",
        "Les taux des prêts à l'habitat baissent pour le quatrième mois consécutif. Les "
        "courtiers observent un retour timide des primo-accédants dans les grandes villes.",
        "economie", "eco-lines", 47, ("immobilier", "taux-interet"), (), credit_line=WITH_AFP,
        agency="AFP"),
    ArticleSpec("« Vu de la Bourse » : pourquoi les marchés parient sur une baisse des taux",
        "Les investisseurs anticipent un assouplissement monétaire dans les prochains mois. Un "
        "pari qui repose sur des données encore fragiles, estime notre chroniqueur.",
        "economie", "eco-bars", 70, ("taux-interet",), ("marc-delorme",)),
    ArticleSpec("Le déficit commercial se creuse, plombé par les achats d'énergie",
        "Les importations progressent plus vite que les ventes à l'étranger. L'aéronautique et "
        "le luxe limitent la casse, mais l'agroalimentaire marque le pas.",
        "economie", "eco-bars", 110, ("commerce-international",), (), credit_line=NEWSROOM,
        agency="Reuters"),
    ArticleSpec("Pouvoir d'achat : les salaires rattrapent enfin les prix",
        "Pour la première fois depuis la flambée des prix, la hausse moyenne des salaires "
        "dépasse celle de l'inflation. Un gain encore modeste, inégalement réparti selon les "
        "secteurs.",
        "economie", "eco-lines", 160, ("inflation", "emploi", "consommation"),
        ("claire-vasseur", "marc-delorme")),
    ArticleSpec("Épargne : le Livret A continue d'attirer les Français malgré un taux en baisse",
        "La collecte reste positive pour le dixième mois d'affilée. Les ménages privilégient "
        "toujours la sécurité, au détriment des placements plus risqués.",
        "economie", "eco-bars", 215, ("taux-interet", "consommation"), (), credit_line=NEWSROOM),
    # Intelligence artificielle
    ArticleSpec("IA générative : les PME françaises passent de l'essai à la production",
        "Un an après les premiers tests, de plus en plus de petites entreprises intègrent des "
        "assistants conversationnels à leurs outils métiers. Le coût et la confidentialité des "
        "données restent les principaux freins.",
        "intelligence-artificielle", "ia-network", 0.6, ("ia-generative", "start-up"),
        ("nadia-benali",)),
    ArticleSpec("La start-up lyonnaise Axiome lève 45 millions d'euros pour ses modèles "
        "spécialisés",
        "Fondée il y a trois ans, la jeune pousse conçoit des modèles de langage compacts pour "
        "l'industrie. Elle compte doubler ses effectifs d'ici à dix-huit mois.",
        "intelligence-artificielle", "ia-mosaic", 9, ("start-up", "ia-generative"),
        ("nadia-benali", "lea-fontaine")),
    ArticleSpec("Le règlement européen sur l'IA entre dans sa phase la plus délicate",
        "Les premières obligations s'appliquent aux systèmes jugés à haut risque. À Bruxelles, "
        "les entreprises réclament des lignes directrices plus claires.",
        "intelligence-artificielle", "ia-mosaic", 28, ("regulation-numerique", "europe"),
        ("julien-moreau",), agency="Reuters"),
    ArticleSpec("À l'hôpital, l'intelligence artificielle s'invite dans la lecture des "
        "radiographies",
        "Plusieurs centres hospitaliers testent des logiciels d'aide au diagnostic. Les "
        "radiologues saluent un gain de temps, mais insistent pour garder le dernier mot.",
        "intelligence-artificielle", "ia-network", 52, ("ia-generative",), ("nadia-benali",)),
    ArticleSpec("Les centres de données, nouveaux géants de la consommation électrique",
        "L'essor des calculs d'intelligence artificielle fait bondir les besoins en électricité "
        "des hébergeurs. Les gestionnaires de réseau anticipent des raccordements records.",
        "intelligence-artificielle", "ia-mosaic", 96, ("semi-conducteurs", "renouvelables"), (),
        credit_line=WITH_AFP, agency="AFP"),
    ArticleSpec("« Nous ne remplacerons pas les traducteurs » : le pari d'une start-up bordelaise",
        "La société Lingôme mise sur une traduction automatique relue systématiquement par des "
        "professionnels. Un modèle hybride qui séduit les éditeurs juridiques.",
        "intelligence-artificielle", "ia-network", 140, ("start-up", "ia-generative"),
        ("lea-fontaine",)),
    ArticleSpec("Un salarié sur quatre utilise déjà l'IA sans l'avoir dit à son employeur",
        "Une enquête menée auprès de 3 000 actifs révèle un usage massif mais souvent discret "
        "des assistants conversationnels. Les entreprises tardent à fixer des règles.",
        "intelligence-artificielle", "ia-mosaic", 190, ("emploi", "ia-generative"),
        ("nadia-benali",)),
    # Entreprises
    ArticleSpec("Le groupe Castelrive rachète son concurrent allemand pour 1,2 milliard d'euros",
        "Le fabricant d'équipements ferroviaires devient le numéro deux européen du secteur. "
        "L'opération doit encore recevoir le feu vert des autorités de la concurrence.",
        "entreprises", "ent-skyline", 1.8, ("industrie", "europe", "mobilite"),
        ("thomas-lemaire",), agency="Reuters"),
    ArticleSpec("Automobile : l'équipementier Ferrandis annonce 600 suppressions de postes",
        "Le groupe justifie ce plan par le ralentissement des commandes de véhicules thermiques. "
        "Les syndicats dénoncent un « abandon » des sites de l'Est.",
        "entreprises", "ent-skyline", 14, ("industrie", "emploi", "mobilite"),
        ("thomas-lemaire",), credit_line=WITH_AFP, agency="AFP", updated_after_hours=3),
    ArticleSpec("La grande distribution mise sur les petites surfaces de centre-ville",
        "Face au recul des hypermarchés, les enseignes multiplient les magasins de proximité. Un "
        "modèle rentable, mais exigeant en personnel.",
        "entreprises", "ent-bars", 38, ("consommation", "immobilier"), ("claire-vasseur",)),
    ArticleSpec("Luxe : les ventes marquent le pas en Asie, l'Europe résiste",
        "Les maisons de luxe françaises publient des résultats trimestriels contrastés. Le "
        "ralentissement de la clientèle asiatique est en partie compensé par les touristes "
        "américains en Europe.",
        "entreprises", "ent-bars", 60, ("commerce-international", "consommation"), (),
        credit_line=NEWSROOM, agency="AP"),
    ArticleSpec("Cobaltis, la PME normande qui recycle les batteries de trottinettes",
        "Partie d'un atelier de douze salariés, l'entreprise traite désormais plusieurs tonnes "
        "de batteries par semaine. Elle ouvre un deuxième site près de Rouen.",
        "entreprises", "ent-bars", 100, ("industrie", "start-up", "mobilite"), ("thomas-lemaire",)),
    ArticleSpec("Transport aérien : les compagnies régionales renouent avec les bénéfices",
        "Portées par la reprise des voyages d'affaires, les petites compagnies affichent leurs "
        "premiers résultats positifs depuis cinq ans. La hausse du prix du kérosène reste une "
        "menace.",
        "entreprises", "ent-skyline", 150, ("mobilite",), (),
        credit_line="Le Quotidien avec Reuters", agency="Reuters"),
    ArticleSpec("Télétravail : les entreprises rendent des mètres carrés de bureaux",
        "Près d'un tiers des grandes entreprises ont réduit leurs surfaces depuis deux ans. Les "
        "quartiers d'affaires cherchent à se réinventer.",
        "entreprises", "ent-skyline", 205, ("immobilier", "emploi"), ("claire-vasseur",)),
    # Politique
    ArticleSpec("Budget : le gouvernement prêt à recourir au 49.3 dès la semaine prochaine",
        "Faute de majorité sur le volet recettes, l'exécutif envisage d'engager sa "
        "responsabilité. Les oppositions menacent de déposer une motion de censure.",
        "politique", "pol-hemicycle", 0.9, ("budget", "parlement"), ("sophie-garnier",),
        agency="AFP"),
    ArticleSpec("À l'Assemblée, la taxe sur les rachats d'actions adoptée contre l'avis du "
        "gouvernement",
        "Un amendement transpartisan a été voté dans la nuit à une courte majorité. Le ministère "
        "de l'Économie promet de le réécrire lors de la navette parlementaire.",
        "politique", "pol-hemicycle", 22, ("budget", "parlement"), ("sophie-garnier",),
        updated_after_hours=5),
    ArticleSpec("Les maires alertent sur l'envolée de leurs dépenses d'énergie",
        "Réunis en congrès régional, les élus locaux réclament un bouclier tarifaire prolongé. "
        "Plusieurs communes ont déjà reporté des investissements.",
        "politique", "pol-mosaic", 44, ("budget",), (), credit_line=NEWSROOM),
    ArticleSpec("Souveraineté numérique : le Sénat veut imposer des clouds européens aux "
        "administrations",
        "Une proposition de loi vise à réserver l'hébergement des données publiques sensibles à "
        "des prestataires soumis au seul droit européen. Les géants américains dénoncent une "
        "mesure discriminatoire.",
        "politique", "pol-mosaic", 75, ("regulation-numerique", "parlement", "europe"),
        ("sophie-garnier", "lea-fontaine")),
    ArticleSpec("Bruxelles veut alléger les obligations des petites entreprises",
        "La Commission européenne présente un paquet de mesures destiné à simplifier les "
        "obligations de déclaration. Les ONG craignent un recul des exigences environnementales.",
        "politique", "pol-mosaic", 120, ("europe",), ("julien-moreau",)),
    ArticleSpec("Emploi des seniors : syndicats et patronat reprennent les discussions",
        "Les partenaires sociaux se retrouvent pour une nouvelle séance de négociation. "
        "L'objectif : un accord avant la fin du trimestre sur le maintien en emploi des plus de "
        "55 ans.",
        "politique", "pol-hemicycle", 170, ("emploi",), (), credit_line=WITH_AFP, agency="AFP"),
    ArticleSpec("« Il faut une stratégie industrielle européenne » : entretien avec Hélène "
        "Marchetti",
        "La députée européenne, rapporteure du texte sur les matières premières critiques, "
        "plaide pour des achats groupés à l'échelle de l'Union.",
        "politique", "pol-mosaic", 228, ("europe", "industrie"), ("julien-moreau",)),
    # Énergie
    ArticleSpec("Nucléaire : le prototype de petit réacteur modulaire obtient son autorisation "
        "de construction",
        "Le projet, porté par un consortium d'industriels français, pourra lancer ses travaux de "
        "génie civil. La mise en service n'est pas attendue avant la prochaine décennie.",
        "energie", "nrj-sun", 5, ("nucleaire", "industrie"), ("antoine-roussel",),
        agency="Reuters"),
    ArticleSpec("Éolien en mer : le parc de la baie de Kerlanne produit ses premiers "
        "mégawattheures",
        "Les premières éoliennes du parc breton sont raccordées au réseau. À pleine puissance, "
        "il couvrira l'équivalent de la consommation de 800 000 habitants.",
        "energie", "nrj-waves", 26, ("renouvelables",), ("antoine-roussel",)),
    ArticleSpec("Tarifs de l'électricité : ce qui change pour les ménages",
        "La fin des mesures de protection et la baisse des prix de gros devraient se traduire "
        "par une facture stable, voire en léger recul. Les explications.",
        "energie", "nrj-sun", 50, ("inflation", "consommation"), (), credit_line=NEWSROOM),
    ArticleSpec("Hydrogène : Héliotrope inaugure sa première usine d'électrolyseurs",
        "Le site doit produire, à terme, un gigawatt d'équipements par an. L'entreprise reste "
        "toutefois suspendue aux aides publiques promises par l'État.",
        "energie", "nrj-waves", 88, ("industrie", "renouvelables"),
        ("antoine-roussel", "thomas-lemaire")),
    ArticleSpec("Solaire : les agriculteurs divisés sur l'essor de l'agrivoltaïsme",
        "Les panneaux installés au-dessus des cultures promettent un revenu complémentaire. Mais "
        "certains syndicats agricoles redoutent une course au foncier.",
        "energie", "nrj-sun", 130, ("renouvelables",), (), credit_line=WITH_AFP, agency="AFP"),
    ArticleSpec("Pétrole : le baril recule, la demande asiatique s'essouffle",
        "Les cours de l'or noir ont perdu près de 6 % en une semaine. Les pays producteurs "
        "pourraient décider de réduire à nouveau leur production.",
        "energie", "nrj-waves", 175, ("commerce-international",), (), credit_line=NEWSROOM,
        agency="Reuters"),
    ArticleSpec("Rénovation énergétique : les demandes d'aides repartent à la hausse",
        "Après un début d'année hésitant, les dossiers déposés par les particuliers progressent "
        "nettement. Les artisans peinent à suivre le rythme.",
        "energie", "nrj-sun", 222, ("immobilier", "renouvelables"), ("antoine-roussel",)),
    # Tech
    ArticleSpec("Cybersécurité : une vague d'attaques vise les hôpitaux de trois régions",
        "Plusieurs établissements ont dû basculer en mode dégradé après l'intrusion d'un "
        "logiciel rançonneur. Une enquête a été ouverte.",
        "tech", "tech-circuit", 0.4, ("cybersecurite",), ("lea-fontaine",), agency="AFP"),
    ArticleSpec("Semi-conducteurs : un projet d'usine à 3 milliards d'euros en Isère",
        "Un consortium européen veut y produire des puces pour l'automobile et l'industrie. Le "
        "chantier pourrait créer un millier d'emplois directs.",
        "tech", "tech-circuit", 12, ("semi-conducteurs", "industrie", "europe"),
        ("thomas-lemaire",)),
    ArticleSpec("Smartphones reconditionnés : le marché français change d'échelle",
        "Un téléphone sur cinq vendu en France est désormais reconditionné. Les acteurs du "
        "secteur appellent à mieux encadrer les garanties.",
        "tech", "tech-network", 33, ("consommation",), ("lea-fontaine",)),
    ArticleSpec("Fibre optique : la fin du cuivre s'accélère dans les campagnes",
        "Les premières communes voient leur réseau téléphonique historique débranché. Les élus "
        "s'inquiètent pour les habitants encore privés de fibre.",
        "tech", "tech-network", 66, ("regulation-numerique",), (), credit_line=NEWSROOM),
    ArticleSpec("Jeux vidéo : le studio montpelliérain Pixelune prépare son entrée en Bourse",
        "Fort du succès de son dernier titre, vendu à deux millions d'exemplaires, le studio "
        "veut lever des fonds pour financer trois nouveaux projets.",
        "tech", "tech-network", 105, ("start-up",), ("lea-fontaine",)),
    ArticleSpec("Mots de passe : pourquoi les clés d'accès vont changer nos habitudes",
        "Les principaux services en ligne généralisent l'authentification sans mot de passe. "
        "Plus simple et plus sûre, elle demande un temps d'adaptation.",
        "tech", "tech-circuit", 145, ("cybersecurite",), (), credit_line=NEWSROOM),
    ArticleSpec("Publicité ciblée : Bruxelles ouvre une enquête visant un grand réseau social",
        "La Commission soupçonne la plateforme de manquer à ses obligations de transparence. Une "
        "amende de plusieurs centaines de millions d'euros est possible.",
        "tech", "tech-circuit", 198, ("regulation-numerique", "europe"), ("julien-moreau",),
        agency="AP"),
    # Not live: two drafts and one story scheduled for later.
    ArticleSpec("Assurance chômage : ce que prévoit le projet de réforme",
        "Durée d'indemnisation, conditions d'accès, seniors : les pistes étudiées par le "
        "gouvernement avant la concertation.",
        "politique", "pol-hemicycle", 0, ("emploi", "budget"), ("sophie-garnier",), draft=True),
    ArticleSpec("Enquête : dans les coulisses de l'annotation des données",
        "Des milliers de travailleurs, souvent loin de la France, étiquettent les textes et les "
        "images qui servent à entraîner les modèles. Nous les avons rencontrés.",
        "intelligence-artificielle", "ia-network", 0, ("ia-generative", "emploi"),
        ("nadia-benali",), draft=True),
    ArticleSpec("Croissance : l'économie française a-t-elle évité le trou d'air ?",
        "Les premiers chiffres du trimestre sont attendus ce matin. Les économistes tablent sur "
        "une activité tout juste positive.",
        "economie", "eco-bars", -30, ("emploi", "consommation"), ("claire-vasseur",)),
)

# --------------------------------------------------------------------------------------
# Body text: hand-written fragments, combined per section
# --------------------------------------------------------------------------------------

SECTION_SENTENCES = {
    "economie": (
        "Les économistes interrogés par Le Quotidien jugent la tendance encourageante, mais "
        "encore fragile.",
        "Sur un an, l'écart reste important entre les ménages les plus modestes et les plus aisés.",
        "Les instituts de conjoncture tablent désormais sur une croissance de 0,9 % cette année, "
        "contre 0,7 % auparavant.",
        "Dans les grandes villes, l'effet est plus visible qu'ailleurs, notamment sur les loyers "
        "et les services.",
        "Au ministère de l'Économie, on assure que ces chiffres confirment que l'économie "
        "française « tient le choc ».",
        "Les entreprises, elles, continuent de reporter une partie de leurs investissements.",
        "La consommation des ménages, principal moteur de la croissance, reste hésitante.",
        "Les chefs d'entreprise interrogés chaque mois se montrent un peu moins pessimistes "
        "qu'en début d'année.",
        "À l'échelle de la zone euro, la France se situe dans la moyenne de ses voisins.",
        "Le taux d'épargne des Français demeure très élevé, signe d'une prudence persistante.",
        "Les prochaines données, attendues dans un mois, diront si le mouvement se confirme.",
        "Plusieurs économistes mettent en garde contre une lecture trop optimiste de ces "
        "indicateurs.",
    ),
    "intelligence-artificielle": (
        "Les modèles de langage, capables de rédiger, de résumer ou de traduire, se sont "
        "banalisés en quelques mois.",
        "Leur coût d'utilisation a fortement baissé, ce qui ouvre la porte à des usages "
        "jusqu'ici réservés aux grands groupes.",
        "Les spécialistes rappellent qu'un modèle peut produire des réponses fausses avec un "
        "aplomb déconcertant.",
        "La question de la propriété des données d'entraînement reste au cœur des débats "
        "juridiques.",
        "Les entreprises les plus avancées ont mis en place des comités internes pour encadrer "
        "ces outils.",
        "Faute de compétences en interne, beaucoup font appel à des cabinets spécialisés.",
        "Les chercheurs français, très demandés, sont courtisés par les laboratoires américains.",
        "La puissance de calcul nécessaire à l'entraînement reste concentrée entre quelques "
        "acteurs.",
        "Les syndicats réclament d'être associés au déploiement de ces outils dans les services.",
        "Des modèles plus petits, spécialisés dans un métier, gagnent du terrain face aux géants "
        "généralistes.",
        "La consommation d'énergie de ces systèmes suscite des interrogations croissantes.",
        "Le cadre européen impose désormais de documenter les risques de chaque système déployé.",
    ),
    "entreprises": (
        "La direction assure que l'opération sera financée sans augmentation de capital.",
        "En Bourse, l'action a réagi vivement à l'annonce, avant de se stabiliser en fin de "
        "séance.",
        "Les représentants du personnel demandent des garanties sur le maintien des sites "
        "français.",
        "Le chiffre d'affaires du groupe a progressé de 4 % sur les neuf premiers mois de l'année.",
        "Le carnet de commandes, lui, offre une visibilité de près de trois ans.",
        "Les analystes financiers saluent une stratégie cohérente, mais jugent le calendrier "
        "ambitieux.",
        "La concurrence asiatique, de plus en plus agressive sur les prix, pèse sur les marges.",
        "L'entreprise emploie aujourd'hui un peu plus de 2 000 personnes, dont la moitié en "
        "France.",
        "Le dirigeant mise sur l'export pour compenser un marché intérieur atone.",
        "Les fournisseurs locaux espèrent profiter de ces investissements.",
        "Une partie des bénéfices sera reversée aux actionnaires sous forme de dividende "
        "exceptionnel.",
        "Le groupe veut réduire de moitié ses émissions de carbone d'ici à la fin de la décennie.",
    ),
    "politique": (
        "Dans l'hémicycle, les débats se sont prolongés tard dans la nuit.",
        "L'exécutif ne dispose que d'une majorité relative, ce qui l'oblige à négocier texte par "
        "texte.",
        "Les oppositions dénoncent un passage en force et promettent de saisir le Conseil "
        "constitutionnel.",
        "Au sein même de la majorité, plusieurs députés ont exprimé leurs réserves.",
        "Le rapporteur défend une mesure « équilibrée et attendue par les Français ».",
        "Les sénateurs devraient réécrire une partie du dispositif lors de l'examen en commission.",
        "Le calendrier parlementaire, déjà très chargé, laisse peu de marge de manœuvre.",
        "Les associations d'élus locaux ont été reçues à Matignon en début de semaine.",
        "Un compromis pourrait être trouvé en commission mixte paritaire.",
        "Les sondages montrent une opinion partagée, mais plutôt favorable à la mesure.",
        "Le gouvernement assure que le coût pour les finances publiques restera limité.",
        "À Bruxelles, le dossier est suivi de près par les représentants des États membres.",
    ),
    "energie": (
        "La production d'électricité d'origine renouvelable a atteint un niveau record cette "
        "année.",
        "Le réseau doit être largement renforcé pour accueillir ces nouvelles capacités.",
        "Les industriels gros consommateurs d'électricité réclament de la visibilité sur les "
        "prix à long terme.",
        "Le parc nucléaire, dont la disponibilité s'est améliorée, reste la colonne vertébrale "
        "du système électrique.",
        "Des associations de riverains contestent l'implantation de certains projets.",
        "Les délais d'instruction administrative restent l'un des principaux freins au "
        "développement de la filière.",
        "Les prix de gros de l'électricité ont nettement reculé depuis le pic de la crise "
        "énergétique.",
        "Le stockage par batteries commence à jouer un rôle dans l'équilibre du réseau.",
        "La filière estime pouvoir créer plusieurs milliers d'emplois d'ici à cinq ans.",
        "L'objectif de neutralité carbone en 2050 suppose d'électrifier massivement les usages.",
        "Les importations de gaz naturel liquéfié ont diminué par rapport à l'an dernier.",
        "Les collectivités veulent profiter davantage des retombées économiques des projets.",
    ),
    "tech": (
        "Les utilisateurs n'ont, pour la plupart, rien remarqué du changement.",
        "Les experts en sécurité recommandent d'activer la double authentification sur tous les "
        "comptes sensibles.",
        "La pénurie de développeurs qualifiés continue de freiner les projets.",
        "Le marché français reste dominé par une poignée d'acteurs américains.",
        "Les associations de consommateurs réclament davantage de transparence sur l'usage des "
        "données.",
        "L'autorité de régulation a été saisie et devrait rendre son avis dans les prochaines "
        "semaines.",
        "Les jeunes pousses françaises du secteur ont levé moins de fonds que l'an dernier.",
        "Le logiciel libre gagne du terrain dans les administrations, encouragé par les pouvoirs "
        "publics.",
        "Les équipements reconditionnés séduisent une clientèle de plus en plus large.",
        "Les attaques par rançongiciel visent désormais aussi les petites structures, moins bien "
        "protégées.",
        "La 5G couvre désormais la majorité de la population, mais pas encore tout le territoire.",
        "Les géants du numérique contestent presque systématiquement les sanctions devant la "
        "justice.",
    ),
}

COMMON_SENTENCES = (
    "Contactée par Le Quotidien, la direction n'a pas souhaité faire de commentaire.",
    "Le sujet devrait revenir sur la table dans les prochaines semaines.",
    "Plusieurs acteurs du secteur appellent à la prudence.",
    "Pour l'heure, aucun calendrier précis n'a été communiqué.",
    "Le contraste avec la situation d'il y a deux ans est saisissant.",
    "Sur le terrain, la réalité est souvent plus nuancée que ne le laissent paraître les chiffres.",
    "Les premiers retours sont encourageants, selon les personnes interrogées.",
    "Reste à savoir si l'embellie sera durable.",
    "Un premier bilan sera dressé à la fin de l'année.",
    "Les spécialistes y voient un tournant, d'autres une simple parenthèse.",
    "Le dossier est suivi de près par les investisseurs.",
    "Les petites entreprises, elles, peinent à suivre le mouvement.",
    "La question divise jusqu'au sein des organisations professionnelles.",
    "Les prochaines semaines seront décisives.",
    "D'une région à l'autre, la situation varie fortement.",
    "Ce choix n'a rien d'anodin, soulignent les observateurs.",
)

SUBHEADINGS = {
    "economie": (
        "Des écarts selon les régions", "Les ménages toujours prudents",
        "Ce que disent les économistes", "Un contexte européen incertain",
        "Les prochaines échéances", "Des chiffres à nuancer",
    ),
    "intelligence-artificielle": (
        "Des usages qui se diversifient", "Le casse-tête des données",
        "Un cadre réglementaire en construction", "La bataille des talents",
        "Des coûts en forte baisse", "Les limites de la technologie",
    ),
    "entreprises": (
        "Une stratégie de croissance externe", "Les salariés inquiets",
        "Une concurrence de plus en plus vive", "Le pari de l'export", "Des marges sous pression",
        "Ce que va changer l'opération",
    ),
    "politique": (
        "Une majorité introuvable", "Les oppositions vent debout", "Le Sénat en embuscade",
        "Un calendrier serré", "Des élus locaux inquiets", "Les prochaines étapes",
    ),
    "energie": (
        "Un réseau à renforcer", "La question des prix", "Des riverains mobilisés",
        "Une filière qui recrute", "Le défi du stockage", "Un objectif de long terme",
    ),
    "tech": (
        "Des utilisateurs peu informés", "La sécurité en question",
        "Un marché dominé par quelques acteurs", "Ce que dit le régulateur",
        "Des start-up à la peine", "Les bons réflexes",
    ),
}

MINOR_HEADINGS = (
    "Les chiffres clés", "En bref", "Ce qu'il faut retenir", "Les points de vigilance",
    "Le calendrier", "Repères",
)

KEY_FACTS = {
    "economie": (
        "Inflation sur un an : 1,9 %", "Taux de chômage : 7,4 % de la population active",
        "Croissance attendue cette année : 0,9 %",
        "Taux d'épargne des ménages : 17,6 % du revenu disponible",
        "Déficit public visé : 5 % du PIB", "Salaire de base : + 2,8 % sur un an",
    ),
    "intelligence-artificielle": (
        "Entreprises utilisant l'IA : une sur cinq",
        "Fonds levés par les start-up françaises du secteur : 2 milliards d'euros",
        "Postes d'ingénieurs non pourvus : près de 15 000", "Projets passés en production : 30 %",
        "Coût d'utilisation des modèles : divisé par dix en deux ans",
        "Salariés formés : moins d'un sur trois",
    ),
    "entreprises": (
        "Chiffre d'affaires : 3,4 milliards d'euros", "Effectifs : 2 100 salariés",
        "Sites industriels en France : 7", "Part de l'export : 62 %",
        "Marge opérationnelle : 8,5 %",
        "Investissements prévus : 250 millions d'euros sur trois ans",
    ),
    "politique": (
        "Examen en séance publique : la semaine prochaine", "Amendements déposés : plus de 1 200",
        "Vote solennel : mardi", "Transmission au Sénat : sous quinze jours",
        "Commission mixte paritaire : avant la fin du mois",
        "Saisine possible du Conseil constitutionnel",
    ),
    "energie": (
        "Puissance installée : 500 mégawatts",
        "Consommation couverte : l'équivalent de 800 000 habitants",
        "Mise en service complète : dans deux ans", "Investissement : 2 milliards d'euros",
        "Emplois pendant le chantier : environ 1 000",
        "Émissions évitées : 1 million de tonnes de CO₂ par an",
    ),
    "tech": (
        "Utilisateurs concernés : plusieurs millions",
        "Signalements reçus par les autorités : + 30 % sur un an",
        "PME correctement protégées : moins d'une sur deux",
        "Délai moyen de détection d'une attaque : trois semaines",
        "Budget de cybersécurité : 8 % des dépenses informatiques",
        "Développeurs recherchés en France : 20 000",
    ),
}

# (quote, speaker)
QUOTES = {
    "economie": (
        ("Nous ne sommes pas sortis de la zone de turbulences, mais le pire est derrière nous.",
         "une économiste d'une grande banque française"),
        ("Les ménages ont le sentiment de payer plus cher pour la même chose, et ce sentiment ne "
         "disparaît pas du jour au lendemain.",
         "un sociologue de la consommation"),
        ("Les chiffres sont bons, mais ils cachent de fortes disparités.",
         "le responsable d'un institut de conjoncture"),
    ),
    "intelligence-artificielle": (
        ("L'outil ne remplace pas l'expertise, il la rend plus rapide.",
         "la directrice technique d'une start-up parisienne"),
        ("Nous avons passé plus de temps à nettoyer nos données qu'à entraîner le modèle.",
         "un ingénieur d'une entreprise industrielle"),
        ("La vraie question n'est pas technique, elle est organisationnelle.",
         "un consultant spécialisé"),
    ),
    "entreprises": (
        ("C'est une opération structurante pour les dix prochaines années.",
         "le président du directoire"),
        ("Nous demandons des engagements écrits sur l'emploi.", "un délégué syndical"),
        ("Le marché est porteur, mais la concurrence ne nous attendra pas.",
         "le directeur financier du groupe"),
    ),
    "politique": (
        ("Nous ne voterons pas un texte qui fait toujours payer les mêmes.",
         "un député de l'opposition"),
        ("Le compromis reste possible, à condition que chacun fasse un pas.",
         "une ministre, devant les journalistes"),
        ("Les communes ne peuvent plus absorber ces hausses seules.",
         "le maire d'une ville de 12 000 habitants"),
    ),
    "energie": (
        ("Chaque mois de retard dans les procédures coûte cher à la collectivité.",
         "un représentant de la filière"),
        ("Nous ne sommes pas opposés à la transition, nous demandons à être écoutés.",
         "la porte-parole d'une association de riverains"),
        ("Le réseau est le grand chantier oublié de la transition énergétique.",
         "un ingénieur spécialiste des systèmes électriques"),
    ),
    "tech": (
        ("La plupart des attaques réussissent à cause d'erreurs très simples.",
         "un expert en cybersécurité"),
        ("Les utilisateurs veulent de la simplicité, pas des discours sur la technologie.",
         "la fondatrice d'une application"),
        ("Le régulateur a enfin les moyens d'agir.", "une juriste spécialiste du numérique"),
    ),
}

# (sentence opening, path on example.org, link text)
LINKS = {
    "economie": (
        ("Le détail des chiffres figure dans", "conjoncture/note-mensuelle", "la note mensuelle"),
        ("La méthode de calcul est expliquée dans", "statistiques/methode", "un document annexe"),
    ),
    "intelligence-artificielle": (
        ("La méthodologie de l'enquête est présentée dans", "ia/enquete", "ce document"),
        ("Le texte européen peut être consulté sur", "ia/reglement", "le site de référence"),
    ),
    "entreprises": (
        ("Les engagements du groupe sont détaillés dans", "entreprises/communique",
         "son communiqué"),
        ("Les comptes annuels sont disponibles sur", "entreprises/resultats",
         "le site financier de l'entreprise"),
    ),
    "politique": (
        ("Le texte adopté est consultable sur", "parlement/texte-adopte", "le dossier législatif"),
        ("Le compte rendu des débats est publié sur", "parlement/compte-rendu",
         "le site de l'Assemblée"),
    ),
    "energie": (
        ("Les données de production sont publiées sur", "energie/production",
         "le portail du gestionnaire de réseau"),
        ("Le détail du projet figure dans", "energie/dossier-projet", "le dossier de concertation"),
    ),
    "tech": (
        ("Les recommandations officielles sont disponibles sur", "numerique/bonnes-pratiques",
         "le guide des bonnes pratiques"),
        ("La décision du régulateur peut être lue sur", "numerique/decision", "son site"),
    ),
}
# fmt: on


def compose_body(rng: random.Random, section: str, read_also: list[int]) -> str:
    """
    Build the body HTML of a demo story from the section's fragments: 5 to 8 paragraphs,
    subheadings, sometimes a quote or a list, a link and a "Lire aussi" marker for each
    id of ``read_also``. Deterministic for a given ``rng`` state.
    """
    sizes = [rng.randint(2, 3) for _ in range(rng.randint(5, 8))]
    sentences = iter(rng.sample(SECTION_SENTENCES[section] + COMMON_SENTENCES, sum(sizes)))
    paragraphs = [" ".join(next(sentences) for _ in range(size)) for size in sizes]
    opening, path, text = rng.choice(LINKS[section])
    linked = rng.randrange(2, len(paragraphs))
    paragraphs[linked] += f' {opening} <a href="https://example.org/{path}">{text}</a>.'

    headings = rng.sample(SUBHEADINGS[section], 2)
    blocks = [f"<p>{paragraphs[0]}</p>", f"<p>{paragraphs[1]}</p>"]
    if read_also:
        blocks.append(read_also_marker(read_also[0]))
    blocks += [f"<h2>{headings[0]}</h2>", f"<p>{paragraphs[2]}</p>"]
    if rng.random() < 0.5:
        quote, speaker = rng.choice(QUOTES[section])
        blocks.append(f"<blockquote><p>« {quote} »</p><p>— {speaker}</p></blockquote>")
    blocks.append(f"<p>{paragraphs[3]}</p>")
    if rng.random() < 0.5:
        items = "".join(f"<li>{fact}</li>" for fact in rng.sample(KEY_FACTS[section], 3))
        blocks += [f"<h3>{rng.choice(MINOR_HEADINGS)}</h3>", f"<ul>{items}</ul>"]
    if len(paragraphs) > 5:
        blocks.append(f"<h2>{headings[1]}</h2>")
    blocks += [f"<p>{paragraph}</p>" for paragraph in paragraphs[4:-1]]
    if len(read_also) > 1:
        blocks.append(read_also_marker(read_also[1]))
    blocks.append(f"<p>{paragraphs[-1]}</p>")
    return "\n".join(blocks)


# --------------------------------------------------------------------------------------
# Synthetic archive stories, for volume (benchmarks)
# --------------------------------------------------------------------------------------

# fmt: off
# (subject, plural)
_SUBJECTS = (
    ("Le marché du travail", False), ("Les exportations françaises", True),
    ("La filière hydrogène", False), ("Les start-up de la tech", True),
    ("Le secteur bancaire", False), ("Les collectivités locales", True),
    ("Le prix de l'électricité", False), ("Les investissements industriels", True),
    ("La consommation des ménages", False), ("Les éditeurs de logiciels", True),
    ("Le commerce de centre-ville", False), ("Les constructeurs automobiles", True),
    ("La construction de logements", False), ("Les opérateurs télécoms", True),
)
# (singular, plural)
_VERBS = (
    ("résiste", "résistent"), ("accélère", "accélèrent"), ("ralentit", "ralentissent"),
    ("se réorganise", "se réorganisent"), ("recule", "reculent"),
    ("rebondit", "rebondissent"), ("se transforme", "se transforment"),
)
# Objects never start with "le" or "les", which would contract with "à" ("au", "aux").
_CONNECTORS = ("malgré", "face à", "après", "avec")
_OBJECTS = (
    "la hausse des taux", "la concurrence asiatique", "un hiver plus doux que prévu",
    "la réforme fiscale", "l'essor de l'IA générative", "une baisse des commandes",
    "des tensions sur les prix", "la remontée de l'euro", "un nouveau plan d'investissement",
    "des règles européennes plus strictes",
)
_SOURCES = (
    "les derniers chiffres publiés", "une étude professionnelle", "les économistes interrogés",
    "plusieurs responsables du secteur", "une note de conjoncture",
)
# fmt: on


def synthetic_story(rng: random.Random, section: str) -> tuple[str, str, str]:
    """(title, lead, body) of a short archive story, grammatical but generic."""
    subject, plural = rng.choice(_SUBJECTS)
    verb = rng.choice(_VERBS)[1 if plural else 0]
    connector, obj = rng.choice(_CONNECTORS), rng.choice(_OBJECTS)
    title = f"{subject} {verb} {connector} {obj}"
    lead = (
        f"Selon {rng.choice(_SOURCES)}, {subject[0].lower()}{subject[1:]} {verb} {connector} "
        f"{obj}. {rng.choice(COMMON_SENTENCES)}"
    )
    one, two, three, four = rng.sample(SECTION_SENTENCES[section], 4)
    body = (
        f"<p>{one} {two}</p><h2>{rng.choice(SUBHEADINGS[section])}</h2>"
        f"<p>{three} {four} {rng.choice(COMMON_SENTENCES)}</p>"
    )
    return title, lead, body


# --------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------

Draw = ImageDraw.ImageDraw
Size = tuple[int, int]


def _rgba(color: str, alpha: int = 255) -> tuple[int, int, int, int]:
    red, green, blue = ImageColor.getrgb(color)[:3]
    return red, green, blue, alpha


def _dot(draw: Draw, x: float, y: float, radius: float, fill: tuple[int, ...]) -> None:
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill)


def _grid(draw: Draw, size: Size, color: str, rows: int = 5) -> None:
    width, height = size
    for row in range(1, rows):
        y = round(height * row / rows)
        draw.line([(0, y), (width, y)], fill=_rgba(color, 40), width=2)


def _bars(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    _grid(draw, size, palette.accents[2])
    count, margin, baseline = rng.randint(12, 18), width * 0.08, height * 0.86
    step, value = (width - 2 * margin) / count, rng.uniform(0.25, 0.4)
    for index in range(count):
        value = min(0.95, max(0.1, value + rng.uniform(-0.08, 0.12)))
        left, top = margin + (index + 0.15) * step, baseline - value * height * 0.7
        color = palette.accents[1] if index == count - 1 else palette.accents[0]
        draw.rectangle([left, top, left + step * 0.7, baseline], fill=_rgba(color, 225))
    draw.line([(margin, baseline), (width - margin, baseline)], fill=_rgba("#fff", 180), width=4)


def _lines(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    _grid(draw, size, palette.accents[2], rows=6)
    for column in range(1, 8):
        x = round(width * column / 8)
        draw.line([(x, 0), (x, height)], fill=_rgba(palette.accents[2], 25), width=2)
    for color in palette.accents:
        value, points = rng.uniform(0.3, 0.7), []
        for index in range(25):
            value = min(0.9, max(0.1, value + rng.uniform(-0.07, 0.08)))
            points.append((width * (0.05 + 0.9 * index / 24), height * (1 - value)))
        draw.line(points, fill=_rgba(color, 235), width=8, joint="curve")
        _dot(draw, *points[-1], 14, _rgba(color))


def _network(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    nodes = [(rng.uniform(0.05, 0.95) * width, rng.uniform(0.08, 0.92) * height) for _ in range(45)]
    for node in nodes:
        for neighbour in sorted(nodes, key=partial(math.dist, node))[1:4]:
            draw.line([node, neighbour], fill=_rgba(palette.accents[1], 90), width=3)
    for x, y in nodes:
        color = rng.choice((palette.accents[0], palette.accents[2]))
        _dot(draw, x, y, rng.uniform(6, 22), _rgba(color, 220))


def _mosaic(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cell = height // 9
    for y in range(0, height, cell):
        for x in range(0, width, cell):
            if rng.random() < 0.45:
                fill = _rgba(rng.choice(palette.accents), rng.randint(50, 220))
                draw.rectangle([x + 6, y + 6, x + cell - 6, y + cell - 6], fill=fill)


def _skyline(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    x = 0.0
    while x < width:
        wide, top = rng.uniform(70, 170), height * rng.uniform(0.25, 0.75)
        fill = _rgba(rng.choice(palette.accents[1:]), 200)
        draw.rectangle([x, top, x + wide - 8, height], fill=fill)
        for wy in range(round(top) + 20, height - 30, 42):
            for wx in range(round(x) + 14, round(x + wide) - 30, 28):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 12, wy + 20], fill=_rgba(palette.accents[0], 210))
        x += wide


def _hemicycle(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(2))
    for row in range(9):
        radius, seats = height * (0.3 + 0.06 * row), 20 + row * 5
        for seat in range(seats):
            share = seat / (seats - 1)
            group = 0 if share < cuts[0] else 1 if share < cuts[1] else 2
            angle = math.pi * (1 - share)
            x, y = width / 2 + radius * math.cos(angle), height * 0.88 - radius * math.sin(angle)
            _dot(draw, x, y, 11, _rgba(palette.accents[group]))


def _waves(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    for index in range(8):
        amplitude, wavelength = rng.uniform(0.04, 0.14) * height, rng.uniform(0.3, 0.8) * width
        phase, middle = rng.uniform(0, 2 * math.pi), height * (0.2 + 0.6 * index / 7)
        points = [
            (x, middle + amplitude * math.sin(2 * math.pi * x / wavelength + phase))
            for x in range(0, width + 16, 16)
        ]
        draw.line(points, fill=_rgba(palette.accents[index % 3], 200), width=6, joint="curve")


def _sun(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    cx, cy, radius = width * rng.uniform(0.55, 0.75), height * 0.4, height * 0.2
    for ring in (3, 2, 1):
        _dot(draw, cx, cy, radius * (1 + 0.25 * ring), _rgba(palette.accents[0], 30))
    for ray in range(24):
        cos, sin = math.cos(math.pi * ray / 12), math.sin(math.pi * ray / 12)
        start, end = radius * 1.9, radius * rng.uniform(2.3, 2.8)
        segment = [(cx + start * cos, cy + start * sin), (cx + end * cos, cy + end * sin)]
        draw.line(segment, fill=_rgba(palette.accents[0], 170), width=6)
    _dot(draw, cx, cy, radius, _rgba(palette.accents[0]))
    for layer, color in enumerate(palette.accents[1:]):
        base, phase = height * (0.72 + 0.1 * layer), rng.uniform(0, 2 * math.pi)
        hills = [(x, base + 40 * math.sin(x / 180 + phase)) for x in range(0, width + 20, 20)]
        draw.polygon([(0, height), *hills, (width, height)], fill=_rgba(color, 170))


def _circuit(draw: Draw, rng: random.Random, size: Size, palette: Palette) -> None:
    width, height = size
    for _ in range(40):
        x, y = rng.randrange(0, width, 50), rng.randrange(0, height, 50)
        points = [(x, y)]
        for _ in range(rng.randint(3, 6)):
            (dx, dy), length = rng.choice(((1, 0), (0, 1), (0, -1), (1, 1))), 50 * rng.randint(1, 4)
            x, y = x + dx * length, y + dy * length
            points.append((x, y))
        color = _rgba(rng.choice(palette.accents[:2]))
        draw.line(points, fill=color, width=5)
        for px, py in (points[0], points[-1]):
            draw.ellipse([px - 10, py - 10, px + 10, py + 10], outline=color, width=4)
    cx, cy, half = width / 2, height / 2, height * 0.16
    for pin in range(8):
        y = cy - half + (pin + 0.5) * half / 4
        draw.line(
            [(cx - half - 30, y), (cx + half + 30, y)], fill=_rgba(palette.accents[2]), width=6
        )
    chip = [cx - half, cy - half, cx + half, cy + half]
    draw.rectangle(chip, fill=_rgba(palette.dark), outline=_rgba(palette.accents[0]), width=6)


# fmt: off
_PAINTERS = {
    "bars": _bars, "lines": _lines, "network": _network, "mosaic": _mosaic, "skyline": _skyline,
    "hemicycle": _hemicycle, "waves": _waves, "sun": _sun, "circuit": _circuit,
}
# fmt: on


def draw_demo_image(
    *, style: str, palette: Palette, seed: str, size: Size = DEMO_IMAGE_SIZE
) -> bytes:
    """
    Draw an abstract illustration (a gradient and a chart-like composition in the
    section's colours) and return it as JPEG bytes. The same arguments always give the
    same picture. Shapes are drawn on one transparent layer composited once, which is
    much cheaper than blending each shape.
    """
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    gradient = PILImage.linear_gradient("L")
    if rng.random() < 0.5:
        gradient = gradient.rotate(90)
    background = ImageOps.colorize(gradient.resize(size), black=palette.dark, white=palette.light)
    layer = PILImage.new("RGBA", size, (0, 0, 0, 0))
    _PAINTERS[style](ImageDraw.Draw(layer), rng, size, palette)
    picture = PILImage.alpha_composite(background.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()
