from pveplan.core.i18n import build_multilingual, content_language, pick, texts_of


def test_pick_prefers_the_wanted_language() -> None:
    shown = pick({"ar": "خطة", "en": "Plan"}, "ar")
    assert (shown.text, shown.language, shown.is_fallback) == ("خطة", "ar", False)


def test_pick_falls_back_to_english_and_says_so() -> None:
    shown = pick({"ar": "خطة", "en": "Plan"}, "ru")
    assert (shown.text, shown.language, shown.is_fallback) == ("Plan", "en", True)


def test_pick_falls_back_to_the_original_when_english_is_missing() -> None:
    shown = pick({"fr": "Plan national", "ru": "План"}, "zh", original="ru")
    assert (shown.text, shown.language) == ("План", "ru")


def test_unknown_language_codes_become_english() -> None:
    assert content_language("de") == "en"
    assert content_language("zh-hans") == "zh"
    assert content_language("ar") == "ar"


def test_the_original_language_is_marked_original_and_others_translated() -> None:
    stored = build_multilingual({"ar": "خطة", "en": "Plan", "fr": " "}, "ar")
    assert stored == {
        "ar": {"text": "خطة", "provenance": "original"},
        "en": {"text": "Plan", "provenance": "translated"},
    }
    assert texts_of(stored) == {"ar": "خطة", "en": "Plan"}


def test_an_unchanged_verified_translation_stays_verified() -> None:
    previous = {
        "ar": {"text": "خطة", "provenance": "original"},
        "en": {"text": "Plan", "provenance": "verified"},
    }
    assert (
        build_multilingual({"ar": "خطة", "en": "Plan"}, "ar", previous)["en"]["provenance"]
        == "verified"
    )
    assert (
        build_multilingual({"ar": "خطة", "en": "The plan"}, "ar", previous)["en"]["provenance"]
        == "translated"
    )
