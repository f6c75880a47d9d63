"""Stance holders and targets found through the phrasing of news (sentences written for
these tests): a holder's own state as a target, the maker of a text, the one who urges, a
listed phrase inside the subject, a person named by a title."""

from __future__ import annotations

import pytest

from tests.test_stances import actor_stances


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a holder's own state (or its government) is a target like any other
        (
            "Opposition leader Navalny criticised the Russian government over the arrests.",
            [("NAVALNY", "RUS", "negative")],
        ),
        # the maker of a text holds what it says, as object or prepositional object
        (
            "The Security Council adopted a resolution that condemned Syria.",
            [("UNSC", "SYR", "negative")],
        ),
        (
            "The Colombian senate voted on a motion that praised Ecuador.",
            [("COLLEG", "motion", "positive"), ("COLLEG", "ECU", "positive")],
        ),
        # the one who urges others to back someone
        ("Washington urged its allies to back Kiev.", [("USA", "UKR", "positive")]),
        # "critics, including X": the listed phrase names the holder
        (
            "Critics, including several Kenyan officials, accused Uganda of stoking unrest.",
            [("KEN", "UGA", "negative")],
        ),
        # the subject of the adjective a gerund depends on
        (
            "Senator Rubio has become more aggressive in attacking Trump.",
            [("RUBIO", "TRUMP", "negative")],
        ),
        # a person's attack: a state named as the modifier of a person noun, not of troops
        ("The Kenyan envoy attacked Uganda in a speech on Monday.", [("KEN", "UGA", "negative")]),
        ("Kenyan troops attacked the Somali town.", []),
    ],
)
def test_holders_in_news_phrasing(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speaker reporting an actor's misconduct blames it; not when denied, nor violence
        ("Kiev said Moscow had violated the truce.", [("UKR", "RUS", "negative")]),
        ("Seoul argued that Tokyo had meddled in the election.", [("KOR", "JPN", "negative")]),
        ("Kiev said Moscow had not violated the truce.", []),
        ("Kiev said rebels had attacked the town.", []),
    ],
)
def test_reported_misdeeds(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # backing a hostile act is no stance toward the side it is aimed at
        (
            "Ankara welcomed the sanctions on Damascus.",
            [("TUR", "sanctions on damascus", "positive")],
        ),
        (
            "Paris backed the campaign against Damascus.",
            [("FRA", "campaign against damascus", "positive")],
        ),
        ("Ankara welcomed the decision by Damascus.", [("TUR", "SYR", "positive")]),
        # a state named as the modifier of what it does is the target
        ("The Russian efforts were welcomed by Syria.", [("SYR", "RUS", "positive")]),
        # an inquiry is no stance by itself
        ("French prosecutors are investigating the Egyptian airline.", []),
    ],
)
def test_hostile_acts_and_inquiries(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X drew criticism from Y": the one who receives the stance is its target
        ("The Hungarian plan drew sharp criticism from Berlin.", [("DEU", "HUN", "negative")]),
        ("The Kenyan proposal won praise from Uganda.", [("UGA", "KEN", "positive")]),
        # a cue without an object shares the prepositional object of its coordinated verb
        ("Erdogan praised and joked with Putin at the summit.", [("ERDOGAN", "PUTIN", "positive")]),
        # every actor of an "of X, Y and Z" phrase is a target
        (
            "Ankara criticised the findings of Berlin, Paris and Vienna.",
            [("TUR", "DEU", "negative"), ("TUR", "FRA", "negative"), ("TUR", "AUT", "negative")],
        ),
    ],
)
def test_received_stances_and_coordinated_owners(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # rebutting an actor's accusation is a stance toward the accuser, not a proposal's owner
        ("Moscow dismissed the Polish accusations on Friday.", [("RUS", "POL", "negative")]),
        ("Oslo rejected the Swedish proposal.", []),
        # an inferred stance yields to a cue between the same countries in the sentence
        (
            "Moscow rejected Kyiv's accusations and blamed Ukrainian forces for the attack.",
            [("RUS", "UKRMIL", "negative")],
        ),
        # an object pronoun stands for the nearest actor named before it, not its subject
        ("Erdogan met Putin on Monday and praised him.", [("ERDOGAN", "PUTIN", "positive")]),
        # a two-sided relation noun: the actor in apposition is the other side
        ("The minister met Tehran's ally Assad in Damascus.", [("IRN", "ASSAD", "positive")]),
        (
            "The talks were hosted by American allies Saudi Arabia and Jordan.",
            [("USA", "SAU", "positive"), ("USA", "JOR", "positive")],
        ),
        # "held X responsible"
        ("Seoul held Pyongyang responsible for the sinking.", [("KOR", "PRK", "negative")]),
    ],
)
def test_rebuttals_and_responsibility(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a transcript's "X:" speaks for "I" and "we"
        (
            "Netanyahu: I admire Angela Merkel for her courage.",
            [("NETANYAHU", "MERKEL", "positive")],
        ),
        # being unwilling to accept is refusing: no longer a weak positive
        ("Hamas is unwilling to accept Abbas's conditions.", [("HAMAS", "ABBAS", "negative")]),
        # an endorsement "for" someone
        ("The Ohio governor offered an endorsement for Trump.", [("USA", "TRUMP", "positive")]),
    ],
)
def test_transcripts_refusals_and_endorsements(nlp, text, expected):
    assert actor_stances(nlp, text) == expected


@pytest.mark.model
def test_an_actor_in_a_clause_inside_the_topic_is_not_its_target(nlp):
    found = actor_stances(nlp, "Greece is critical of the plan for the islands that Turkey claims.")
    assert found == [("GRC", "plan", "negative")]
