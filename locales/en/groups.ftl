# Groups: the list, making one, the group card, joining and leaving.

cmd-groups = My groups
cmd-join = Join a group with a code

groups-led = <b>Your groups</b> (members in brackets). Press one to open it:
groups-led-none = You have no groups yet. Make the first one — students join with its code or QR code.
groups-joined = <b>Groups you are in:</b>
groups-joined-line = • “{ $name }”, coordinator: { $coordinator }
groups-none =
    You are not in any group yet.
    To join, open the link from your teacher or coordinator, or send /join and the group's code.
groups-btn-open = { $name } ({ $count })
groups-btn-new = ➕ New group
groups-btn-leave = 🚪 Leave “{ $name }”
groups-btn-list = ⬅️ All groups
groups-not-allowed = This action is not available to you.
groups-not-a-member = You are not in this group.
groups-nameless = (no name)

groups-ask-name = What should the group be called? Type a name of up to { $limit } characters, e.g. “9B, school 12”. Changed your mind? /cancel.
groups-ask-rename = Type a new name for “{ $name }”, up to { $limit } characters. Changed your mind? /cancel.
groups-name-bad = A name must be 1 to { $limit } characters long. Type it again or send /cancel.
groups-created =
    The group “{ $name }” is ready.
    Join code: <b>{ $code }</b>
    Link: { $link }

    Give students the link or the code (the /join command), or show the QR code below on the classroom screen or on paper.
groups-btn-open-new = Open the group
groups-qr-caption = “{ $name }”: point a phone camera here to join the group. { $link }

groups-card-code = Join code: <b>{ $code }</b> · members: { $count }
groups-card-link = Join link: { $link }
groups-card-members = Members
groups-card-no-members = Nobody has joined yet.
groups-card-pledges = pledged to help: { $made }, went through the guide: { $walked }, confirmed: { $confirmed }, self-reported: { $reported }, overdue: { $overdue }
groups-card-homework = Homework
groups-card-no-homework = No homework yet.
groups-btn-assign = 📝 Set a quiz
groups-btn-results = 📊 Results
groups-btn-rename = ✏️ Rename
groups-btn-code = 🔑 New code
groups-btn-qr = 🖨 QR code
groups-code-sure =
    Replace the code of “{ $name }”?
    The old code and QR code will stop working: nobody can join with them any more, and a printed QR code has to be replaced with the new one. Members stay in the group.
    I'll send the new QR code right away.
groups-btn-code-yes = 🔑 Yes, replace the code
groups-poster-code = Code: { $code }
groups-poster-hint = To join the group, point your phone's camera at the QR code or send the bot /join { $code }
groups-btn-remove = 👤 Remove a member
groups-btn-close = 🗑 Close the group

groups-close-sure = Close the group “{ $name }”? Nobody will be able to join it, and it leaves the list.
groups-btn-close-yes = Yes, close the group
groups-closed = The group “{ $name }” is closed.
groups-remove-pick = Whom to remove from “{ $name }”?
groups-remove-sure = Remove { $member } from “{ $name }”?
groups-btn-remove-yes = Yes, remove
groups-leave-sure = Leave the group “{ $name }”? The coordinator will no longer see your results and pledges.
groups-btn-leave-yes = Yes, leave
groups-left = You have left “{ $name }”.

join-ask-code = Type the group's code — 6 letters and digits from your teacher or coordinator. Changed your mind? /cancel.
join-wrong-code = There is no such code. Check the letters and digits and type the code again.
join-throttled = Too many wrong codes in a row. Please try again in an hour.
join-already = You are already in “{ $name }”.
join-offer =
    You are invited to the group “{ $name }”, run by { $coordinator }.

    If you join, { $coordinator } will see:
    • your Telegram first name — “{ $me }” (or another name you type — the button “✏️ How should my teacher see me”);
    • your results in quiz homework;
    • your «Тимуровцы» pledges and whether they were confirmed.
    What you type to me, the coordinator does not see.

    Students of any age may join: the coordinator never sees your phone number or surname. If you don't know who { $coordinator } is, don't join. You can leave at any time — /groups.
join-btn-yes = ✅ Join
join-btn-name = ✏️ How should my teacher see me
join-btn-no = Not now
join-ask-name =
    How should your teacher see you?
    Type a name your teacher will know you by, e.g. “Masha K.”, up to { $limit } characters. Not your full surname, phone or address.
    Then I'll add you to the group “{ $name }” straight away. Changed your mind? /cancel.
join-name-bad = A name must be 1 to { $limit } characters long, with no links. Type it again or send /cancel.
join-named = Your teacher sees you as “{ $name }”.
join-not-now = All right, not joining. You can enter the code later — /join.
join-code-gone = This code no longer works. Ask the coordinator for a new one.
join-done =
    Done! You are in “{ $name }”.
    Homework — /homework, your groups — /groups.
