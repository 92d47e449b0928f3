"""A small demo dataset: a few young people from the pilot's regions, in their languages."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "tremplin-demo"  # noqa: S105 - a published demo password, for trying the node

PEOPLE: list[dict[str, Any]] = [
    {
        "handle": "lea",
        "name": "Léa Martin",
        "role": "young",
        "birth": (2005, 4),
        "lang": "fr",
        "headline": "Commis de cuisine, aime le travail en équipe",
        "territory": "Lyon",
        "experiences": [
            {
                "kind": "summer_job",
                "title": "Commis de cuisine",
                "organisation": "Restaurant Le Bouchon",
                "place": "Lyon",
                "start": (2023, 7),
                "end": (2023, 8),
                "what_i_did": "J'épluchais les légumes, je préparais les entrées "
                "et je faisais la plonge pendant le service.",
                "responsibilities": "Je gérais seule la mise en place du midi.",
                "motivation": "Le rythme du service et l'ambiance de la brigade.",
                "learned": "Travailler vite et proprement, respecter l'hygiène.",
                "tags": ["cuisine", "travail en équipe", "hygiène alimentaire"],
            },
            {
                "kind": "volunteering",
                "title": "Bénévole à la banque alimentaire",
                "organisation": "Restos du cœur",
                "place": "Villeurbanne",
                "start": (2022, 11),
                "end": None,
                "what_i_did": "J'accueille les familles et je prépare les colis.",
                "responsibilities": "Je tiens le registre des distributions le samedi.",
                "motivation": "Aider les gens de mon quartier.",
                "learned": "",
                "tags": ["accueil", "bénévolat", "logistique"],
            },
        ],
    },
    {
        "handle": "jordi",
        "name": "Jordi Puig",
        "role": "young",
        "birth": (2003, 9),
        "lang": "ca",
        "headline": "Monitor de lleure i cambrer",
        "territory": "Girona",
        "experiences": [
            {
                "kind": "associative",
                "title": "Monitor de colònies",
                "organisation": "Esplai Sant Narcís",
                "place": "Girona",
                "start": (2021, 7),
                "end": (2024, 8),
                "what_i_did": "Organitzava jocs i excursions per a nens de 8 a 12 anys.",
                "responsibilities": "Era responsable d'un grup de deu nens.",
                "motivation": "M'agrada ensenyar i veure els nens créixer.",
                "learned": "Paciència i primers auxilis.",
                "tags": ["animació", "primers auxilis", "cura d'infants"],
            },
        ],
    },
    {
        "handle": "lucia",
        "name": "Lucía Fernández",
        "role": "young",
        "birth": (2004, 2),
        "lang": "es",
        "headline": "Dependienta y estudiante de comercio",
        "territory": "Palma",
        "experiences": [
            {
                "kind": "job",
                "title": "Dependienta",
                "organisation": "Tienda de ropa Marés",
                "place": "Palma",
                "start": (2023, 3),
                "end": None,
                "what_i_did": "Atiendo a los clientes, cobro en caja y repongo las estanterías.",
                "responsibilities": "Cierro la caja los sábados.",
                "motivation": "El contacto con la gente.",
                "learned": "Vender sin presionar.",
                "tags": ["atención al cliente", "ventas", "caja"],
            },
        ],
    },
    {
        "handle": "marco",
        "name": "Marco Bianchi",
        "role": "young",
        "birth": (2002, 12),
        "lang": "it",
        "headline": "Aiuto falegname",
        "territory": "Bologna",
        "experiences": [
            {
                "kind": "family",
                "title": "Aiuto nella falegnameria di famiglia",
                "organisation": "Falegnameria Bianchi",
                "place": "Bologna",
                "start": (2018, 6),
                "end": (2022, 9),
                "what_i_did": "Aiutavo mio zio a costruire mobili su misura.",
                "responsibilities": "Preparavo il legno e montavo i pezzi.",
                "motivation": "Creare qualcosa con le mani.",
                "learned": "Usare gli attrezzi in sicurezza.",
                "tags": ["falegnameria", "lavoro manuale"],
            },
        ],
    },
    {
        "handle": "ioana",
        "name": "Ioana Popescu",
        "role": "young",
        "birth": (2006, 5),
        "lang": "ro",
        "headline": "Voluntară, pasionată de fotografie",
        "territory": "București",
        "experiences": [
            {
                "kind": "artistic",
                "title": "Fotograf la festivalul școlii",
                "organisation": "Liceul Tudor Vianu",
                "place": "București",
                "start": (2024, 5),
                "end": (2024, 6),
                "what_i_did": "Am fotografiat concertele și am pregătit o expoziție.",
                "responsibilities": "Am ales fotografiile pentru afiș.",
                "motivation": "Îmi place să spun povești prin imagini.",
                "learned": "Lucrul cu termene limită.",
                "tags": ["fotografie", "organizare de evenimente"],
            },
        ],
    },
    {
        "handle": "sophie",
        "name": "Sophie Durand",
        "role": "counsellor",
        "birth": None,
        "lang": "fr",
        "headline": "Conseillère en insertion, Mission locale",
        "territory": "Lyon",
        "experiences": [],
    },
]

# One organisation with two open offers, so the offers pages have something to show.
ORGANISATION: dict[str, Any] = {
    "owner": {"handle": "karim", "name": "Karim Benali"},
    "handle": "bouchon_lyonnais",
    "name": "Restaurant Le Bouchon",
    "about": "Un bouchon lyonnais de douze couverts qui forme chaque été des jeunes "
    "du quartier, avec ou sans diplôme.",
    "language": "fr",
    "org_type": "company",
    "sector": "Restauration",
    "size": "micro",
    "place": "Lyon",
    "website": "",
    "offers": [
        {
            "title": "Commis de cuisine pour l'été",
            "description": "Mise en place, préparation des entrées et plonge pendant le "
            "service du midi, aux côtés du chef.",
            "contract_type": "seasonal",
            "hours": "30 h par semaine, du mardi au samedi",
            "tags": ["cuisine", "travail en équipe", "hygiène alimentaire"],
            "no_diploma_required": True,
        },
        {
            "title": "Serveuse ou serveur en apprentissage",
            "description": "Accueillir les clients, prendre les commandes, servir en salle. "
            "Formation au CFA de Lyon une semaine par mois.",
            "contract_type": "apprenticeship",
            "hours": "35 h par semaine",
            "tags": ["service client", "accueil"],
            "experience_instead_of_education": True,
        },
    ],
}


def load_organisation() -> bool:
    """Create the demo organisation, its owner and its offers; False if it already exists."""
    import datetime

    from django.utils import timezone

    from jobs import offers, organisations
    from node.accounts.models import User
    from node.accounts.signup import create_account
    from profiles.models import Profile

    data = ORGANISATION
    if Profile.objects.filter(handle=data["handle"], domain="").exists():
        return False
    owner = User.objects.filter(username=data["owner"]["handle"]).first()
    if owner is None:
        owner = create_account(
            {
                "username": data["owner"]["handle"],
                "email": f"{data['owner']['handle']}@example.org",
                "role": "organisation",
                "display_name": data["owner"]["name"],
            },
            DEMO_PASSWORD,
        )
    organisation = organisations.create_organisation(owner, data)
    today = timezone.localdate()
    for item in data["offers"]:
        fields = {
            "language": data["language"],
            "place": data["place"],
            "start_date": today + datetime.timedelta(days=30),
            "valid_through": today + datetime.timedelta(days=90),
            "how_to_apply": "Écrivez-nous ou passez au restaurant entre 15 h et 17 h.",
            **{k: v for k, v in item.items() if k != "tags"},
        }
        offers.publish(offers.save_offer(organisation, None, fields, item["tags"]))
    return True
