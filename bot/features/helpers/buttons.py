"""Buttons of «Нужна помощь»: the person's consent to pass it on."""

from bot.core.buttons import Button


class PassOnCb(Button, prefix="e1"):
    """«Передать, что вам нужна помощь?»: `row` is the follow-up answered «Нужна помощь», `helper` the person named in
    the question (the request goes to nobody else), `yes` the answer."""

    row: int
    helper: int
    yes: bool
