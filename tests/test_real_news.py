"""Wire-style sentences written for eventpipe (never copied from the dev data): domestic,
one-sided and coordinated events as real news phrases them, through the trained model."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_texts

pytestmark = pytest.mark.model
DCT = date(2012, 4, 10)


def events_of(text: str, dct: date = DCT):
    return extract_texts([(text, dct)])[0].events


def test_a_military_coup_is_the_countrys_military_against_its_state():
    text = "Mali's neighbours condemned the military coup of 22 March 2012 and shut their borders."
    coup = [e for e in events_of(text) if e.trigger.startswith("coup")]
    assert [(e.source_actor, e.target_actor, e.source_sector, e.target_sector) for e in coup] == [
        ("MLIMIL", "MLI", "MIL", "GOV")
    ]
    assert coup[0].event_date == date(2012, 3, 22)


def test_a_coup_in_a_sentence_about_another_country_is_not_guessed():
    text = "Paris and Moscow traded accusations while the coup unfolded."
    assert not [e for e in events_of(text) if e.trigger.startswith("coup")]


def test_coordinated_sources_give_one_event_each():
    found = events_of("Kenya, Uganda and Tanzania closed their borders with Somalia on Friday.")
    pairs = {(e.source_actor, e.target_actor) for e in found}
    assert {("KEN", "SOM"), ("UGA", "SOM"), ("TZA", "SOM")} <= pairs


def test_an_event_with_one_side_keeps_the_other_empty():
    found = events_of("Greek and Cypriot frigates began naval exercises off Crete on Monday.")
    assert found and all(e.target_actor is None for e in found)
    assert {e.source_country for e in found} == {"GRC", "CYP"}


def test_an_undated_event_continuing_a_dated_one_takes_its_date_from_context():
    text = (
        "On 3 May 2012, Malian troops attacked rebel positions near Gao. Malian soldiers also "
        "shelled a rebel convoy.\n\nMali will hold talks with Algeria."
    )
    by_trigger = {e.trigger: e for e in events_of(text)}
    assert by_trigger["attacked"].date_basis == "explicit"
    shelled = by_trigger["shelled"]
    assert (shelled.event_date, shelled.date_basis) == (date(2012, 5, 3), "context")
    talks = [e for e in events_of(text) if "talks" in e.trigger]
    assert talks and all(e.date_basis != "context" for e in talks)  # future, next paragraph


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Italy returned two looted Etruscan statues to Greece on Thursday.",
            ("ITA", "GRC", "CONCEDE"),
        ),
        (
            "The European Commission granted Poland an extension of its budget deadline.",
            ("EU", "POL", "CONCEDE"),
        ),
        (
            "Sri Lanka's prime minister resigned after weeks of street protests.",
            ("LKA", None, "CONCEDE"),
        ),
        (
            "The Ethiopian army ceased military operations in Tigray on Monday.",
            ("ETH", None, "RETREAT"),
        ),
    ],
)
def test_giving_way_in_news_phrasing(text, wanted):
    found = {(e.source_country, e.target_country, e.event_type) for e in events_of(text)}
    assert wanted in found, found


def test_a_refusal_in_the_future_is_a_rejection_and_a_past_negation_is_not():
    refusal = events_of("Hungary will not lift its ban on Ukrainian grain, the minister said.")
    assert ("HUN", "REJECT", False) in {
        (e.source_country, e.event_type, e.negated) for e in refusal
    }
    past = events_of("Hungary did not lift its ban on Ukrainian grain in May.")
    assert ("HUN", "CONCEDE", True) in {(e.source_country, e.event_type, e.negated) for e in past}


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("Hungary opened its borders to thousands of refugees in 2015.", "AID"),
        ("Greek troops remained on alert along the border on Sunday.", "MOBILIZE"),
        ("Ghana announced a suspension of aid to Togo last week.", "SANCTION"),
        ("The Kenyan government announced a cease-fire with the rebels on Friday.", "RETREAT"),
        ("Thousands of teachers went on strike in Lagos on Monday.", "PROTEST"),
        ("Iran launched cyber warfare against Israeli banks.", "ASSAULT"),
        ("The governor lifted the state of emergency on Friday.", "CONCEDE"),
        (
            "Nigeria announced the deployment of 300 troops to Mali on a peacekeeping mission.",
            "AID",
        ),
        ("Ghana will contribute troops to the African Union force in Somalia.", "AGREE"),
        ("The Indian government has denied permission to the opposition rally.", "REJECT"),
        (
            "Bangladesh says it will not accept any Rohingya refugees fleeing the violence.",
            "REJECT",
        ),
        ("The Supreme Court quashed the orders of the electoral commission on Monday.", "REJECT"),
        ("Chilean and Peruvian marines staged joint war games off the coast in May.", "COOPERATE"),
        ("Armenian forces violated the ceasefire in Karabakh 40 times overnight.", "ASSAULT"),
        ("The Netherlands reduced development aid to Burundi by 20 million euros.", "SANCTION"),
        ("The UN withdrew its peacekeepers from southern Lebanon in 2006.", "SANCTION"),
        ("The Czech premier pledged his full support for the Libyan government.", "SUPPORT"),
        ("Abu Sayyaf pledged allegiance to ISIS in 2014.", "SUPPORT"),
        ("Chile and Peru agreed on the final text of a fisheries accord on Friday.", "SUPPORT"),
        ("The Colombian rebels handed over their weapons to the United Nations.", "RETREAT"),
        ("Rebel commanders said the fighters will lay down their weapons on Sunday.", "AGREE"),
        ("Dutch prosecutors shared evidence with their Belgian counterparts in May.", "COOPERATE"),
        # returning property, accepting demands and easing tariffs are concessions (CAMEO 08)
        ("Italy returned a looted Roman statue to Libya on Tuesday.", "CONCEDE"),
        ("Spanish customs returned two stolen icons to the Greek government.", "CONCEDE"),
        ("The Malian junta accepted the demands of the striking magistrates.", "CONCEDE"),
        ("Washington rolled back tariffs on Mexican steel in May.", "CONCEDE"),
        ("Beijing lowered tariffs on Australian barley last year.", "CONCEDE"),
        # a call-off and a failure to agree are rejections
        ("The Polish president cancelled a planned visit to Kyiv.", "REJECT"),
        ("Serbia and Kosovo failed to reach an agreement on licence plates.", "REJECT"),
        ("Israel and Hamas failed to agree on a ceasefire in Gaza.", "REJECT"),
        ("Al-Shabaab fighters held dozens of Somali villagers as human shields.", "ASSAULT"),
        ("Turkey began a new military operation against Kurdish militants in Iraq.", "ASSAULT"),
        ("The Egyptian president had lunch with the Saudi crown prince in Riyadh.", "CONSULT"),
        ("Kenyan and Ugandan ministers held discussions on the border dispute.", "CONSULT"),
        # a state's protest is an official complaint (CAMEO 114); a charge accuses
        ("The Greek foreign ministry summoned the Turkish ambassador on Friday.", "ACCUSE"),
        ("Oslo lodged a formal protest with Moscow over the airspace violation.", "ACCUSE"),
        ("A Turkish court charged the German journalist with espionage.", "ACCUSE"),
        ("Ghana sent 400 soldiers to Mali to serve in a peacekeeping force.", "AID"),
        ("A Kenyan court found the former minister guilty of corruption.", "ACCUSE"),
        ("The senator launched a scathing attack on the Nigerian government.", "ACCUSE"),
        # blockades, sieges and captures are ASSAULT, as the PLV annotations of PLOVER have them
        ("Saudi Arabia imposed a naval blockade on Yemeni ports in November.", "ASSAULT"),
        ("Rebel fighters captured the town of Kidal on Sunday.", "ASSAULT"),
        # pressing or ordering someone to act is a demand
        ("Kenyan police have been pressuring the dockworkers to call off the strike.", "REQUEST"),
        ("A Thai court has ordered Thaksin Shinawatra to appear for questioning.", "REQUEST"),
        ("The EU says a military intervention in Venezuela must be avoided.", "REQUEST"),
        # a proper-noun modifier between the nationality and the agent: "Sri Lankan Tamil rebels"
        ("Sri Lankan Tamil rebels said they will release two captured soldiers.", "AGREE"),
        # criticism offered and sanctions urged condemn; observers and fighting an epidemic help
        ("The Danish envoy offered sharp criticism of the Hungarian government.", "ACCUSE"),
        ("Lithuanian lawmakers called for sanctions against the Belarusian regime.", "ACCUSE"),
        ("The African Union deployed election observers in Malawi last month.", "AID"),
        ("Cuba sent doctors to fight the cholera outbreak in Haiti.", "AID"),
        # the press curbed; ground and ships seized by force; goods seized are confiscated
        ("Moroccan authorities suspended publication of the largest newspaper.", "COERCE"),
        ("The Nigerian army seized control of the town from the rebels.", "ASSAULT"),
        ("Iranian commandos seized a British-flagged tanker in the Gulf of Oman.", "ASSAULT"),
        ("Kenyan police seized two tonnes of cocaine at the port of Mombasa.", "COERCE"),
        ("Authorities in Pakistan have imposed a curfew in parts of the northwest.", "COERCE"),
        # torture is an assault; who died after it underwent it
        ("Syrian security forces tortured dozens of detained protesters in Homs.", "ASSAULT"),
        ("An Egyptian activist died in prison after torture, his family said.", "ASSAULT"),
        # the subject of "is/remains (one of) the largest donor(s)" gives the aid
        ("Japan remains the largest single donor of humanitarian aid in Yemen.", "AID"),
        ("Norway is one of the biggest donors to the Palestinian Authority.", "AID"),
        ("Russia became the main supplier of weapons to Ethiopia.", "AID"),
        # deadlines given threaten; honours endorse; suspended links sanction
        (
            "The Swedish government gave Tehran a Friday deadline to release the diplomat.",
            "THREATEN",
        ),
        ("Estonia has awarded its highest medal to the Finnish president.", "SUPPORT"),
        (
            "Lima announced a suspension of flights with four countries in South America.",
            "SANCTION",
        ),
        # ready or willing to contribute, send or provide help is an offer (AGREE)
        (
            "Brazil is willing to contribute expertise to the African Union force in Somalia.",
            "AGREE",
        ),
        ("Portugal is ready to contribute more to UN peacekeeping missions in Africa.", "AGREE"),
        (
            "Norway is willing to provide its technical expertise to the Sudanese government.",
            "AGREE",
        ),
        ("Greece is sending an army platoon to Cyprus as part of a UN peacekeeping force.", "AID"),
        (
            "The Turkish army said it had beefed up its presence along the border with Syria.",
            "MOBILIZE",
        ),
    ],
)
def test_phrases_of_the_wire(text, wanted):
    assert wanted in {e.event_type for e in events_of(text) if not e.negated}


@pytest.mark.parametrize(
    "text, not_wanted",
    [
        ("The Kenyan president vowed to fight corruption in the police.", "ASSAULT"),
        ("Warsaw and Vilnius reinforced their ties with a new defence pact.", "MOBILIZE"),
        ("Lithuanian lawmakers called for sanctions against the Belarusian regime.", "REQUEST"),
    ],
)
def test_words_that_only_look_like_an_attack_or_a_call(text, not_wanted):
    assert not_wanted not in {e.event_type for e in events_of(text) if not e.negated}


def test_who_died_after_torture_is_its_target():
    (event,) = events_of("An Egyptian activist died in prison after torture, his family said.")
    assert (event.event_type, event.target_country, event.source_actor) == (
        "ASSAULT",
        "EGY",
        None,
    )


def test_a_month_and_day_is_a_date_not_an_armed_group():
    events = events_of("Greek protesters rallied in Athens on May 15 against the labour law.")
    assert [(e.source_actor, e.target_actor) for e in events] == [("GRCOPP", None)]
    assert events[0].event_date == date(2011, 5, 15)  # past tense: the May before April 2012


def test_they_in_what_a_group_says_is_the_group():
    (event,) = [
        e for e in events_of("Kurdish rebels said that they will free two Turkish soldiers.")
    ]
    assert (event.source_actor, event.target_actor, event.event_type) == (
        "KURDS",
        "TURMIL",
        "AGREE",
    )


def test_returning_fire_or_coming_home_is_no_concession():
    assert not events_of("Ethiopian troops returned fire near the border.")
    assert not events_of("The Kenyan ministers returned home from Addis Ababa.")


def test_an_order_to_the_own_forces_keeps_their_act():
    kinds = {
        e.event_type for e in events_of("Putin ordered the Russian army to withdraw from Kherson.")
    }
    assert "RETREAT" in kinds and "REQUEST" not in kinds


def test_a_military_attack_stays_an_assault():
    kinds = {e.event_type for e in events_of("Russian jets launched an attack on Idlib.")}
    assert kinds == {"ASSAULT"}
