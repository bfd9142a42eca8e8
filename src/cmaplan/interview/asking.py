"""The terminal front end of the interview and of the `check` picker (interview layer): questionary
prompts, folded to the terminal's width, that Esc, Ctrl-C and Ctrl-D cancel.

Imported only when a person is really asked something, so that other commands never load
questionary or prompt_toolkit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.tracking import Entry
from cmaplan.interview.flow import Answers, Ask, GoBack, Option, Question, wrap
from cmaplan.views.width import text_width


def ask_in_terminal(kb: Knowledge, today: date) -> Ask:
    """An `ask` that puts each question to the person with questionary.

    Ctrl-C and Esc raise KeyboardInterrupt, which the CLI turns into "nothing was changed".
    """
    import questionary

    def ask(question: Question, default: Any, options: tuple[Option, ...], answers: Answers) -> Any:
        back = not question.key.startswith("_save")  # the last confirmation has no way back
        if question.hint:
            questionary.print(wrap(kb.explain(question.hint), "  "), style="italic")
        # The answer is echoed after the question once given: keep room for the longest one.
        longest = max(
            (len(o.label) for o in options), default=10 if question.kind != "confirm" else 5
        )
        message = _question(question.message, longest)
        if question.kind == "confirm":
            prompt = questionary.confirm(message, default=bool(default))
            return _cancellable(prompt, back=back).unsafe_ask()
        if question.kind == "select":
            choices = [
                questionary.Choice(
                    _folded(o.label, 4),
                    value=o.value,
                    # questionary shows it after "Description: ", on the last line.
                    description=_folded(o.description, len("Description: "))
                    if o.description
                    else None,
                )
                for o in options
            ]
            start = default if any(o.value == default for o in options) else options[0].value
            prompt = questionary.select(message, choices=choices, default=start)
            return _cancellable(prompt, back=back).unsafe_ask()
        typed = default.isoformat() if isinstance(default, date) else str(default or "")
        while True:
            prompt = questionary.text(message, default=typed)
            typed = _cancellable(prompt, back=back).unsafe_ask()
            value, error = question.convert(typed, answers, today)
            if error is None:
                return value
            # The reason goes right under the answer it is about; then the question again.
            questionary.print(wrap(error, "  "), style="bold fg:ansired")

    return ask


def _question(message: str, answer: int) -> str:
    """A question folded after its "? ", its answer going on the last line when it fits there
    and on a line of its own when it does not (so that no word is split)."""
    folded = _folded(message, 2)
    last = folded.splitlines()[-1]
    start = len(last) + (2 if "\n" not in folded else 0)
    if start + 1 + answer > _width():
        return folded + "\n "
    return folded


def _width() -> int:
    return text_width(least=30, most=100)


def _folded(text: str, taken: int, hanging: str = "") -> str:
    """Text folded at word boundaries to the terminal, `taken` columns being in use before it."""
    folded = textwrap.fill(
        text,
        _width(),
        initial_indent=" " * taken,
        subsequent_indent=hanging,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return folded[taken:]


def _cancellable(prompt: Any, *, back: bool = False) -> Any:
    """Esc and Ctrl-D cancel like Ctrl-C; with `back`, Shift-Tab asks the previous question."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    cancel = KeyBindings()

    @cancel.add("escape", eager=True)
    @cancel.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if back:

        @cancel.add("s-tab", eager=True)
        def _back(event: Any) -> None:
            event.app.exit(exception=GoBack, style="class:aborting")

    prompt.application.key_bindings = merge_key_bindings(
        [prompt.application.key_bindings or KeyBindings(), cancel]
    )
    return prompt


def confirm(message: str, default: bool = True) -> bool:
    """A yes/no question in the terminal."""
    import questionary

    return bool(_cancellable(questionary.confirm(message, default=default)).unsafe_ask())


def pick(entries: Sequence[Entry]) -> list[str]:
    """The `cmaplan check` picker: space ticks, enter saves. Returns the values ticked."""
    import questionary

    choices = [
        questionary.Choice(_folded(e.label, 5, " " * 9), value=e.value, checked=e.checked)
        for e in entries
    ]
    prompt = questionary.checkbox(
        "Tick what you have done (Esc cancels):",
        choices=choices,
    )
    return list(_cancellable(prompt).unsafe_ask())
