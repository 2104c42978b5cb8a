# Life situations: the menu, steps, the summary card, search.

disclaimer =
    I am not Gosuslugi and not a government service, but an independent learning helper.
    I never ask for passwords, SMS codes, passport or SNILS numbers, and I never send login links. Anyone who asks for these "on behalf of Gosuslugi" is a fraudster.

welcome =
    Hello! I am "Digital Timurovets". I help you step by step with Gosuslugi, the state services portal: passports, doctor's appointments, pensions, staying safe from scams and more.

    { disclaimer }

menu-title = Choose what you need to do. You can stop at any moment and come back later.

menu-continue = ▶️ Continue: { $title }

cmd-start = Start and pick a situation

cmd-menu = List of situations

cmd-cancel = Stop the current guide

cancel-done = OK, we stopped. Everything is saved: continue from the menu whenever you like.

cancel-nothing = There is nothing to stop right now.

search-found = Here is what I found for your question. Tap the one that fits:

search-nothing = I don't know the answer to this question yet. Ask in other words or pick from the list below what I can help with. If the question is about Gosuslugi, their support can help.

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

btn-continue = ▶️ Continue

btn-restart = 🔄 Start over

resume-offer =
    You already started "{ $title }" and stopped at step { $number }: "{ $step }".
    Continue from there or start over?

scenario-changed = This guide has been updated, so we start it from the beginning.

scenario-gone = This guide no longer exists. Please choose another one.

summary-title = 📋 Summary: { $title }

summary-origin = Prepared by the "Digital Timurovets" bot. This is not Gosuslugi: it never asks for SMS codes or passwords.

summary-path = Your choices:

summary-checklist = What to prepare and do:

summary-sources = Sources (checked { $date }):

summary-below = 📋 Below is a summary card you can forward to your family.

