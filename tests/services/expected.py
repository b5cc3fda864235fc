"""Expected facts of the recorded service answers, written by reading them (and SOURCES.md's
"holds" lines, which were written from the bodies independently of kansou).

Per recording (path under ``../shared/apis``):

- ``request``: the source the service client would store it under (it names the
  anime when the answer does not);
- ``subject``: the anime the answer is about, by name (None: by id only);
- ``ids``: source ids the answer gives its anime;
- ``scores``: every site aggregate as (measure, as written, scale, votes);
- ``counts``: claims of a kind the answer holds exactly;
- ``facts``: claims that must be found: (kind, part of its payload).
"""

from __future__ import annotations

from typing import Any

EXPECTED: dict[str, dict[str, Any]] = {
    "anilist/modb-media-1-cowboy-bebop.json": {
        "subject": "Cowboy Bebop",
        "ids": {"anilist": "1"},
        # 120,712 = the sum of the 10 buckets of stats.scoreDistribution
        "scores": [("averageScore", "86", 100.0, 120712), ("meanScore", "86", 100.0, 120712)],
        "counts": {
            "cast": 6,
            "staff": 8,
            "similar": 7,
            "relation": 5,
            "studio": 1,
            "producer": 2,
            "score_distribution": 1,
            "review": 0,
        },
        "facts": [
            (
                "site_score",
                {
                    "measure": "averageScore",
                    "rank": 42,
                    "popularity": 305734,
                    "favorites": 20399,
                    "link": "https://anilist.co/anime/1",
                },
            ),
            ("cast", {"character": "Spike Spiegel", "actor": "Kouichi Yamadera", "role": "Main"}),
            ("similar", {"name": "Samurai Champloo", "votes": 1140}),
            ("studio", {"name": "Sunrise"}),
            ("relation", {"name": "Cowboy Bebop: Tengoku no Tobira", "relation": "side story"}),
            ("media_type", {"value": "TV"}),
            ("episode_count", {"value": 26}),
            ("date", {"role": "start", "date": "1998-04-03"}),
            ("status", {"value": "finished"}),
        ],
    },
    "anilist/pyanilist-media-99426.json": {
        "subject": "Sora yori mo Tooi Basho",
        "ids": {"anilist": "99426", "myanimelist": "35839"},
        "scores": [("averageScore", "84", 100.0, None), ("meanScore", "84", 100.0, None)],
        "facts": [
            (
                "site_score",
                {"measure": "averageScore", "rank": 94, "popularity": 145662, "favorites": 8352},
            ),
            ("alias", {"name": "A Place Further Than the Universe", "language": "en"}),
        ],
    },
    "anilist/modb-media-101704-cancelled-mean-only.json": {
        "subject": "Kiss and Cry",
        "ids": {"anilist": "101704"},
        "scores": [("meanScore", "50", 100.0, 6)],  # averageScore null: the mean is the headline
        "facts": [("site_score", {"measure": "meanScore", "primary": True})],
    },
    "anilist/modb-media-100081-not-yet-released-no-score.json": {
        "subject": "Zero Seiki Movie 1: Emeraldas",
        "scores": [],
        "facts": [("status", {"value": "upcoming"})],
    },
    "anilist/modb-media-10004-average-null-mean-65.json": {
        "subject": "Ago Nashi Gen to Ore Monogatari",
        "scores": [("meanScore", "65", 100.0, 8)],  # 8 votes in 5 buckets
    },
    "anilist/pyanilist-media-99426-characters.json": {
        "request": "anilist:99426 characters POST https://graphql.anilist.co",
        "subject": None,
        "ids": {"anilist": "99426"},
        "counts": {"cast": 45},  # 18 characters, 45 voice actors
        "facts": [
            (
                "cast",
                {
                    "character": "Mari Tamaki",
                    "actor": "Inori Minase",
                    "language": "Japanese",
                    "role": "Main",
                },
            )
        ],
    },
    "anilist/pyanilist-media-99426-characters-main.json": {
        "request": "anilist:99426 characters POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"cast": 12},
    },
    "anilist/pyanilist-media-99426-staff.json": {
        "request": "anilist:99426 staff POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"staff": 25},
    },
    "anilist/pyanilist-media-99426-studios.json": {
        "request": "anilist:99426 studios POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"studio": 1, "producer": 5},  # 6 studios, 1 of them main
    },
    "anilist/pyanilist-media-99426-recommendations.json": {
        "request": "anilist:99426 recommendations POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"similar": 25},
        "facts": [("similar", {"name": "Yuru Camp△", "votes": 566, "mal_id": "34798"})],
    },
    "anilist/pyanilist-media-20889-recommendations-null-rec.json": {
        "request": "anilist:20889 recommendations POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"similar": 2},  # 3 recommendations, one of them null
    },
    "anilist/pyanilist-media-16498-relations.json": {
        "request": "anilist:16498 relations POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"relation": 11},
        "facts": [
            ("relation", {"name": "Shingeki no Kyojin", "relation": "adaptation", "media": "manga"})
        ],
    },
    "anilist/pyanilist-media-99426-airing-schedule.json": {
        "request": "anilist:99426 airing POST https://graphql.anilist.co",
        "subject": None,
        "counts": {"episode": 13},
        "facts": [("episode", {"number": 1, "aired": "2018-01-02"})],
    },
    "anilist/anitrend-review-12869-node.json": {
        "subject": None,
        "counts": {"review": 1},
        "facts": [
            (
                "review",
                {
                    "author": "Groenboys",
                    "helpful": 10,
                    "headline": "This anime is absolutely insane and you should watch it",
                },
            )
        ],
        "reviews": [("82", 100.0, {})],
    },
    "anilist/anitrend-page-media-p1-perpage50.json": {
        "subject": None,
        "counts": {"listing_entry": 50},
    },
    "anilist/pyanilist-page-media-id-in-p1.json": {
        "subject": None,
        "counts": {"listing_entry": 200},
    },
    "jikan-v4/jikanpy-anime-457-mushishi.json": {
        "subject": "Mushishi",
        "ids": {"myanimelist": "457"},
        "scores": [("score", "8.67", 10.0, 260971)],
        "facts": [
            ("site_score", {"rank": 59, "popularity": 204, "members": 766612, "favorites": 25306}),
            ("episode_count", {"value": 26}),
            ("studio", {"name": "Artland"}),
            ("date", {"role": "start", "date": "2005-10-23"}),
            ("date", {"role": "end", "date": "2006-06-19"}),
            ("genre", {"name": "Seinen", "role": "demographic"}),
        ],
    },
    "jikan-v4/reactivejikan-anime-11757-sword-art-online.json": {
        "subject": "Sword Art Online",
        "ids": {"myanimelist": "11757"},
        "scores": [("score", "7.2", 10.0, 1845274)],
        "facts": [
            ("site_score", {"rank": 2897, "popularity": 5, "members": 2669774, "favorites": 62703})
        ],
    },
    "jikan-v4/jikanpy-random-anime-4012.json": {
        "subject": "First Squad",
        "scores": [("score", "5.79", 10.0, 3796)],
    },
    "jikan-v4/jikanpy-random-anime-10391.json": {
        "subject": "Kuragehime: Soreike! Amars Tankentai",
        "scores": [("score", "5.6", 10.0, 3667)],
    },
    "jikan-v3/jikanpy-anime-457-mushishi-2018.json": {
        "subject": "Mushishi",
        "scores": [("score", "8.74", 10.0, 151668)],
        "facts": [("site_score", {"rank": 39, "popularity": 117, "members": 423348})],
    },
    "jikan-v3/jikanpy-anime-457-mushishi-2020.json": {
        "subject": "Mushishi",
        "scores": [("score", "8.71", 10.0, 182575)],
        "facts": [
            ("site_score", {"rank": 42, "popularity": 143, "members": 536675, "favorites": 21157})
        ],
    },
    "jikan-v4/reactivejikan-anime-11757-statistics.json": {
        "request": "jikan:11757 statistics GET https://api.jikan.moe/v4/anime/11757/statistics",
        "subject": None,
        "ids": {"myanimelist": "11757"},
        "counts": {"score_distribution": 1, "stat": 6},
        "facts": [
            ("stat", {"name": "watching", "value": 95611}),
            ("stat", {"name": "completed", "value": 2287389}),
            ("stat", {"name": "dropped", "value": 110880}),
            ("stat", {"name": "total", "value": 2668437}),
            ("score_distribution", {"scale_max": 10.0}),
        ],
        "distribution": {"10": 274569},
    },
    "jikan-v4/reactivejikan-anime-11757-reviews.json": {
        "request": "jikan:11757 reviews GET https://api.jikan.moe/v4/anime/11757/reviews",
        "subject": None,
        "counts": {"review": 1},
        "facts": [
            (
                "review",
                {
                    "author": "USERNAME_1",
                    "helpful": 5216,
                    "episodes_seen": 25,
                    "date": "2014-04-06",
                },
            )
        ],
        "reviews": [
            (
                "4",
                10.0,
                {"story": "4", "animation": "8", "sound": "8", "characters": "1", "enjoyment": "3"},
            )
        ],
    },
    "jikan-v4/reactivejikan-reviews-anime-recent.json": {
        "subject": None,
        "counts": {"review": 1},
        "reviews": [
            (
                "9",
                10.0,
                {
                    "story": "9",
                    "animation": "10",
                    "sound": "9",
                    "characters": "10",
                    "enjoyment": "9",
                },
            )
        ],
        "subjects": ["Re:Zero kara Hajimeru Isekai Seikatsu 2nd Season Part 2"],
    },
    "jikan-v4/jikanpy-anime-457-episodes.json": {
        "request": "jikan:457 episodes GET https://api.jikan.moe/v4/anime/457/episodes",
        "subject": None,
        "counts": {"episode": 26},
        "facts": [("episode", {"number": 1, "title": "The Green Seat", "aired": "2005-10-23"})],
        "episode_scores": {1: "4.5", 2: "4.6", 3: "4.6"},
    },
    "jikan-v4/jikanpy-anime-457-episodes-1.json": {
        "subject": None,
        "counts": {"episode": 1},
        "facts": [("episode", {"number": 1, "title": "The Green Seat"})],
    },
    "jikan-v3/jikanpy-anime-457-episodes-1.json": {
        "request": "jikan:457 episodes GET https://api.jikan.moe/v3/anime/457/episodes/1",
        "subject": None,
        "counts": {"episode": 26},
    },
    "jikan-v4/reactivejikan-anime-11757-characters.json": {
        "request": "jikan:11757 characters GET https://api.jikan.moe/v4/anime/11757/characters",
        "subject": None,
        "counts": {"cast": 2},
        "facts": [
            (
                "cast",
                {
                    "character": "Kirigaya, Kazuto",
                    "actor": "Matsuoka, Yoshitsugu",
                    "language": "Japanese",
                    "role": "Main",
                },
            )
        ],
    },
    "jikan-v4/reactivejikan-anime-11757-recommendations.json": {
        "request": "jikan:11757 recommendations GET https://api.jikan.moe/v4/anime/11757/"
        "recommendations",
        "subject": None,
        "counts": {"similar": 1},
        "facts": [("similar", {"name": "Log Horizon", "votes": 174, "mal_id": "17265"})],
    },
    "jikan-v4/jikanpy-recommendations-anime-recent.json": {
        "subject": None,
        "counts": {"similar": 200},  # 100 pairs, each way
    },
    "jikan-v4/jikanpy-seasons-2018-winter.json": {
        "subject": None,
        "counts": {"listing_entry": 25},
        "facts": [("listing_entry", {"name": "Violet Evergarden"})],
    },
    "jikan-v4/jikanpy-top-anime-tv-p1.json": {
        "subject": None,
        "counts": {"listing_entry": 25},
        "facts": [
            (
                "listing_entry",
                {"name": "Fullmetal Alchemist: Brotherhood", "rank": 1, "mal_id": "5114"},
            )
        ],
    },
    "jikan-v3/jikanpy-season-2018-winter.json": {"subject": None, "counts": {"listing_entry": 256}},
    "jikan-v3/jikanpy-top-anime-1-tv.json": {"subject": None, "counts": {"listing_entry": 50}},
    "jikan-v3/jikanpy-schedule-monday.json": {"subject": None, "counts": {"listing_entry": 14}},
    "kitsu/modb-anime-1-cowboy-bebop.json": {
        "subject": "Cowboy Bebop",
        "ids": {"kitsu": "1"},
        # 82,612 = the sum of ratingFrequencies
        "scores": [("averageRating", "82.23", 100.0, 82612)],
        "counts": {"score_distribution": 1, "relation": 5},
        "facts": [
            (
                "site_score",
                {
                    "rank": 158,
                    "popularity": 44,
                    "members": 159855,
                    "favorites": 5125,
                    "link": "https://kitsu.app/anime/cowboy-bebop",
                },
            ),
            ("score_distribution", {"scale_max": 20.0}),
            ("genre", {"name": "Comedy"}),
            (
                "relation",
                {"name": "Cowboy Bebop: Knockin' on Heaven's Door", "relation": "side story"},
            ),
        ],
    },
    "kitsu/modb-anime-1415-code-geass.json": {
        "subject": "Code Geass: Lelouch of the Rebellion",
        "scores": [("averageRating", "82.28", 100.0, 110368)],
        "facts": [("site_score", {"rank": 138, "popularity": 33, "members": 182762})],
    },
    "kitsu/modb-anime-1376-death-note.json": {
        "subject": "Death Note",
        "scores": [("averageRating", "83.29", 100.0, 319240)],
    },
    "kitsu/modb-anime-44117-no-score.json": {"subject": "Fei Ren Zai 4th Season", "scores": []},
    "kitsu/modb-anime-49909-upcoming-no-ratings.json": {
        "subject": "Onmyo Kaiten Re:verse",
        "scores": [],
        "facts": [("status", {"value": "upcoming"})],
    },
    "kitsu/modb-anime-12-one-piece-current.json": {
        "subject": "One Piece",
        "scores": [("averageRating", "83.92", 100.0, 162538)],
        "facts": [("status", {"value": "airing"})],
    },
    "mal-v2/gomal-anime-967-details.json": {
        "subject": "Hokuto no Ken",
        "ids": {"myanimelist": "967"},
        "scores": [],
        "facts": [
            ("alias", {"name": "Fist of the North Star", "language": "en"}),
            ("episode_count", {"value": 109}),
            ("studio", {"name": "Toei Animation"}),
            ("episode_minutes", {"value": 25}),
            ("media_type", {"value": "TV"}),
        ],
    },
    "mal-v2/gomal-anime-ranking-airing.json": {
        "subject": None,
        "counts": {"listing_entry": 6},
        "facts": [("listing_entry", {"name": "Shingeki no Kyojin: The Final Season", "rank": 1})],
    },
    "mal-v2/gomal-anime-season-2020-fall.json": {
        "subject": None,
        "counts": {"listing_entry": 3},
        "facts": [("listing_entry", {"name": "One Piece", "mal_id": "21", "rank": 93})],
    },
    "anidb/anidbfortvdb-anime-959-fumoffu.xml": {
        "subject": "Fullmetal Panic? Fumoffu",
        "ids": {"anidb": "959", "myanimelist": "72"},
        "scores": [
            ("permanent", "8.22", 10.0, 12533),
            ("temporary", "8.55", 10.0, 12730),
            ("review", "8.29", 10.0, 21),
        ],
        # 11 regular episodes (of 15: specials and credits are not episodes), all rated;
        # 58 characters: 55 seiyuu credits and 5 characters without one
        "counts": {
            "episode": 11,
            "cast": 60,
            "similar": 5,
            "relation": 2,
            "studio": 1,
            "staff": 7,
        },
        "facts": [
            ("studio", {"name": "Kyoto Animation"}),
            ("cast", {"character": "Sagara Sousuke", "actor": "Seki Tomokazu", "role": "Main"}),
            ("similar", {"name": "School Rumble", "votes": 87}),
            ("relation", {"name": "Fullmetal Panic!", "relation": "parent story"}),
            ("episode", {"number": 1, "aired": "2003-08-26"}),
        ],
        "episode_scores": {1: "8.99", 2: "7.28"},
    },
    "anidb/anidbfortvdb-anime-1-seikai-no-monshou.xml": {
        "subject": "Seikai no Monshou",
        "ids": {"anidb": "1"},
        "scores": [
            ("permanent", "8.17", 10.0, 4303),
            ("temporary", "8.26", 10.0, 4333),
            ("review", "8.70", 10.0, 12),
        ],
        "counts": {"episode": 13, "cast": 29, "similar": 7, "relation": 3},
    },
    "anidb/anidbfortvdb-anime-10145-haikyuu.xml": {
        "subject": "Haikyuu!!",
        "scores": [
            ("permanent", "8.27", 10.0, 2196),
            ("temporary", "8.04", 10.0, 2212),
            ("review", "6.66", 10.0, 1),
        ],
        "counts": {"episode": 25, "cast": 68},
    },
    "anidb/anidbfortvdb-anime-5576-zoku-sayonara-zetsubou-sensei.xml": {
        "subject": "Zoku Sayonara Zetsubou-sensei",
        "scores": [
            ("permanent", "7.64", 10.0, 2674),
            ("temporary", "7.98", 10.0, 2694),
            ("review", "8.50", 10.0, 1),
        ],
        "counts": {"episode": 13, "cast": 34},
    },
}

#: Recordings that are not answers about an anime kansou reads (errors, a character, a
#: person, the season list, an empty page): ingesting them stores nothing.
NOTHING = (
    "anilist/pyanilist-error-404-media-not-found.json",
    "anilist/pyanilist-error-429-too-many-requests.json",
    "anilist/pyanilist-page-media-id-in-p2.json",
    "anilist/pyanilist-media-99426-airing-schedule-not-yet-aired.json",
    "jikan-v4/jikanpy-characters-425-ginko.json",
    "jikan-v4/jikanpy-people-185-kana-hanazawa.json",
    "jikan-v4/jikanpy-seasons-list.json",
    "jikan-v3/jikanpy-season-archive.json",
    "kitsu/modb-anime-49936-dead-entry-empty.json",
)
