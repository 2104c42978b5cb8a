# «Тимуровцы»: pledges to help people with Gosuslugi, and invitation links.

cmd-pledge = «Тимуровцы»: help your family
pledge-intro =
    <b>«Тимуровцы»</b>: “I will help someone register on Gosuslugi or confirm their account.”
    Promise to help your family or neighbours. You will forward each of them a personal link. When they go through the guide with me and tell me it worked on Gosuslugi, your pledge is confirmed.
pledge-btn-new = 🤝 Make a pledge
pledge-due = <b>By { $date }:</b>
pledge-due-overdue = <b>By { $date }</b> (date passed):
pledge-state-confirmed = it worked on Gosuslugi, confirmed
pledge-state-walked = went through the guide, waiting to hear whether it worked on Gosuslugi
pledge-state-self = helped without the link
pledge-state-waiting = waiting
pledge-legend = ✅ — they told me it worked on Gosuslugi; 👣 — they went through the guide, waiting for their answer; ☑️ — you marked that you helped without the link; ⏳ — still waiting.
pledge-btn-link = 🔗 { $who }: link
pledge-btn-self = ✋ { $who }: helped
pledge-btn-cancel = ❌ Cancel the pledge by { $date }
pledge-cancel-sure = Cancel this pledge? Its links will stop working.
pledge-btn-cancel-yes = Yes, cancel
pledge-self-noted = Noted: you helped without the link. Thank you!
pledge-gone = This pledge no longer exists.

pledge-ask-count = How many people will you help? Choose a number.
pledge-ask-who = Who is person { $number } of { $count }? No name needed — choose who they are to you.
pledge-who-grandma = grandma
pledge-who-grandpa = grandpa
pledge-who-mum = mum
pledge-who-dad = dad
pledge-who-neighbour = neighbour
pledge-who-relative = another relative
pledge-who-acquaintance = acquaintance
pledge-ask-due = By when will you help?
pledge-btn-week = In a week
pledge-btn-month = In a month
pledge-btn-date = Type a date
pledge-ask-date = Type the date, for example 15.12, “5 December” or “in two weeks”. Changed your mind? /cancel.
pledge-date-not-a-date = I could not read that date. Type it like this: 15.12, “5 December” or “on Saturday”.
pledge-date-too-late = That day has come or passed. Type a date in the future.
pledge-date-too-far = That is more than a year away. Type a nearer date.
pledge-date-next-year = { $day } has already passed this year. Did you mean { $meant }? If not, type another date.
pledge-made =
    Thank you! You promised to help { $count ->
        [one] { $count } person
       *[other] { $count } people
    } by { $date }: { $people }.
    Below is one message for each, in the same order. Press a message and choose “Forward”. Each link works for one person.
pledge-forward =
    Hello! It's { $student }. I want to help you with Gosuslugi.
    Press the link — the «Цифровой тимуровец» bot opens. It calmly explains, step by step, how to register on Gosuslugi and confirm your account.
    The bot is not Gosuslugi: it never asks for passwords or SMS codes.
    { $link }
pledge-own-link = This is your own invitation link. Forward it to the person you help: you can't use it yourself.
pledge-invited = Hello! { $student } invited you. I'll show you step by step how to get a Gosuslugi account. Press the buttons under the messages — there's no hurry.
pledge-helped-thanks = Thank you! { $student } will learn that you made it.
pledge-confirmed = 🎉 Hooray! You helped: your { $who } says it worked on Gosuslugi. Your pledge is confirmed — thank you, timurovets!
pledge-walked =
    👣 A step forward: your { $who } has gone through the Gosuslugi guide to the end.
    The pledge is confirmed once they tell me it actually worked on Gosuslugi. If it doesn't, help them do it together.
pledge-nudge = ⏰ In 3 days, on { $date }, your «Тимуровцы» pledge is due. Still waiting for help: { $people }. Forward them the link, or mark it if you helped without it.
pledge-btn-list = My pledges
pledge-walked-told = You went through the guide to the end — { $student } will learn that.
pledge-walked-again = You went through the guide to the end again.
pledge-worked-ask = And did signing up on Gosuslugi itself work?
pledge-btn-worked-yes = ✅ Yes, it worked
pledge-btn-worked-not-yet = ⏳ Not yet
pledge-btn-worked-later = ✅ It has worked now
pledge-worked-not-yet = That's all right — it happens. When it works, press the button below. If something doesn't work, ask the person who sent you the link to help.
pledge-worked-already = You have answered already, thank you!
