"""The directed-sentiment scorer: parsing bracketed lines, mapping classes, counting."""

from __future__ import annotations

from pipeline.eval_dev.sentiment import Counts, actor_at, parse_line, predicted_class
from pipeline.models import ActorMention, Stance


def test_parse_line_strips_brackets_and_keeps_offsets():
    line = (
        "[Lima] sharply rebuked [the Bolivian governmen]t on Monday."
        "\tLima\tthe Bolivian governmen\t3"
    )
    pair = parse_line(line)
    assert pair.text == "Lima sharply rebuked the Bolivian government on Monday."
    assert pair.text[slice(*pair.p)] == "Lima"
    assert pair.text[slice(*pair.q)] == "the Bolivian governmen"
    assert pair.label == 3


def test_parse_line_q_before_p_and_bad_lines():
    pair = parse_line("Aides to [Ortega] say [Managua] is calm.\tManagua\tOrtega\t0")
    assert pair.text[slice(*pair.p)] == "Managua" and pair.text[slice(*pair.q)] == "Ortega"
    assert parse_line("no entities here\tA\tB\t0") is None
    assert parse_line("[A] and [B]\tA\tB\tx") is None


def _mention(actor: str, start: int, end: int) -> ActorMention:
    return ActorMention(actor, actor, actor, "GOV", "x", start, end)


def _stance(holder: str, target: str, polarity: str, score: float) -> Stance:
    return Stance(
        holder, holder, target, target, None, polarity, score, "c", "s", 0, 1, None, "none"
    )


def test_actor_at_takes_the_largest_overlap():
    mentions = [_mention("PER", 0, 4), _mention("BOL", 10, 30)]
    assert actor_at(mentions, (12, 20)) == "BOL"
    assert actor_at(mentions, (5, 9)) is None


def test_predicted_class_direction_polarity_and_strength():
    assert predicted_class([_stance("A", "B", "negative", -0.6)], "A", "B") == 3
    assert predicted_class([_stance("B", "A", "positive", 0.6)], "A", "B") == 2
    assert predicted_class([_stance("A", "B", "neutral", 0.15)], "A", "B") == 0
    both = [_stance("A", "B", "positive", 0.3), _stance("B", "A", "negative", -0.8)]
    assert predicted_class(both, "A", "B") == 4
    assert predicted_class([_stance("A", "C", "negative", -0.6)], "A", "B") == 0


def test_counts_wrong_direction_is_fp_and_fn():
    counts = Counts()
    for gold, got in [(3, 3), (3, 4), (1, 0), (0, 0), (0, 1)]:
        counts.add(gold, got)
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 2)
    assert counts.f1() == 2 / 6
    assert counts.clean() == 0.5


def test_error_classes():
    from pipeline.eval_dev.sentiment import error_class

    assert error_class(3, 3) is None and error_class(0, 0) is None
    assert error_class(3, 0) == "missed stance"
    assert error_class(3, 4) == "wrong direction"  # negative, from the other side
    assert error_class(1, 3) == "wrong polarity"
    assert error_class(0, 2) == "false stance"


def test_report_counts_errors_by_class():
    from pipeline.eval_dev.sentiment import Outcome, Pair, report

    pair = Pair("A criticised B.", (0, 1), (13, 14), 3)
    missed = Outcome(pair, "A", "B", 0, [])
    false = Outcome(
        Pair("A met B.", (0, 1), (6, 7), 0), "A", "B", 1, [_stance("A", "B", "positive", 0.6)]
    )
    text = report([missed, false], misses=1)
    assert "missed stance 1, wrong direction 0, wrong polarity 0, false stance 1" in text
    assert "[p-q got neutral] p=A q=B: A criticised B." in text
