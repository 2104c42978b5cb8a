# What the bot keeps about a person, and how to see and delete it (/privacy, /mydata, /forget).

cmd-privacy = What I keep about you
cmd-mydata = See your data
cmd-forget = Delete everything about me

privacy-first-start = 🔒 What I keep about you and how to delete it: /privacy

privacy =
    🔒 <b>What I keep about you and why</b>
    • Your Telegram ID (not your phone number), first name from Telegram, language and time zone — to answer you and write at a good time.
    • Where you stopped in each guide, quiz answers, pledges, the groups you are in, scheduled reminders and the requests for help you let me pass on — to continue where you left off and remind you on time.
    • What you opened and when — for overall statistics.

    <b>Who sees what</b>
    The leader of your group (a teacher, a librarian) sees your Telegram first name (or the name you gave them when joining), your quiz and homework results in their group, and your pledges. They see overall figures (how many people opened a guide, where they stopped) only when their groups have at least { $min } people: in a smaller group the figures would point to you.
    If you press «🙋 I need help» and let me pass it on, the person who promised to help you, or your group's leader, learns which guide and which step you stopped at.
    Nobody sees the questions you type: I do not keep them. For overall statistics I note only the topic in one word (e.g. "pension"), with no name, and only the bot's administrators see it, never by group.

    <b>How long</b>
    Until you ask me to delete it. I never ask for or keep phone numbers, passport or SNILS numbers, passwords or codes.

    <b>See and delete</b>
    /mydata — everything I keep about you (a message and a file)
    /forget — delete everything about you

privacy-mydata-title = 🔒 <b>This is everything I keep about you</b>
privacy-mydata-id = • Telegram ID: { $id }
privacy-mydata-name = • First name from Telegram: { $name }
privacy-mydata-language = • Language: English
privacy-mydata-zone = • Time zone: { $zone }
privacy-mydata-zone-default = the bot's ({ $zone })
privacy-mydata-place = • { $scenario }: step "{ $step }"
privacy-mydata-count = • { $table }: { $count }
privacy-mydata-nothing = I keep nothing about you yet.
privacy-mydata-file = In detail: the file below. Delete everything: /forget
privacy-mydata-caption = All your data, a file for a computer (JSON)

# Table names for people; an unknown table is shown as it is.
privacy-table = { $table ->
    [progress] Guides you opened
    [events] Records for statistics
    [group_members] Group membership
    [groups] Groups you lead
    [coordinators] Group leader role
    [coordinator_invites] Leader invitations you made
    [quiz_attempts] Quiz attempts
    [assignments] Homework you set
    [pledges] Pledges
    [pledge_items] People you promised to help
    [outbox] Scheduled messages
    [help_requests] Requests for help you passed on
    [message_optouts] Messages you turned off
    [join_failures] Wrong group codes
    [stats_targets] Yearly goals
    [stats_members] Your results in statistics (quizzes, homework, pledges)
   *[other] { $table }
}

privacy-forget-ask =
    Delete everything I keep about you? This cannot be undone: your places in the guides, reminders, quiz answers, pledges and group memberships will be gone.
privacy-forget-groups = ⚠️ You lead { $count ->
    [one] { $count } group
   *[other] { $count } groups
}: I will hand them to an administrator or, if there is none, close them, and their members will no longer see their homework.
privacy-forget-yes = 🗑 Yes, delete everything
privacy-forget-no = No, keep it
privacy-forget-kept = OK, I deleted nothing.
privacy-forgot = Done, I deleted everything I kept about you:
privacy-forgot-nothing = Done. I kept nothing about you.
privacy-forgot-handed = • Your groups ({ $count }) were handed to the bot's administrator.
privacy-forgot-closed = • Your groups ({ $count }) were closed.
privacy-forgot-end = If you write to me again, we start from a clean slate.
