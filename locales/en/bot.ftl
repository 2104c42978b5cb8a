# The bot's interface texts in English. Keys (left of "=") are the same in every language; change only the text.

disclaimer =
    I am not Gosuslugi and not a government service, but an independent learning helper.
    I never ask for passwords, SMS codes, passport or SNILS numbers, and I never send login links. Anyone who asks for these "on behalf of Gosuslugi" is a fraudster.

welcome =
    Hello! I am "Digital Timurovets". I help you step by step with Gosuslugi, the state services portal: passports, doctor's appointments, pensions, staying safe from scams and more.

    { disclaimer }

menu-title = Choose what you need to do. You can stop at any moment and come back later.
menu-continue = ▶️ Continue: { $title }

help =
    <b>How to use me</b>
    Pick a situation in the menu and press the buttons under the messages. I explain what to prepare, where to click and what happens next. You can go back or stop: everything is saved.

    /menu — list of situations
    /quiz — quizzes: test yourself
    /language — change the language
    /settings — time zone and which reminders to send
    /cancel — stop the current guide
    /join — join a group with your teacher's code
    /groups — your groups (teachers: make a group, set a quiz)
    /homework — homework from your teacher
    /pledge — «Тимуровцы»: promise to help your family with Gosuslugi
    /help — this help
    /stats — statistics (for group coordinators)
    /privacy — what I keep about you; /mydata — see it; /forget — delete it

    { disclaimer }
    Official Gosuslugi support: 8 800 100-70-10 and 115 (Interior Ministry via TASS, 26.11.2025; checked 23.11.2026).

cmd-start = Start and pick a situation
cmd-menu = List of situations
cmd-help = Help and safety
cmd-language = Language / Язык
cmd-cancel = Stop the current guide

language-prompt = Выберите язык / Choose your language:
language-set = Done, we speak English now.

cancel-done = OK, we stopped. Everything is saved: continue from the menu whenever you like.
cancel-nothing = There is nothing to stop right now.

unknown-command = I don't know that command. The list of commands: /help.
search-found = Here is what I found for your question. Tap the one that fits:
search-nothing = I don't know the answer to this question yet. Ask in other words or pick from the list below what I can help with. If the question is about Gosuslugi, their support can help.
error = Sorry, something went wrong. Please try again or open /menu.

progress-exact = Step { $current } of { $total }
progress-range = Step { $current } of { $low }–{ $high }
progress-end = Last step
checklist-hint = Tick what is ready:
sources = Sources
# Shown after the title of a source that is not on an official domain (bot/content/models.py: OFFICIAL_DOMAINS).
source-news = news
reviewed = checked { $date }

btn-next = Next ➡️
btn-back = ⬅️ Back
btn-menu = 🏠 Menu
btn-continue = ▶️ Continue
btn-restart = 🔄 Start over

resume-offer =
    You already started "{ $title }" and stopped at step { $number }: "{ $step }".
    Continue from there or start over?

stale-button = This button no longer works. Here is where you are now.
scenario-changed = This guide has been updated, so we start it from the beginning.
scenario-gone = This guide no longer exists. Please choose another one.

summary-title = 📋 Summary: { $title }
summary-origin = Prepared by the "Digital Timurovets" bot. This is not Gosuslugi: it never asks for SMS codes or passwords.
summary-path = Your choices:
summary-checklist = What to prepare:
summary-sources = Sources (checked { $date }):
summary-hint = ☝️ This is a summary. You can forward it to your family: tap it and choose "Forward".

btn-remind = 🔔 Remind me the day before
remind-ask = When is your visit? Type the date in numbers, for example { $example }. Changed your mind? Send /cancel.
remind-not-a-date = I could not read that date. Type the day and month in numbers, for example { $example }. Changed your mind? /cancel.
remind-too-late = That day has come or passed already. Type the date of a future visit, for example { $example }.
remind-too-far = That is more than a year away. Type a nearer date, for example { $example }.
remind-saved =
    Noted: your visit is on { $visit }. The reminder is planned for { $day } at { $time }.
    Times are for { $city }. You can choose another time zone in /settings.
