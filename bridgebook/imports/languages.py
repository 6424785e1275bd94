"""DfE language codes, as the Common Transfer File and MIS exports carry them, mapped to ISO.

The codes are those of the DfE Common Basic Data Set (CBDS), data item "Language"
(the school census "first language" code set and its extended four-letter variants, such
as PNJM for Panjabi (Mirpuri) or BNGS for Sylheti). Bridgebook stores ISO 639-1 codes (639-3
where there is none), as listed in ``bridgebook.people.codes.LANGUAGES``.

Only codes we are confident of are listed. ``cbds_to_iso`` tells three cases apart:

* a language Bridgebook knows ("POL" → "pl");
* a real CBDS code that says nothing about a specific language (English believed, refused,
  not obtained...) or names a language Bridgebook does not list yet ("VIE") → "", known;
* a code not in this table → ``None``, which the reader reports as a problem.
"""

from bridgebook.people.codes import LANGUAGES

BRIDGEBOOK_LANGUAGES = frozenset(code for code, _english, _own in LANGUAGES)

# CBDS code → ISO code. Four-letter codes are CBDS's extended variants of the three-letter
# code they start with.
CBDS_TO_ISO: dict[str, str] = {
    # English, and "believed to be English" (CBDS allows it where parents have not said).
    "ENG": "en", "ENB": "en",
    "POL": "pl",
    "RMN": "ro", "RMNM": "ro", "RMNR": "ro",            # Romanian; Moldovan; Romania
    "PNJ": "pa", "PNJA": "pa", "PNJG": "pa", "PNJM": "pa", "PNJP": "pa",
    "URD": "ur",
    "POR": "pt", "PORA": "pt", "PORB": "pt",            # any other; Brazil
    "SPA": "es",
    "ARA": "ar", "ARAA": "ar", "ARAG": "ar", "ARAI": "ar", "ARAM": "ar", "ARAS": "ar",
    "ARAY": "ar",
    "BNG": "bn", "BNGA": "bn", "BNGC": "bn", "BNGS": "bn",  # any other; Chittagonian; Sylheti
    "GUJ": "gu",
    "ITA": "it", "ITAA": "it", "ITAN": "it", "ITAS": "it",  # any other; Neapolitan; Sicilian
    "LIT": "lt",
    "SOM": "so",
    "TUR": "tr",
    "TAM": "ta",
    "FRN": "fr",
    # Chinese: any other, Cantonese, Hokkien, Hakka, Mandarin/Putonghua.
    "CHI": "zh", "CHIA": "zh", "CHIC": "zh", "CHIH": "zh", "CHIK": "zh", "CHIM": "zh",
    "PRS": "fa", "PRSA": "fa", "PRSD": "fa",            # Persian/Farsi; Dari
    "PAT": "ps",                                        # Pashto/Pakhto
    "KUR": "ku", "KURA": "ku", "KURM": "ku", "KURS": "ku",  # Kurmanji; Sorani
    "UKR": "uk",
    "RUS": "ru",
    "BUL": "bg",
    "HGR": "hu",
    "YOR": "yo",
    "BSL": "bsl",
    # Known CBDS languages that Bridgebook does not list yet: mapped to ISO so that adding
    # the language to LANGUAGES is all it takes to import it.
    "AFK": "af", "ALB": "sq", "AMR": "am", "ARM": "hy", "CZE": "cs",
    "DAN": "da", "DUT": "nl", "EST": "et", "FIN": "fi", "GER": "de", "GRE": "el",
    "GREA": "el", "GREC": "el", "HEB": "he", "HIN": "hi", "IGB": "ig", "JPN": "ja",
    "KOR": "ko", "LTV": "lv", "MLM": "ml", "MAR": "mr", "NEP": "ne", "NOR": "no",
    "SHO": "sn", "SLO": "sk", "SLV": "sl", "SWA": "sw", "SWE": "sv", "TEL": "te",
    "THA": "th", "TGL": "tl", "VIE": "vi", "XHO": "xh", "ZUL": "zu", "SNH": "si",
    "MKD": "mk", "GEO": "ka", "AZE": "az", "UZB": "uz", "HAU": "ha",
    "LIN": "ln", "KIN": "rw", "MLT": "mt", "ISL": "is", "CAT": "ca", "BSQ": "eu",
    "GLG": "gl", "BEL": "be", "MNG": "mn", "BMA": "my", "CAM": "km", "LAO": "lo",
}

# CBDS codes that say no specific language: not obtained, refused, believed to be other
# than English, other than English, classification pending.
CBDS_NO_LANGUAGE = frozenset({"NOT", "REF", "OTB", "OTL", "ZZZ"})


def cbds_to_iso(code: str) -> str | None:
    """The Bridgebook language for a CBDS code: an ISO code, "" when the code is real but
    gives no language Bridgebook stores, or None when the code is not one we know."""
    code = code.strip().upper()
    if code in CBDS_NO_LANGUAGE:
        return ""
    iso = CBDS_TO_ISO.get(code)
    if iso is None:
        return None
    return iso if iso in BRIDGEBOOK_LANGUAGES else ""
