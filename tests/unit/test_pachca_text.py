"""The text of a Pachca notification for a forum message."""

from __future__ import annotations

from thebot.domain.forum.pachca import pachca_text


def test_the_text_names_the_subject_the_sender_and_the_others() -> None:
    text = pachca_text("Maths", "Anna Petrova", ["Ivan Sokolov", "Olga Sokolova"], "See you at 5")

    assert text == "[Forum] Maths: Anna Petrova → Ivan Sokolov, Olga Sokolova: See you at 5"


def test_content_of_exactly_200_characters_is_kept_whole() -> None:
    content = "я" * 200

    assert (
        pachca_text("Physics", "Anna", ["Ivan"], content)
        == f"[Forum] Physics: Anna → Ivan: {content}"
    )


def test_longer_content_is_cut_to_200_characters_and_marked() -> None:
    content = "x" * 150 + "y" * 100

    text = pachca_text("Physics", "Anna", ["Ivan"], content)

    assert text == "[Forum] Physics: Anna → Ivan: " + "x" * 150 + "y" * 50 + "…"


def test_a_single_recipient_has_no_separator() -> None:
    assert pachca_text("Art", "Anna", ["Ivan"], "hi") == "[Forum] Art: Anna → Ivan: hi"


def test_mentions_in_a_message_ping_nobody_in_pachca() -> None:
    text = pachca_text("Art", "Anna", ["Ivan"], "@all look, <@42>")
    assert "@all" not in text
    assert "<@42>" not in text
    assert text.replace("\u2060", "") == "[Forum] Art: Anna → Ivan: @all look, <@42>"
