# Messages the bot sends on its own (reminders, "did it work?" questions), and /settings.

btn-remind = 🔔 Remind me the day before

remind-ask = When is your visit? Type the date, for example { $example }, “tomorrow” or “on Friday”. Changed your mind? Send /cancel.

remind-not-a-date = I could not read that date. Type it like this: { $example }, “5 December” or “on Friday”. Changed your mind? /cancel.

remind-too-late = That day has come or passed already. Type the date of a future visit, for example { $example }.

remind-too-far = That is more than a year away. Type a nearer date, for example { $example }.

remind-next-year = { $day } has already passed this year. Did you mean { $meant }? If not, type another date.

remind-btn-next-year = ✅ Yes, { $meant }

remind-saved =
    Noted: your visit is on { $visit }. The reminder is planned for { $day } at { $time }.
    Times are for { $city }. You can choose another time zone in /settings.

cmd-settings = Time zone and reminders

outbox-btn-snooze = ⏰ Remind me tomorrow

outbox-btn-stop = 🔕 Don't remind me of this

outbox-stopped =
    All right, I won't send these any more: { $family }.
    You can turn them back on in /settings.

outbox-snoozed = All right, I'll remind you tomorrow, { $day }, at { $time }.

outbox-family-reminders = Visit reminders

outbox-family-followups = "Did it work?" questions

outbox-family-nudges = Homework and pledge reminders

outbox-family-digests = Summaries for coordinators

outbox-family-news-joined = Groups: who joined

outbox-family-news-homework = Groups: who did the homework

outbox-family-news-pledges = Groups: whom students helped

outbox-family-news-help = Groups: a student asked to help

outbox-city-kaliningrad = Kaliningrad

outbox-city-moscow = Moscow

outbox-city-samara = Samara

outbox-city-yekaterinburg = Yekaterinburg

outbox-city-omsk = Omsk

outbox-city-krasnoyarsk = Krasnoyarsk

outbox-city-irkutsk = Irkutsk

outbox-city-yakutsk = Yakutsk

outbox-city-vladivostok = Vladivostok

outbox-city-magadan = Magadan

outbox-city-kamchatka = Kamchatka

outbox-settings-zone = <b>Settings</b>
    Time zone: { $city } (your time now: { $time }).

outbox-settings-quiet = I never write at night: from { $start } to { $end } your time.

outbox-settings-kinds = What should I send you? Press to turn on ✅ or off 🔕:

outbox-btn-zone = 🕒 Time zone: { $city }

outbox-zones-ask = Which city has your time? Choose the one whose clock matches yours:

outbox-zone-set = Done, your time zone is saved.

outbox-visit-due =
    🔔 A reminder: you have a doctor's visit on { $day }.
    If your plans have changed, cancel the booking so that someone else can have the time.

outbox-visit-open = Open "{ $title }"

outbox-followup-ask =
    You recently went through "{ $title }".
    { $question }

outbox-followup-yes = ✅ Yes

outbox-followup-not-yet = ⏳ Not yet

outbox-followup-help = 🙋 I need help

outbox-followup-yes-said = Well done! Thank you for telling me.

outbox-followup-not-yet-said = That's all right. Whenever you are ready, the guide is waiting — you can go through it again.

outbox-followup-open = 🔄 Go through "{ $title }" again

outbox-followup-already = You have answered already, thank you!
