# Coordinators: the list, invitations, revoking (/coordinators is for administrators only).

cmd-coordinators = Coordinators (administrators)
coord-admins-only = This command is for the bot's administrators only.
coord-title = <b>Coordinators</b> — teachers, librarians, volunteer leaders. They run their own groups.
coord-none = No coordinators yet.
coord-btn-invite = ➕ Invite a coordinator
coord-btn-revoke = ❌ Revoke: { $name }
coord-revoked = Coordinator rights revoked.
coord-invite =
    An invitation link for a new coordinator:
    { $link }

    Forward it to the person you invite. It works for { $days } days and only once. I show the link only now — it can't be shown again, but you can make a new one.
coord-invite-invalid = This invitation link has already been used or has expired. Ask the administrator for a new one.
coord-welcome =
    Done! You are a coordinator now.
    /groups — your groups: make a group, and students can join by its code or QR code.
