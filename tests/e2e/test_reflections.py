"""Flow 5: reflection prompts, descriptive hints, thanks, sharing within the host's wishes."""

from tests.people import HOST, VISITOR, book, dms_saying, open_door, run_jobs, set_up

AFTER_THE_VISIT = "2026-11-24 16:10:00"  # Tuesday 11:10, ten minutes after it ended


def prompt(stage, frozen, **door):
    set_up(stage)
    book(stage, VISITOR, open_door(stage, **door))
    run_jobs(stage, frozen, AFTER_THE_VISIT)
    (message,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=message)
    stage.settle()
    return stage.slack.modal_stack(VISITOR)[-1]


def test_judging_words_get_a_gentle_hint_and_the_author_may_keep_them(stage, frozen):
    modal = prompt(stage, frozen)
    assert "Describe, don't judge" in str(modal)
    stage.send.submit(VISITOR, {"noticed": "I liked the stations, great energy", "thanks": "Thank you!",
                                "share": ["share"]})  # fmt: skip
    hinted = stage.slack.modal_stack(VISITOR)[-1]
    assert "“i liked”" in str(hinted) and "“great”" in str(hinted)
    assert "I liked the stations" in str(hinted), "what they typed is kept"
    assert not dms_saying(stage, HOST, "says thank you"), "nothing is saved before they choose"
    stage.send.submit(VISITOR, {})
    stage.settle()
    assert "Saved and shared with the host" in str(stage.slack.modal_stack(VISITOR)[-1])
    (thanks,) = dms_saying(stage, HOST, "says thank you")
    assert "Thank you!" in thanks.plain() and "I liked the stations" in thanks.plain()


def test_a_descriptive_reflection_saves_at_once_and_stays_private_unless_shared(stage, frozen):
    prompt(stage, frozen)
    stage.send.submit(VISITOR, {"noticed": "Students rotated every 12 minutes on a timer.",
                                "thanks": "Thanks for having me"})  # fmt: skip
    stage.settle()
    assert "private to you" in str(stage.slack.modal_stack(VISITOR)[-1])
    (thanks,) = dms_saying(stage, HOST, "says thank you")
    assert "Thanks for having me" in thanks.plain()
    assert "rotated every 12 minutes" not in thanks.plain()


def test_a_host_who_asked_for_no_feedback_gets_only_the_thank_you(stage, frozen):
    modal = prompt(stage, frozen, feedback="none")
    assert "share" not in [block.get("block_id") for block in modal["blocks"]]
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer.", "thanks": "Merci"})
    stage.settle()
    (thanks,) = dms_saying(stage, HOST, "says thank you")
    assert "Merci" in thanks.plain() and "timer" not in thanks.plain()


def test_look_for_feedback_carries_wonderings_and_the_question(stage, frozen):
    prompt(stage, frozen, feedback="lookfors", look_fors="Student talk at the teacher table")
    stage.send.submit(VISITOR, {"noticed": "Students explained their steps aloud.",
                                "wondered": "How do you group them?", "question": "Can I see your tracker?",
                                "share": ["share"]})  # fmt: skip
    stage.settle()
    (shared,) = dms_saying(stage, HOST, "shared what they noticed")
    assert (
        "How do you group them?" in shared.plain() and "Can I see your tracker?" in shared.plain()
    )


def test_a_reflection_can_be_edited_and_sharing_later_reaches_the_host(stage, frozen):
    prompt(stage, frozen)
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer."})
    stage.settle()
    stage.send.close_view(VISITOR)
    (message,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=message)
    stage.settle()
    assert "Students rotated on a timer." in str(stage.slack.modal_stack(VISITOR)[-1])
    stage.send.submit(
        VISITOR, {"noticed": "Students rotated on a 12-minute timer.", "share": ["share"]}
    )
    stage.settle()
    assert dms_saying(stage, HOST, "12-minute timer")


def test_an_unanswered_prompt_gets_one_gentle_reminder_never_more(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, AFTER_THE_VISIT)
    run_jobs(stage, frozen, "2026-11-26 16:10:00")
    run_jobs(stage, frozen, "2026-12-03 16:10:00")
    assert len(dms_saying(stage, VISITOR, "No pressure")) == 1


def test_a_visit_nobody_reflected_on_is_asked_about_not_counted(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-27 15:00:00")  # Friday 10:00, three days on
    (check,) = dms_saying(stage, VISITOR, "happen?")
    stage.send.click(VISITOR, "visit_missed", message=check)
    stage.settle()
    assert "Plans change" in stage.slack.dms(VISITOR)[-1].plain() or "Plans change" in str(
        stage.slack.ephemerals(VISITOR)
    )
    run_jobs(stage, frozen, "2026-12-08 15:00:00")
    assert not dms_saying(stage, VISITOR, "Did you try it?"), (
        "no follow-up for a visit that didn't happen"
    )


def test_the_host_gets_their_own_prompt_and_can_send_a_note(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, AFTER_THE_VISIT)
    (message,) = dms_saying(stage, HOST, "Thank you for opening your door")
    stage.send.click(HOST, "open_host_reflection", message=message)
    stage.settle()
    stage.send.submit(
        HOST,
        {"hoped": "The launch routine", "note": "Come back for the debrief!", "send": ["send"]},
    )
    stage.settle()
    assert dms_saying(stage, VISITOR, "Come back for the debrief!")


def test_a_thank_you_added_when_editing_reaches_the_host(stage, frozen):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    run_jobs(stage, frozen, "2026-11-24 16:10:00")
    (prompt,) = dms_saying(stage, VISITOR, "How was your visit")
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"noticed": "Students rotated on a timer."})
    stage.settle()
    stage.send.close_view(VISITOR)
    stage.send.click(VISITOR, "open_reflection", message=prompt)
    stage.settle()
    stage.send.submit(VISITOR, {"thanks": "Thank you, I learned a lot"})
    stage.settle()
    assert dms_saying(stage, HOST, "Thank you, I learned a lot")
