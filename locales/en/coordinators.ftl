# Coordinators: the list, invitations, revoking (/coordinators is for administrators only).

cmd-coordinators = Coordinators (administrators)
coord-admins-only = This command is for the bot's administrators only.
coord-title = <b>Coordinators</b> — teachers, librarians, volunteer leaders. They run their own groups.
coord-none = No coordinators yet.
coord-btn-invite = ➕ Invite a coordinator
coord-btn-revoke = ❌ Revoke: { $name }
coord-revoked = Coordinator rights revoked.
coord-revoke-sure =
    Revoke the coordinator rights of “{ $name }”?
    Their groups and members stay, and an administrator can look after them. “{ $name }” will no longer be able to open the groups, set quizzes or see statistics. I'll tell them in a message.
coord-btn-revoke-yes = ❌ Yes, revoke
coord-revoked-letter =
    The bot's administrator has revoked your coordinator rights.
    Your groups and their students stay, but you can no longer open the groups, set quizzes or see statistics. If this is a mistake, write to the administrator: they can invite you again.
coord-invite =
    An invitation link for a new coordinator:
    { $link }

    Forward it to the person you invite. It works for { $days } days and only once. I show the link only now — it can't be shown again, but you can make a new one.
coord-invite-invalid = This invitation link has already been used or has expired. Ask the administrator for a new one.
coord-welcome =
    Done! You are a coordinator now.
    /groups — your groups: make a group, and students can join by its code or QR code.
